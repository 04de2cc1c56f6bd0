// DDP streams end to end below the socket: real sessions, real chat services on SQLite, the
// in-process bus and the stream hub; peers record what each connection would receive.
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <chrono>
#include <map>
#include <set>
#include <thread>

#include "chat/notifications.hpp"
#include "chat_fixture.hpp"
#include "ddp/indexed_list.hpp"
#include "ddp/service.hpp"
#include "recording_peer.hpp"

namespace parley::ddp {
namespace {

namespace json = boost::json;
using testing::RecordingPeer;

// The frame's "msg" ("" for the greeting, which has none).
std::string_view msg(const json::object& f) {
  const json::value* m = f.if_contains("msg");
  return m && m->is_string() ? std::string_view(m->get_string()) : std::string_view();
}

bool is_changed(const json::object& f, std::string_view collection, std::string_view event) {
  return msg(f) == "changed" && f.at("collection") == json::value(collection) &&
         f.at("fields").at("eventName") == json::value(event);
}

TEST(IndexedListTest, RemovesAnyElementAndKeepsTheRest) {
  IndexedList<const int> list;
  std::vector<std::shared_ptr<const int>> items;
  for (int i = 0; i < 5; ++i) items.push_back(std::make_shared<const int>(i));
  for (const auto& p : items) list.add(p);
  list.add(items[2]);  // already there: no duplicate
  list.remove(items[1]);
  list.remove(items[1]);  // gone already: nothing happens
  list.remove(items[4]);  // the last one
  std::multiset<int> left;
  for (const auto& p : list) left.insert(*p);
  EXPECT_EQ(left, (std::multiset<int>{0, 2, 3}));
  list.remove(items[0]);
  list.remove(items[3]);
  list.remove(items[2]);
  EXPECT_TRUE(list.empty());
  list.add(items[1]);
  EXPECT_EQ(list.size(), 1u);
}

// One DDP connection, logged in as a user whose password is "pw".
struct Client {
  std::shared_ptr<RecordingPeer> peer = std::make_shared<RecordingPeer>();
  std::shared_ptr<net::WebSocketHandler> handler;
  int next_id = 0;

  void send(const json::object& frame) { handler->on_text(json::serialize(frame)); }
  json::object call(const std::string& method, json::array params) {
    const std::string id = "m" + std::to_string(next_id++);
    send({{"msg", "method"}, {"id", id}, {"method", method}, {"params", std::move(params)}});
    return peer->wait_for(
        [&](const json::object& f) { return msg(f) == "result" && f.at("id") == json::value(id); });
  }
  // Subscribes and returns the answer: ready or nosub.
  json::object sub(const std::string& name, json::array params) {
    const std::string id = "s" + std::to_string(next_id++);
    send({{"msg", "sub"}, {"id", id}, {"name", name}, {"params", std::move(params)}});
    return peer->wait_for([&](const json::object& f) {
      if (msg(f) == "nosub") return f.at("id") == json::value(id);
      return msg(f) == "ready" && f.at("subs").at(0) == json::value(id);
    });
  }
  std::size_t count(std::string_view collection, std::string_view event) {
    std::size_t n = 0;
    for (const auto& f : peer->all()) n += is_changed(f, collection, event);
    return n;
  }
};

class DdpStreamsTest : public ::testing::Test, public testing::ChatFixture {
 protected:
  DdpStreamsTest()
      : workers_(2),
        service_(Domain{accounts, rooms, messages, access, events, presence, db.store(), &settings},
                 config_, workers_, db.metrics(), clock) {
    register_methods(service_);
    alice_ = user("alice");
    bob_ = user("bob");
    carol_ = user("carol");
  }
  ~DdpStreamsTest() override { workers_.stop(); }

  Client connect(const store::UserRecord& who) {
    Client c;
    c.handler = service_.open(c.peer, "127.0.0.1");
    c.send({{"msg", "connect"}, {"version", "1"}});
    auto login =
        c.call("login", json::array{json::object{{"user", json::object{{"username", who.username}}},
                                                 {"password", "pw"}}});
    EXPECT_TRUE(login.contains("result")) << json::serialize(login);
    return c;
  }

  store::RoomRecord room(const char* type, const char* name, std::vector<std::string> members) {
    chat::CreateRoom request;
    request.type = type;
    request.name = name;
    request.members = std::move(members);
    auto created = rooms.create(alice_, request);
    EXPECT_TRUE(created) << (created ? "" : created.error().message());
    return created.value();
  }

  std::string send_text(const store::UserRecord& from, const store::RoomRecord& r,
                        const std::string& text) {
    chat::SendRequest request;
    request.room_id = r.id;
    request.text = text;
    auto sent = messages.send(from, request);
    EXPECT_TRUE(sent) << (sent ? "" : sent.error().message());
    return std::string(sent->at("_id").as_string());
  }

