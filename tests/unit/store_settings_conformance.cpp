// Store conformance, continued: settings, the statistics counters and statistics snapshots.
// Only the Store interface, so every implementation runs these unchanged.
#include "unit/store_conformance_rooms.hpp"

namespace parley::store::conformance {
namespace {

using namespace rooms;  // NOLINT: the shared builders read better unqualified

UserRecord user(int n, const std::string& status = "offline") {
  UserRecord u;
  u.id = user_id(n);
  u.username = "user" + std::to_string(n);
  u.status = status;
  u.created_at = u.updated_at = kT0;
  return u;
}

int64_t counter(Store& store, const std::string& name) {
  auto c = store.counters();
  auto it = c.find(name);
  return it == c.end() ? 0 : it->second;
}

TEST_P(StoreConformance, SettingsRoundTripAndReplace) {
  EXPECT_TRUE(store().settings().empty());
  EXPECT_EQ(store().put_setting({"Site_Name", "\"Acme\"", 10}), WriteStatus::kOk);
  EXPECT_EQ(store().put_setting({"API_Default_Count", "50", 11}), WriteStatus::kOk);
  EXPECT_EQ(store().put_setting({"Site_Name", "\"Acme chat\"", 12}), WriteStatus::kOk);
  auto all = store().settings();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, "API_Default_Count");  // id order
  EXPECT_EQ(all[1].id, "Site_Name");
  EXPECT_EQ(all[1].value, "\"Acme chat\"");
  EXPECT_EQ(all[1].updated_at, 12);
}

TEST_P(StoreConformance, CountersFollowUsersAndStatuses) {
  ASSERT_EQ(store().insert_user(user(1)), WriteStatus::kOk);
  ASSERT_EQ(store().insert_user(user(2)), WriteStatus::kOk);
  UserRecord app = user(3);
  app.type = "app";
  app.active = false;
  ASSERT_EQ(store().insert_user(app), WriteStatus::kOk);
  EXPECT_EQ(counter(store(), "users"), 3);
  EXPECT_EQ(counter(store(), "users_active"), 2);
  EXPECT_EQ(counter(store(), "users_type_app"), 1);
  EXPECT_EQ(counter(store(), "users_status_offline"), 3);
  ASSERT_EQ(store().set_last_login(user_id(2), kT0 + 99), WriteStatus::kOk);
  ASSERT_EQ(store().set_last_login(user_id(1), kT0 + 50), WriteStatus::kOk);
  EXPECT_EQ(counter(store(), "last_login_at"), kT0 + 99);  // the latest, not the last written

  ASSERT_EQ(store().set_user_statuses(
                {{user_id(1), "online", "", "online"}, {user_id(2), "busy", "meeting", "busy"}}),
            WriteStatus::kOk);
  // Writing the same status again changes no count.
  ASSERT_EQ(store().set_user_statuses({{user_id(1), "online", "", "online"}}), WriteStatus::kOk);
  EXPECT_EQ(counter(store(), "users_status_online"), 1);
  EXPECT_EQ(counter(store(), "users_status_busy"), 1);
  EXPECT_EQ(counter(store(), "users_status_offline"), 1);
}

TEST_P(StoreConformance, AStatusChangeMovesUpdatedAt) {
  ASSERT_EQ(store().insert_user(user(1)), WriteStatus::kOk);
  ASSERT_EQ(store().insert_user(user(2)), WriteStatus::kOk);
  EXPECT_EQ(store().users_updated_since(kT0 + 1).size(), 0u);
  ASSERT_EQ(store().set_user_statuses({{user_id(2), "away", "", "online", kT0 + 50}}),
            WriteStatus::kOk);
  auto changed = store().users_updated_since(kT0 + 1);
  ASSERT_EQ(changed.size(), 1u);
  EXPECT_EQ(changed[0].id, user_id(2));
  EXPECT_EQ(changed[0].updated_at, kT0 + 50);
  // Never backwards: a late write with an older time keeps the newer updated_at.
  ASSERT_EQ(store().set_user_statuses({{user_id(2), "online", "", "online", kT0 + 10}}),
            WriteStatus::kOk);
  EXPECT_EQ(store().user_by_id(user_id(2))->updated_at, kT0 + 50);
  EXPECT_EQ(store().users_updated_since(kT0).size(), 2u);
}

TEST_P(StoreConformance, CountersFollowRoomsAndMessages) {
  auto channel = make_room(1, "c", "general");
  auto group = make_room(2, "p", "team");
  auto dm = make_room(3, "d", "");
  for (const auto& room : {channel, group, dm}) {
    ASSERT_EQ(store().insert_room(room, {make_sub(room, 1, "alice")}), WriteStatus::kOk);
  }
  EXPECT_EQ(counter(store(), "rooms_c"), 1);
  EXPECT_EQ(counter(store(), "rooms_p"), 1);
  EXPECT_EQ(counter(store(), "rooms_d"), 1);

  store().append_message(make_message("m1", channel.id, 1, kT0 + 1, "a"), {});
  store().append_message(make_message("m2", channel.id, 1, kT0 + 2, "b"), {});
  store().append_message(make_message("m3", dm.id, 1, kT0 + 3, "c"), {});
  store().append_message(make_message("m4", group.id, 1, kT0 + 4, "d"), {});
  // A resend of the same id is not a new message.
  store().append_message(make_message("m1", channel.id, 1, kT0 + 1, "a"), {});
  EXPECT_EQ(counter(store(), "messages_c"), 2);
  EXPECT_EQ(counter(store(), "messages_d"), 1);
  EXPECT_EQ(counter(store(), "messages_p"), 1);

  // A deleted message stops counting, once.
  EXPECT_EQ(store().delete_message("m2"), WriteStatus::kOk);
  EXPECT_EQ(store().delete_message("m2"), WriteStatus::kNotFound);
  EXPECT_EQ(counter(store(), "messages_c"), 1);
  // An edit is not a new message.
  EXPECT_EQ(store().modify_message("m1",
                                   [](MessageRecord& m) {
                                     m.doc["msg"] = "edited";
                                     return true;
                                   }),
            WriteStatus::kOk);
  EXPECT_EQ(counter(store(), "messages_c"), 1);
  EXPECT_EQ(counter(store(), "last_message_at"), kT0 + 4);

  // Threads: a message with at least one reply, counted once however many replies follow.
  auto reply = [&](const std::string& id, int64_t ts) {
    auto m = make_message(id, channel.id, 1, ts, "re");
    m.thread_id = "m1";
    store().append_message(m, {});
  };
  reply("r1", kT0 + 5);
  reply("r2", kT0 + 6);
  EXPECT_EQ(counter(store(), "threads"), 1);
  EXPECT_EQ(counter(store(), "last_message_at"), kT0 + 6);
}

TEST_P(StoreConformance, ARoomThatChangesTypeMovesItsCounts) {
  auto room = make_room(1, "c", "town");
  ASSERT_EQ(store().insert_room(room, {make_sub(room, 1, "alice")}), WriteStatus::kOk);
  store().append_message(make_message("m1", room.id, 1, kT0 + 1, "a"), {});
  store().append_message(make_message("m2", room.id, 1, kT0 + 2, "b"), {});
  store().append_message(make_message("m3", room.id, 1, kT0 + 3, "c"), {});
  ASSERT_EQ(store().delete_message("m3"), WriteStatus::kOk);
  ASSERT_EQ(store().modify_room(room.id,
                                [](RoomRecord& r) {
                                  r.type = "p";
                                  return true;
                                }),
            WriteStatus::kOk);
  EXPECT_EQ(counter(store(), "rooms_c"), 0);
  EXPECT_EQ(counter(store(), "rooms_p"), 1);
  EXPECT_EQ(counter(store(), "messages_c"), 0);
  EXPECT_EQ(counter(store(), "messages_p"), 2);
  // Later deletes come off the new type.
  ASSERT_EQ(store().delete_message("m2"), WriteStatus::kOk);
  EXPECT_EQ(counter(store(), "messages_p"), 1);
}

TEST_P(StoreConformance, StatisticsSnapshotsListNewestFirst) {
  EXPECT_EQ(store().add_statistics({"s1", 100, "{\"totalUsers\":1}"}), WriteStatus::kOk);
  EXPECT_EQ(store().add_statistics({"s2", 300, "{\"totalUsers\":3}"}), WriteStatus::kOk);
  EXPECT_EQ(store().add_statistics({"s3", 200, "{\"totalUsers\":2}"}), WriteStatus::kOk);
  EXPECT_EQ(store().add_statistics({"s3", 400, "{}"}), WriteStatus::kDuplicateId);
  auto page = store().list_statistics(0, 2);
  EXPECT_EQ(page.total, 3);
  ASSERT_EQ(page.statistics.size(), 2u);
  EXPECT_EQ(page.statistics[0].id, "s2");
  EXPECT_EQ(page.statistics[1].id, "s3");
  EXPECT_EQ(page.statistics[0].doc, "{\"totalUsers\":3}");
  EXPECT_EQ(store().list_statistics(2, 0).statistics.at(0).id, "s1");
}

}  // namespace
}  // namespace parley::store::conformance
