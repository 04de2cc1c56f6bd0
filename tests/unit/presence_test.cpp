// Presence on a fake clock: aggregation over connections, the offline grace, coalescing of
// flaps inside one flush, chosen defaults, and what is stored.
#include "chat/presence.hpp"

#include <gtest/gtest.h>

#include "chat_fixture.hpp"

namespace parley::chat {
namespace {

namespace json = boost::json;

class PresenceTest : public ::testing::Test, public testing::ChatFixture {
 protected:
  PresenceTest() : alice(user("alice")) { watch(bus::kLoggedSubject); }

  // The statusCodes of alice's user-status events so far.
  std::vector<int64_t> codes() {
    std::vector<int64_t> out;
    for (const auto& e : recorder.on(bus::kLoggedSubject, "user-status")) {
      const auto& entry = e.at("args").at(0).as_array();
      if (entry.at(0) == json::value(alice.id)) out.push_back(entry.at(2).as_int64());
    }
    return out;
  }

  store::UserRecord alice;
};

TEST_F(PresenceTest, OnlineWhileAnyConnectionIsAwayOnlyWhenAllAre) {
  presence.connected(alice, "c1");
  presence.connected(alice, "c2");
  EXPECT_EQ(presence.flush(), 1u);
  presence.set_away(alice.id, "c1", true);
  EXPECT_EQ(presence.flush(), 0u) << "c2 is still online";
  presence.set_away(alice.id, "c2", true);
  EXPECT_EQ(presence.flush(), 1u);
  presence.set_away(alice.id, "c1", false);
  EXPECT_EQ(presence.flush(), 1u);
  EXPECT_EQ(codes(), (std::vector<int64_t>{1, 2, 1}));

  auto event = recorder.on(bus::kLoggedSubject, "user-status").back();
  EXPECT_EQ(event.at("stream"), "notify-logged");
  const auto& entry = event.at("args").at(0).as_array();
  EXPECT_EQ(entry.at(1), "alice");
  EXPECT_EQ(entry.at(4), json::value(alice.name));
  EXPECT_TRUE(entry.at(5).is_array());
  auto presence_events = recorder.on(bus::kLoggedSubject, alice.id);
  ASSERT_EQ(presence_events.size(), 3u);
  EXPECT_EQ(presence_events.back().at("stream"), "user-presence");
  EXPECT_EQ(presence_events.back().at("args").at(0), (json::array{"alice", 1, ""}));
}

// Presence_broadcast_disabled (chat/presence.hpp): statuses are still worked out and stored,
// and the user's own sessions still hear theirs (userData), but nothing goes to anyone else.
TEST_F(PresenceTest, WithBroadcastOffStatusesAreStoredButNotBroadcast) {
  watch(bus::user_subject(alice.id));
  presence.set_broadcast(false);
  EXPECT_FALSE(presence.broadcasting());
  presence.connected(alice, "c1");
  EXPECT_EQ(presence.flush(), 1u);
  EXPECT_EQ(db.store().user_by_id(alice.id)->status, "online");
  EXPECT_EQ(presence.status_of(alice.id), "online");
  EXPECT_TRUE(codes().empty());
  EXPECT_TRUE(recorder.on(bus::kLoggedSubject, alice.id).empty()) << "no user-presence event";
  EXPECT_EQ(recorder.on(bus::user_subject(alice.id), alice.id + "/userData").size(), 1u);

  // Back on: later changes are broadcast again; the one made while off is not replayed.
  presence.set_broadcast(true);
  EXPECT_EQ(presence.flush(), 0u);
  EXPECT_TRUE(codes().empty());
  presence.set_away(alice.id, "c1", true);
  EXPECT_EQ(presence.flush(), 1u);
  EXPECT_EQ(codes(), (std::vector<int64_t>{2}));
  EXPECT_EQ(recorder.on(bus::kLoggedSubject, alice.id).size(), 1u);
}

TEST_F(PresenceTest, AReloadInsideTheGraceSendsNothingAndTheLastCloseGoesOfflineAfterIt) {
  presence.connected(alice, "c1");
  presence.flush();
  presence.disconnected(alice.id, "c1");
  clock.advance_ms(1'000);
  EXPECT_EQ(presence.flush(), 0u);
  presence.connected(alice, "c2");  // the reload
  clock.advance_ms(10'000);
  EXPECT_EQ(presence.flush(), 0u);
  EXPECT_EQ(codes(), (std::vector<int64_t>{1}));

  presence.disconnected(alice.id, "c2");
  clock.advance_ms(4'999);
  EXPECT_EQ(presence.flush(), 0u);
  clock.advance_ms(1);
  EXPECT_EQ(presence.flush(), 1u);
  EXPECT_EQ(codes(), (std::vector<int64_t>{1, 0}));
  EXPECT_EQ(db.store().user_by_id(alice.id)->status, "offline");
}

TEST_F(PresenceTest, CountsFollowWhatWasPublished) {
  auto bob = user("bob");
  presence.connected(alice, "c1");
  presence.connected(bob, "c2");
  ASSERT_TRUE(presence.set_default(bob, "busy", std::nullopt));
  presence.flush();
  auto c = presence.counts();
  EXPECT_EQ(c.online, 1);
  EXPECT_EQ(c.busy, 1);
  EXPECT_EQ(c.away, 0);
  EXPECT_EQ(c.connected_users, 2);
  presence.set_away(alice.id, "c1", true);
  presence.disconnected(bob.id, "c2");
  clock.advance_ms(6'000);
  presence.flush();
  c = presence.counts();
  EXPECT_EQ(c.online, 0);
  EXPECT_EQ(c.away, 1);
  EXPECT_EQ(c.busy, 0);
  EXPECT_EQ(c.connected_users, 1);
}

TEST_F(PresenceTest, AFlapInsideOneFlushIsCoalescedAway) {
  presence.connected(alice, "c1");
  presence.flush();
  presence.set_away(alice.id, "c1", true);
  presence.set_away(alice.id, "c1", false);
  presence.set_away(alice.id, "c1", true);
  presence.set_away(alice.id, "c1", false);
  EXPECT_EQ(presence.flush(), 0u);
  EXPECT_EQ(codes(), (std::vector<int64_t>{1}));
}

TEST_F(PresenceTest, AQuietConnectionGoesIdleAwayAndComesBackOnItsNextCall) {
  presence.set_idle_after_ms(300'000);
  presence.connected(alice, "bot");
  presence.flush();
  clock.advance_ms(299'000);
  presence.flush();
  EXPECT_EQ(presence.status_of(alice.id), "online");
  presence.active(alice.id, "bot");  // resets the idle clock
  clock.advance_ms(299'000);
  presence.flush();
  EXPECT_EQ(presence.status_of(alice.id), "online");
  clock.advance_ms(1'000);
  EXPECT_EQ(presence.flush(), 1u);
  EXPECT_EQ(presence.status_of(alice.id), "away");
  EXPECT_EQ(presence.connection_status(alice.id), "away");
  presence.active(alice.id, "bot");
  EXPECT_EQ(presence.flush(), 1u);
  EXPECT_EQ(codes(), (std::vector<int64_t>{1, 2, 1}));
}

TEST_F(PresenceTest, AClientThatReportsItsOwnAwayIsNeverMarkedIdle) {
  presence.set_idle_after_ms(300'000);
  presence.connected(alice, "web");
  presence.set_away(alice.id, "web", false);  // UserPresence:online: the client watches input
  presence.flush();
  clock.advance_ms(3'600'000);
  presence.flush();
  EXPECT_EQ(presence.status_of(alice.id), "online");
  // One idle connection does not make the user away while another is online.
  presence.connected(alice, "script");
  clock.advance_ms(3'600'000);
  presence.flush();
  EXPECT_EQ(presence.status_of(alice.id), "online");
  presence.set_away(alice.id, "web", true);
  presence.flush();
  EXPECT_EQ(presence.status_of(alice.id), "away");  // web said away, script is idle
}

TEST_F(PresenceTest, StatusesLeftOnlineByAnEndedProcessGoOfflineUnlessTheUserComesBack) {
  auto bob = user("bob");
  presence.connected(alice, "a1");
  presence.connected(bob, "b1");
  presence.flush();
  // The process dies without saying goodbye: the store still says online for both.
  Presence restarted(db.store(), events, clock, {5'000});
  restarted.adopt_stored_statuses();
  recorder.clear();
  restarted.connected(*db.store().user_by_id(alice.id), "a2");  // alice's client reconnects
  clock.advance_ms(1'000);
  EXPECT_EQ(restarted.flush(), 0u);  // inside the grace nothing changes
  clock.advance_ms(5'000);
  EXPECT_EQ(restarted.flush(), 1u);  // bob never came back
  EXPECT_EQ(db.store().user_by_id(bob.id)->status, "offline");
  EXPECT_EQ(db.store().user_by_id(alice.id)->status, "online");
  EXPECT_TRUE(codes().empty());  // alice never flapped
}

TEST_F(PresenceTest, RaisingOrClearingTheIdleLimitBringsIdleConnectionsBack) {
  presence.set_idle_after_ms(300'000);
  presence.connected(alice, "bot");
  clock.advance_ms(400'000);
  presence.flush();
  EXPECT_EQ(presence.status_of(alice.id), "away");
  presence.set_idle_after_ms(3'600'000);  // 400 s quiet is not idle under an hour's limit
  presence.flush();
  EXPECT_EQ(presence.status_of(alice.id), "online");
  presence.set_idle_after_ms(300'000);
  presence.flush();
  EXPECT_EQ(presence.status_of(alice.id), "away");
  presence.set_idle_after_ms(0);  // detection off
  presence.flush();
  EXPECT_EQ(presence.status_of(alice.id), "online");
}

TEST_F(PresenceTest, IdleDetectionIsOffAtZero) {
  presence.connected(alice, "c1");
  presence.flush();
  clock.advance_ms(24 * 3'600'000);
  EXPECT_EQ(presence.flush(), 0u);
  EXPECT_EQ(presence.status_of(alice.id), "online");
}

TEST_F(PresenceTest, AChosenStatusWinsIsStoredAndSurvivesReconnects) {
  presence.connected(alice, "c1");
  presence.flush();
  ASSERT_TRUE(presence.set_default(alice, "busy", std::string("in a meeting")));
  EXPECT_EQ(presence.flush(), 1u);
  auto stored = *db.store().user_by_id(alice.id);
  EXPECT_EQ(stored.status, "busy");
  EXPECT_EQ(stored.status_default, "busy");
  EXPECT_EQ(stored.status_text, "in a meeting");

  // A new process (fresh Presence) reads the choice back from the store.
  Presence restarted(db.store(), events, clock, {5'000});
  restarted.connected(stored, "c9");
  restarted.flush();
  EXPECT_EQ(restarted.status_of(alice.id), "busy");

  EXPECT_EQ(presence.set_default(alice, "sleeping", std::nullopt).error().kind,
            ErrorKind::kInvalidParams);
  ASSERT_TRUE(presence.set_default(alice, "offline", std::nullopt));  // invisible
  presence.flush();
  EXPECT_EQ(presence.status_of(alice.id), "offline");
  EXPECT_EQ(codes().back(), 0);
}

TEST_F(PresenceTest, AStormOfReconnectsCostsOneEventPerUserWhoseStatusChanged) {
  std::vector<store::UserRecord> people;
  for (int i = 0; i < 50; ++i) people.push_back(user("storm" + std::to_string(i)));
  for (const auto& p : people) presence.connected(p, "a-" + p.id);
  EXPECT_EQ(presence.flush(), 50u);
  // Everyone drops and comes back within the grace: nothing to tell anyone.
  for (const auto& p : people) presence.disconnected(p.id, "a-" + p.id);
  clock.advance_ms(2'000);
  for (const auto& p : people) presence.connected(p, "b-" + p.id);
  EXPECT_EQ(presence.flush(), 0u);
  clock.advance_ms(10'000);
  EXPECT_EQ(presence.flush(), 0u);
}

}  // namespace
}  // namespace parley::chat