  config::Config config_;
  util::WorkerPool workers_;
  Service service_;
  store::UserRecord alice_, bob_, carol_;
};

TEST_F(DdpStreamsTest, RoomSubscriberReceivesAnotherUsersMessage) {
  auto general = room("c", "general2", {"bob"});
  Client bob = connect(bob_);
  auto ready = bob.sub(
      "stream-room-messages",
      json::array{general.id, json::object{{"useCollection", false}, {"args", json::array{}}}});
  ASSERT_EQ(ready.at("msg"), "ready");

  const std::string id = send_text(alice_, general, "hello bob");
  auto event = bob.peer->wait_for(
      [&](const json::object& f) { return is_changed(f, "stream-room-messages", general.id); });
  EXPECT_EQ(event.at("id"), "id");
  const auto& message = event.at("fields").at("args").at(0).as_object();
  EXPECT_EQ(message.at("_id"), json::value(id));
  EXPECT_EQ(message.at("msg"), "hello bob");
  EXPECT_TRUE(message.at("ts").as_object().contains("$date"));
  EXPECT_TRUE(message.contains("md"));
}

TEST_F(DdpStreamsTest, UseCollectionTrueSendsAddedBeforeReady) {
  Client bob = connect(bob_);
  auto ready = bob.sub("stream-room-messages", json::array{"__my_messages__", true});
  ASSERT_EQ(ready.at("msg"), "ready");
  auto frames = bob.peer->all();
  auto added = std::find_if(frames.begin(), frames.end(), [](const json::object& f) {
    return msg(f) == "added" && f.at("collection") != "users";
  });
  ASSERT_NE(added, frames.end());
  EXPECT_EQ(*added, (json::object{{"msg", "added"},
                                  {"collection", "stream-room-messages"},
                                  {"id", "id"},
                                  {"fields", {{"eventName", "__my_messages__"}}}}));
  auto ready_at = std::find(frames.begin(), frames.end(), ready);
  EXPECT_LT(added, ready_at);
}

TEST_F(DdpStreamsTest, NonMemberCannotSubscribeToAPrivateGroup) {
  auto secret = room("p", "secret", {"bob"});
  Client carol = connect(carol_);
  auto answer = carol.sub("stream-room-messages", json::array{secret.id, false});
  ASSERT_EQ(answer.at("msg"), "nosub");
  EXPECT_EQ(answer.at("error").at("error"), "not-allowed");
  auto notify = carol.sub("stream-notify-room", json::array{secret.id + "/typing", false});
  EXPECT_EQ(notify.at("msg"), "nosub");
  auto other_user = carol.sub("stream-notify-user", json::array{bob_.id + "/notification", false});
  EXPECT_EQ(other_user.at("msg"), "nosub");
}

TEST_F(DdpStreamsTest, AnonymousConnectionsReadOnlyWhatRocketChatLetsThem) {
  auto general = room("c", "open", {});
  Client anon;
  anon.handler = service_.open(anon.peer, "127.0.0.1");
  anon.send({{"msg", "connect"}, {"version", "1"}});
  EXPECT_EQ(anon.sub("stream-room-messages", json::array{general.id, false}).at("msg"), "nosub");
  EXPECT_EQ(anon.sub("stream-notify-logged", json::array{"user-status", false}).at("msg"), "nosub");
  // Rocket.Chat's read rule for __my_messages__ is 'all', but its emit rule gives a connection
  // without a user nothing: parley refuses the subscription instead of holding a dead listener.
  auto mine = anon.sub("stream-room-messages", json::array{"__my_messages__", false});
  EXPECT_EQ(mine.at("msg"), "nosub");
  EXPECT_EQ(mine.at("error").at("error"), "not-allowed");
  EXPECT_EQ(anon.sub("stream-notify-all", json::array{"public-settings-changed", false}).at("msg"),
            "ready");
  auto bad = anon.sub("stream-notify-all", json::array{42});
  EXPECT_EQ(bad.at("msg"), "nosub");
  EXPECT_EQ(bad.at("error").at("reason"), "Match failed");
}

TEST_F(DdpStreamsTest, SettingsMethodsAnswerTheListAndWhatChangedSince) {
  Client anon;
  anon.handler = service_.open(anon.peer, "127.0.0.1");
  anon.send({{"msg", "connect"}, {"version", "1"}});
  auto all = anon.call("public-settings/get", json::array{}).at("result").as_array();
  auto has = [](const json::array& list, std::string_view id) {
    return std::any_of(list.begin(), list.end(),
                       [&](const json::value& s) { return s.at("_id") == json::value(id); });
  };
  EXPECT_TRUE(has(all, "Site_Name"));
  EXPECT_FALSE(has(all, "API_Enable_Rate_Limiter"));  // not public

  const int64_t before = clock.now_ms();
  clock.advance_ms(10);
  ASSERT_TRUE(settings.set("Site_Name", json::value("Changed")));
  auto since = anon.call("public-settings/get", json::array{json::object{{"$date", before}}});
  const auto& update = since.at("result").at("update").as_array();
  ASSERT_EQ(update.size(), 1u);
  EXPECT_EQ(update[0].at("value"), "Changed");
  EXPECT_TRUE(since.at("result").at("remove").as_array().empty());
  // Not a Date: the whole list, as Rocket.Chat answers.
  EXPECT_TRUE(anon.call("public-settings/get", json::array{"yesterday"}).at("result").is_array());
  EXPECT_TRUE(anon.call("public-settings/get", json::array{json::object{{"$date", 1e30}}})
                  .at("result")
                  .is_array());

  // Private settings: nothing for users without view-privileged-setting, everything for admins,
  // and only admins may follow their changes.
  Client bob = connect(bob_);
  EXPECT_TRUE(bob.call("private-settings/get", json::array{}).at("result").as_array().empty());
  EXPECT_EQ(
      bob.sub("stream-notify-logged", json::array{"private-settings-changed", false}).at("msg"),
      "nosub");
  Client root = connect(admin);
  ASSERT_EQ(
      root.sub("stream-notify-logged", json::array{"private-settings-changed", false}).at("msg"),
      "ready");
  ASSERT_TRUE(settings.set("API_Default_Count", json::value(20)));
  auto changed = root.peer->wait_for([](const json::object& f) {
    return is_changed(f, "stream-notify-logged", "private-settings-changed");
  });
  EXPECT_EQ(changed.at("fields").at("args").at(1).at("value"), 20);
  EXPECT_TRUE(has(root.call("private-settings/get", json::array{}).at("result").as_array(),
                  "API_Enable_Rate_Limiter"));
}

TEST_F(DdpStreamsTest, MyMessagesCarriesParticipationAndHidesPrivateRooms) {
  auto joined = room("c", "joined", {"bob"});
  auto unjoined = room("c", "unjoined", {});
  auto hidden = room("p", "hidden", {"carol"});
  Client bob = connect(bob_);
  ASSERT_EQ(bob.sub("stream-room-messages", json::array{"__my_messages__", false}).at("msg"),
            "ready");

  send_text(alice_, hidden, "not for bob");
  send_text(alice_, joined, "in joined");
  const std::string last = send_text(alice_, unjoined, "in unjoined");
  bob.peer->wait_for([&](const json::object& f) {
    return is_changed(f, "stream-room-messages", "__my_messages__") &&
           f.at("fields").at("args").at(0).at("_id") == json::value(last);
  });

  std::vector<json::object> seen;
  for (const auto& f : bob.peer->all()) {
    if (is_changed(f, "stream-room-messages", "__my_messages__")) seen.push_back(f);
  }
  ASSERT_EQ(seen.size(), 2u);  // the private room's message never arrived
  auto meta = [](const json::object& f) { return f.at("fields").at("args").at(1).as_object(); };
  EXPECT_EQ(seen[0].at("fields").at("args").at(0).at("msg"), "in joined");
  EXPECT_EQ(meta(seen[0]),
            (json::object{{"roomParticipant", true}, {"roomType", "c"}, {"roomName", "joined"}}));
  EXPECT_EQ(meta(seen[1]).at("roomParticipant"), false);
  EXPECT_EQ(meta(seen[1]).at("roomName"), "unjoined");
}

TEST_F(DdpStreamsTest, AKickedMemberStopsReceivingAtOnce) {
  auto group = room("p", "team", {"bob"});
  Client bob = connect(bob_);
  ASSERT_EQ(bob.sub("stream-room-messages", json::array{group.id, false}).at("msg"), "ready");
  send_text(alice_, group, "before");
  bob.peer->wait_for(
      [&](const json::object& f) { return is_changed(f, "stream-room-messages", group.id); });
  ASSERT_TRUE(rooms.kick(alice_, group, bob_));

  // Carol joins and listens: her copy of the next message is the barrier after which bob's
  // would have arrived too.
  ASSERT_TRUE(rooms.invite(alice_, group, carol_));
  Client carol = connect(carol_);
  ASSERT_EQ(carol.sub("stream-room-messages", json::array{group.id, false}).at("msg"), "ready");
  const std::string after = send_text(alice_, group, "after");
  carol.peer->wait_for([&](const json::object& f) {
    return is_changed(f, "stream-room-messages", group.id) &&
           f.at("fields").at("args").at(0).at("_id") == json::value(after);
  });
  for (const auto& f : bob.peer->all()) {
    if (is_changed(f, "stream-room-messages", group.id)) {
      EXPECT_NE(f.at("fields").at("args").at(0).at("_id"), json::value(after));
    }
  }
}

TEST_F(DdpStreamsTest, TypingIsCrossPostedToOthersAndNeverEchoed) {
  auto general = room("c", "typing", {"bob"});
  Client alice = connect(alice_);
  Client bob = connect(bob_);
  for (Client* c : {&alice, &bob}) {
    ASSERT_EQ(c->sub("stream-notify-room", json::array{general.id + "/typing", false}).at("msg"),
              "ready");
    ASSERT_EQ(
        c->sub("stream-notify-room", json::array{general.id + "/user-activity", false}).at("msg"),
        "ready");
  }
  // Speaking for someone else is refused silently.
  auto forged =
      alice.call("stream-notify-room", json::array{general.id + "/user-activity", "bob",
                                                   json::array{"user-typing"}, json::object{}});
  EXPECT_FALSE(forged.contains("error"));
  alice.call("stream-notify-room", json::array{general.id + "/user-activity", "alice",
                                               json::array{"user-typing"}, json::object{}});

  auto typing = bob.peer->wait_for([&](const json::object& f) {
    return is_changed(f, "stream-notify-room", general.id + "/typing");
  });
  EXPECT_EQ(typing.at("fields").at("args"), (json::array{"alice", true}));
  auto activity = bob.peer->wait_for([&](const json::object& f) {
    return is_changed(f, "stream-notify-room", general.id + "/user-activity");
  });
  EXPECT_EQ(activity.at("fields").at("args").at(0), "alice");
  EXPECT_EQ(activity.at("fields").at("args").at(1), (json::array{"user-typing"}));
  EXPECT_EQ(bob.count("stream-notify-room", general.id + "/typing"), 1u);

  // The deprecated form crosses the other way; the emitter hears neither.
  bob.call("stream-notify-room", json::array{general.id + "/typing", "bob", false});
  auto back = alice.peer->wait_for([&](const json::object& f) {
    return is_changed(f, "stream-notify-room", general.id + "/user-activity");
  });
  EXPECT_EQ(back.at("fields").at("args").at(1), json::array{});
  EXPECT_EQ(alice.count("stream-notify-room", general.id + "/typing"), 1u);
  EXPECT_EQ(bob.count("stream-notify-room", general.id + "/typing"), 1u);
}

TEST_F(DdpStreamsTest, RoomsChangedAndNotificationFollowADirectMessage) {
  Client bob = connect(bob_);
  ASSERT_EQ(bob.sub("stream-notify-user", json::array{bob_.id + "/rooms-changed", false}).at("msg"),
            "ready");
  ASSERT_EQ(bob.sub("stream-notify-user", json::array{bob_.id + "/notification", false}).at("msg"),
            "ready");
  ASSERT_EQ(bob.sub("stream-notify-user", json::array{bob_.id + "/subscriptions-changed", false})
                .at("msg"),
            "ready");
  auto dm = rooms.create_direct(alice_, {"bob"});
  ASSERT_TRUE(dm);
  const std::string id = send_text(alice_, *dm, "psst");

  auto sub = bob.peer->wait_for([&](const json::object& f) {
    return is_changed(f, "stream-notify-user", bob_.id + "/subscriptions-changed") &&
           f.at("fields").at("args").at(1).at("unread") == 1;
  });
  EXPECT_EQ(sub.at("fields").at("args").at(0), "updated");
  EXPECT_EQ(sub.at("fields").at("args").at(1).at("rid"), json::value(dm->id));
  EXPECT_EQ(sub.at("fields").at("args").at(1).at("alert"), true);

  auto note = bob.peer->wait_for([&](const json::object& f) {
    return is_changed(f, "stream-notify-user", bob_.id + "/notification");
  });
  const auto& n = note.at("fields").at("args").at(0).as_object();
  EXPECT_EQ(n.at("title"), "alice");
  EXPECT_EQ(n.at("text"), "psst");
  EXPECT_EQ(n.at("payload").at("_id"), json::value(id));
  EXPECT_EQ(n.at("payload").at("rid"), json::value(dm->id));
  EXPECT_EQ(n.at("payload").at("type"), "d");
  EXPECT_EQ(n.at("payload").at("sender").at("username"), "alice");

  auto changed = bob.peer->wait_for([&](const json::object& f) {
    return is_changed(f, "stream-notify-user", bob_.id + "/rooms-changed") &&
           f.at("fields").at("args").at(1).as_object().contains("lastMessage");
  });
  EXPECT_EQ(changed.at("fields").at("args").at(0), "updated");
  EXPECT_EQ(changed.at("fields").at("args").at(1).at("lastMessage").at("_id"), json::value(id));
}

// __my_messages__ and <uid>/rooms-changed follow every room; the hub finds their listeners by
// walking the room's members (small rooms) or the listeners (rooms with more members than
// users listening). Either way, members hear the room and nobody else does.
TEST_F(DdpStreamsTest, EveryRoomListenersHearMembersRoomsOnlyWhicheverSideIsWalked) {
  auto dave_ = user("dave");
  user("eve");
  user("frank");
  Client bob = connect(bob_);
  Client carol = connect(carol_);
  Client dave = connect(dave_);
  for (auto [c, uid] : {std::pair{&bob, bob_.id}, {&carol, carol_.id}, {&dave, dave_.id}}) {
    ASSERT_EQ(c->sub("stream-room-messages", json::array{"__my_messages__", false}).at("msg"),
              "ready");
    ASSERT_EQ(c->sub("stream-notify-user", json::array{uid + "/rooms-changed", false}).at("msg"),
              "ready");
  }
  auto dm = rooms.create_direct(alice_, {"bob"});  // 2 members, 3 users listening
  ASSERT_TRUE(dm);
  const std::string to_bob = send_text(alice_, *dm, "to bob");
  auto group = room("p", "wide", {"bob", "carol", "eve", "frank"});  // 5 members
  const std::string to_group = send_text(alice_, group, "to the group");
  auto last_dm = rooms.create_direct(alice_, {"dave"});
  ASSERT_TRUE(last_dm);
  const std::string to_dave = send_text(alice_, *last_dm, "to dave");

  auto has = [](Client& c, std::string_view collection, std::string_view event,
                const std::string& id) {
    for (const auto& f : c.peer->all()) {
      if (!is_changed(f, collection, event)) continue;
      const auto& arg = f.at("fields").at("args").at(collection == "stream-room-messages" ? 0 : 1);
      const json::value* last = arg.as_object().if_contains("lastMessage");
      const json::value& m = collection == "stream-room-messages" ? arg : (last ? *last : arg);
      if (m.is_object() && m.as_object().if_contains("_id") && m.at("_id") == json::value(id)) {
        return true;
      }
    }
    return false;
  };
  auto wait_both = [&](Client& c, const std::string& uid, const std::string& id) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!(has(c, "stream-room-messages", "__my_messages__", id) &&
             has(c, "stream-notify-user", uid + "/rooms-changed", id))) {
      ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "no copy of " << id;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  };
  wait_both(bob, bob_.id, to_group);
  wait_both(carol, carol_.id, to_group);
  wait_both(dave, dave_.id, to_dave);  // delivered in order: what dave lacks now, he never gets

  EXPECT_TRUE(has(bob, "stream-room-messages", "__my_messages__", to_bob));
  EXPECT_TRUE(has(bob, "stream-notify-user", bob_.id + "/rooms-changed", to_bob));
  EXPECT_FALSE(has(carol, "stream-room-messages", "__my_messages__", to_bob));
  EXPECT_FALSE(has(carol, "stream-notify-user", carol_.id + "/rooms-changed", to_bob));
  for (const std::string& id : {to_bob, to_group}) {
    EXPECT_FALSE(has(dave, "stream-room-messages", "__my_messages__", id));
    EXPECT_FALSE(has(dave, "stream-notify-user", dave_.id + "/rooms-changed", id));
  }
}

TEST_F(DdpStreamsTest, OnlyMentionedUsersAreNotifiedInAChannel) {
  auto general = room("c", "mentions", {"bob", "carol"});
  Client bob = connect(bob_);
  Client carol = connect(carol_);
  ASSERT_EQ(bob.sub("stream-notify-user", json::array{bob_.id + "/notification", false}).at("msg"),
            "ready");
  ASSERT_EQ(
      carol.sub("stream-notify-user", json::array{carol_.id + "/notification", false}).at("msg"),
      "ready");
  send_text(alice_, general, "hey @carol");
  auto note = carol.peer->wait_for([&](const json::object& f) {
    return is_changed(f, "stream-notify-user", carol_.id + "/notification");
  });
  EXPECT_EQ(note.at("fields").at("args").at(0).at("title"), "#mentions");
  EXPECT_EQ(note.at("fields").at("args").at(0).at("text"), "alice: hey @carol");
  EXPECT_EQ(bob.count("stream-notify-user", bob_.id + "/notification"), 0u);
}

TEST_F(DdpStreamsTest, UnsubAndCloseEndDelivery) {
  auto general = room("c", "quiet", {"bob"});
  Client bob = connect(bob_);
  auto& gauge = db.metrics().gauge("parley_ddp_stream_subscriptions", "",
                                   {{"stream", "stream-room-messages"}});
  const int64_t base = gauge.value();
  bob.send({{"msg", "sub"},
            {"id", "room"},
            {"name", "stream-room-messages"},
            {"params", json::array{general.id, false}}});
  bob.peer->wait_for([](const json::object& f) { return msg(f) == "ready"; });
  EXPECT_EQ(gauge.value(), base + 1);
  bob.send({{"msg", "unsub"}, {"id", "room"}});
  bob.peer->wait_for(
      [](const json::object& f) { return msg(f) == "nosub" && f.at("id") == "room"; });
  EXPECT_EQ(gauge.value(), base);
  send_text(alice_, general, "nobody listens");
  EXPECT_EQ(bob.count("stream-room-messages", general.id), 0u);

  ASSERT_EQ(bob.sub("stream-room-messages", json::array{general.id, false}).at("msg"), "ready");
  EXPECT_EQ(gauge.value(), base + 1);
  bob.handler->on_close();
  EXPECT_EQ(gauge.value(), base);
}

TEST_F(DdpStreamsTest, ARefusedSendTellsTheSenderWhyInAnEphemeralMessage) {
  auto group = room("p", "closed", {});
  Client carol = connect(carol_);
  ASSERT_EQ(carol.sub("stream-notify-user", json::array{carol_.id + "/message", false}).at("msg"),
            "ready");
  auto refused =
      carol.call("sendMessage", json::array{json::object{{"rid", group.id}, {"msg", "let me in"}}});
  ASSERT_TRUE(refused.contains("error"));
  auto notice = carol.peer->wait_for([&](const json::object& f) {
    return is_changed(f, "stream-notify-user", carol_.id + "/message");
  });
  const auto& m = notice.at("fields").at("args").at(0).as_object();
  EXPECT_EQ(m.at("rid"), json::value(group.id));
  EXPECT_EQ(m.at("private"), true);
  EXPECT_EQ(m.at("u").at("username"), "rocket.cat");
  EXPECT_EQ(m.at("msg"), refused.at("error").at("reason"));
  store::HistoryQuery history;
  history.room_id = group.id;
  for (const auto& stored : db.store().room_history(history).messages) {
    EXPECT_NE(stored.doc.at("msg"), m.at("msg")) << "the ephemeral message is never stored";
  }
}

TEST_F(DdpStreamsTest, OneConnectionOnEveryKindOfStreamGetsOneCopyOfEach) {
  // The room's own subject and the every-room wildcard both match the message's subject:
  // each listener must still hear it once.
  auto general = room("c", "once", {"bob"});
  Client bob = connect(bob_);
  ASSERT_EQ(bob.sub("stream-room-messages", json::array{general.id, false}).at("msg"), "ready");
  ASSERT_EQ(bob.sub("stream-room-messages", json::array{"__my_messages__", false}).at("msg"),
            "ready");
  ASSERT_EQ(bob.sub("stream-notify-user", json::array{bob_.id + "/rooms-changed", false}).at("msg"),
            "ready");
  send_text(alice_, general, "just once");
  EXPECT_EQ(bob.count("stream-room-messages", general.id), 1u);
  EXPECT_EQ(bob.count("stream-room-messages", "__my_messages__"), 1u);
  EXPECT_EQ(bob.count("stream-notify-user", bob_.id + "/rooms-changed"), 1u);
}

TEST_F(DdpStreamsTest, OnlyWebrtcAndOtrReachAnotherUser) {
  auto dm = rooms.create_direct(alice_, {"bob"});
  ASSERT_TRUE(dm);
  const std::string rid = dm->id;
  Client alice = connect(alice_);
  Client bob = connect(bob_);
  Client carol = connect(carol_);
  for (const char* event :
       {"notification", "rooms-changed", "force_logout", "otr", "webrtc", "video-conference"}) {
    ASSERT_EQ(
        alice.sub("stream-notify-user", json::array{alice_.id + "/" + event, false}).at("msg"),
        "ready");
  }
  auto emit = [&](Client& from, const std::string& event, json::array args) {
    json::array params{alice_.id + "/" + event};
    for (auto& a : args) params.push_back(std::move(a));
    auto r = from.call("stream-notify-user", std::move(params));
    // Refused or not, Rocket.Chat's streamer answers an empty result.
    EXPECT_FALSE(r.contains("error")) << event;
    EXPECT_FALSE(r.contains("result")) << event;
  };
  auto otr = [&](const std::string& from_id) {
    return json::array{"handshake", json::object{{"roomId", rid}, {"userId", from_id}}};
  };
  emit(bob, "notification", {json::object{{"title", "forged"}}});
  emit(bob, "rooms-changed", {"removed", json::object{{"_id", rid}}});
  emit(bob, "force_logout", {});
  emit(bob, "video-conference",
       {json::object{{"action", "call"},
                     {"params", json::object{{"uid", bob_.id}, {"rid", rid}, {"callId", "c1"}}}}});
  emit(bob, "otr", otr(carol_.id));    // speaking as carol
  emit(carol, "otr", otr(carol_.id));  // not in the DM
  emit(bob, "otr", otr(bob_.id));
  emit(carol, "webrtc", {"call", json::object{}});
  EXPECT_EQ(alice.count("stream-notify-user", alice_.id + "/webrtc"), 1u);
  EXPECT_EQ(alice.count("stream-notify-user", alice_.id + "/otr"), 1u);
  for (const char* refused :
       {"notification", "rooms-changed", "force_logout", "video-conference"}) {
    EXPECT_EQ(alice.count("stream-notify-user", alice_.id + "/" + refused), 0u) << refused;
  }

  ASSERT_TRUE(settings.set("OTR_Enable", false));
  emit(bob, "otr", otr(bob_.id));
  emit(carol, "webrtc", {"call", json::object{}});
  EXPECT_EQ(alice.count("stream-notify-user", alice_.id + "/webrtc"), 2u);
  EXPECT_EQ(alice.count("stream-notify-user", alice_.id + "/otr"), 1u);
}

TEST_F(DdpStreamsTest, RoomUsersRelayOnlyWebrtcFromAMember) {
  auto group = room("p", "huddle", {"bob"});
  Client alice = connect(alice_);
  Client bob = connect(bob_);
  Client carol = connect(carol_);
  for (const char* event : {"webrtc", "notification"}) {
    ASSERT_EQ(bob.sub("stream-notify-user", json::array{bob_.id + "/" + event, false}).at("msg"),
              "ready");
  }
  ASSERT_EQ(alice.sub("stream-notify-user", json::array{alice_.id + "/webrtc", false}).at("msg"),
            "ready");
  for (Client* from : {&alice, &carol}) {
    for (const char* event : {"webrtc", "notification"}) {
      auto r = from->call("stream-notify-room-users",
                          json::array{group.id + "/" + event, "call", json::object{}});
      EXPECT_FALSE(r.contains("error"));
    }
  }
  // Only alice's webrtc: carol is not a member, and notification is not relayed at all.
  EXPECT_EQ(bob.count("stream-notify-user", bob_.id + "/webrtc"), 1u);
  EXPECT_EQ(bob.count("stream-notify-user", bob_.id + "/notification"), 0u);
  EXPECT_EQ(alice.count("stream-notify-user", alice_.id + "/webrtc"), 0u);  // not to the sender
}

TEST_F(DdpStreamsTest, RoomUsersRelaysStopAtNotificationsMaxRoomMembers) {
  // A relay costs one publish per member: in a room over 100 members it is refused.
  auto crowd = room("c", "crowd", {"bob"});
  for (std::size_t i = 0; i < chat::kNotificationsMaxRoomMembers; ++i) {
    store::UserRecord u;
    u.id = "extra" + std::to_string(1000 + i) + "xxxxxxx";
    u.username = "extra" + std::to_string(i);
    u.name = u.username;
    u.roles = {"user"};
    ASSERT_EQ(db.store().insert_user(u), store::WriteStatus::kOk);
    store::SubscriptionRecord s;
    s.id = "s" + u.id.substr(1);
    s.room_id = crowd.id;
    s.user_id = u.id;
    s.username = u.username;
    s.room_type = "c";
    s.name = s.fname = "crowd";
    ASSERT_EQ(db.store().insert_subscription(s), store::WriteStatus::kOk);
  }
  Client alice = connect(alice_);
  Client bob = connect(bob_);
  ASSERT_EQ(bob.sub("stream-notify-user", json::array{bob_.id + "/webrtc", false}).at("msg"),
            "ready");
  auto r = alice.call("stream-notify-room-users",
                      json::array{crowd.id + "/webrtc", "call", json::object{}});
  EXPECT_FALSE(r.contains("error"));
  EXPECT_EQ(bob.count("stream-notify-user", bob_.id + "/webrtc"), 0u);
}

}  // namespace
}  // namespace parley::ddp

namespace parley::ddp {
namespace {

// RC 7's web client listens to the users on screen with stream-user-presence ['',
// {added, removed}] (rc7-client-streams.md §2): one set per connection, changed by each batch.
TEST_F(DdpStreamsTest, PresenceBatchesAddAndRemoveUsersOfOneSetPerConnection) {
  Client bob = connect(bob_);
  const auto presence_sub = [&](json::array added, json::array removed) {
    return bob.sub("stream-user-presence",
                   json::array{"", json::object{{"added", std::move(added)},
                                                {"removed", std::move(removed)}}});
  };
  // Alice twice (two batches): still one listener, so one frame per change.
  ASSERT_EQ(presence_sub({alice_.id, carol_.id}, {}).at("msg"), "ready");
  ASSERT_EQ(presence_sub({alice_.id}, {}).at("msg"), "ready");

  Client carol = connect(carol_);
  Client alice = connect(alice_);
  presence.flush();
  auto frame = bob.peer->wait_for(
      [&](const json::object& f) { return is_changed(f, "stream-user-presence", carol_.id); });
  EXPECT_EQ(frame.at("fields").at("args"),
            (json::array{json::array{"carol", 1, ""}}));  // RC: [username, 0-3, statusText]
  bob.peer->wait_for(
      [&](const json::object& f) { return is_changed(f, "stream-user-presence", alice_.id); });
  EXPECT_EQ(bob.count("stream-user-presence", alice_.id), 1u);

  // Carol leaves the set; Alice stays.
  ASSERT_EQ(presence_sub({}, {carol_.id}).at("msg"), "ready");
  ASSERT_TRUE(presence.set_default(carol_, "busy", std::nullopt));
  ASSERT_TRUE(presence.set_default(alice_, "busy", std::nullopt));
  presence.flush();
  bob.peer->wait_for([&](const json::object& f) {
    return is_changed(f, "stream-user-presence", alice_.id) &&
           f.at("fields").at("args").at(0).at(1) == json::value(3);
  });
  EXPECT_EQ(bob.count("stream-user-presence", carol_.id), 1u);
  EXPECT_EQ(bob.count("stream-user-presence", alice_.id), 2u);

  // The batches take no subscription slot; the set ends with the connection.
  auto& gauge = db.metrics().gauge("parley_ddp_stream_subscriptions", "",
                                   {{"stream", "stream-user-presence"}});
  EXPECT_EQ(gauge.value(), 1);  // alice
  bob.handler->on_close();
  EXPECT_EQ(gauge.value(), 0);
}

TEST_F(DdpStreamsTest, PresenceBatchesNeedALoginAndWellFormedLists) {
  Client bob = connect(bob_);
  auto bad =
      bob.sub("stream-user-presence", json::array{"", json::object{{"added", json::array{1, 2}}}});
  EXPECT_EQ(bad.at("msg"), "nosub");
  EXPECT_EQ(bob.sub("stream-user-presence", json::array{""}).at("msg"), "nosub");

  Client anonymous;
  anonymous.handler = service_.open(anonymous.peer, "127.0.0.1");
  anonymous.send({{"msg", "connect"}, {"version", "1"}});
  auto refused = anonymous.sub("stream-user-presence",
                               json::array{"", json::object{{"added", json::array{bob_.id}}}});
  EXPECT_EQ(refused.at("msg"), "nosub");
  EXPECT_EQ(refused.at("error").at("error"), "not-allowed");
}

}  // namespace
}  // namespace parley::ddp

namespace parley::ddp {
namespace {

// Presence is last-value (issue 12): its frames go to the connection as replaceable, keyed by
// stream and user, so a newer status can replace a queued one and chat overtakes them
// (net/websocket_session.cpp). Every other frame stays ordinary.
TEST_F(DdpStreamsTest, PresenceFramesAreReplaceableKeyedByStreamAndUserOthersAreNot) {
  auto general = room("c", "general3", {"bob"});
  Client bob = connect(bob_);
  ASSERT_EQ(bob.sub("stream-notify-logged", json::array{"user-status", false}).at("msg"), "ready");
  ASSERT_EQ(bob.sub("stream-user-presence",
                    json::array{"", json::object{{"added", json::array{carol_.id}}}})
                .at("msg"),
            "ready");
  ASSERT_EQ(bob.sub("stream-room-messages", json::array{general.id, false}).at("msg"), "ready");
  Client carol = connect(carol_);
  presence.flush();
  send_text(alice_, general, "hello");
  bob.peer->wait_for(
      [&](const json::object& f) { return is_changed(f, "stream-room-messages", general.id); });
  bob.peer->wait_for(
      [&](const json::object& f) { return is_changed(f, "stream-user-presence", carol_.id); });
  std::map<std::string, std::string> key_by_kind;
  const auto frames = bob.peer->all();
  for (std::size_t i = 0; i < frames.size(); ++i) {
    if (is_changed(frames[i], "stream-notify-logged", "user-status") &&
        frames[i].at("fields").at("args").at(0).at(0) == json::value(carol_.id)) {
      key_by_kind["user-status"] = bob.peer->key_of(i);
    } else if (is_changed(frames[i], "stream-user-presence", carol_.id)) {
      key_by_kind["user-presence"] = bob.peer->key_of(i);
    } else if (is_changed(frames[i], "stream-room-messages", general.id)) {
      key_by_kind["room-messages"] = bob.peer->key_of(i);
    }
  }
  EXPECT_EQ(key_by_kind["user-status"], "s\n" + carol_.id);
  EXPECT_EQ(key_by_kind["user-presence"], "p\n" + carol_.id);
  ASSERT_TRUE(key_by_kind.contains("room-messages"));
  EXPECT_EQ(key_by_kind["room-messages"], "");
}

}  // namespace
}  // namespace parley::ddp
