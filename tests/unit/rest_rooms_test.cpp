// channels.* / groups.* / im.*, rooms.* and subscriptions.* through the router.
#include <cctype>

#include "rest_test_fixture.hpp"
#include "util/clock.hpp"

namespace parley::testing {
namespace {

namespace json = boost::json;

class RestRoomsTest : public RestFixture {};

TEST_F(RestRoomsTest, ChannelsCreateInfoAndListWithIsoDates) {
  auto alice = user("alice");
  user("bob");
  auto r =
      post("/api/v1/channels.create", {{"name", "dev"}, {"members", json::array{"bob"}}}, alice);
  ASSERT_EQ(r.status, 200) << json::serialize(r.body);
  const auto& ch = r.body.at("channel").as_object();
  EXPECT_EQ(ch.at("t"), "c");
  EXPECT_EQ(ch.at("name"), "dev");
  EXPECT_EQ(ch.at("usersCount"), 2);
  EXPECT_TRUE(is_iso_date(ch.at("ts")));
  EXPECT_TRUE(is_iso_date(ch.at("_updatedAt")));
  std::string rid(ch.at("_id").as_string());

  auto by_name = get("/api/v1/channels.info?roomName=dev", alice);
  ASSERT_EQ(by_name.status, 200);
  EXPECT_EQ(by_name.body.at("channel").at("_id"), json::value(rid));
  EXPECT_EQ(get("/api/v1/channels.info?roomId=" + rid, alice).body.at("channel").at("name"), "dev");
  // Wrong family, unknown room, no room at all.
  auto wrong = get("/api/v1/groups.info?roomId=" + rid, alice);
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(wrong.error_type(), "error-room-not-found");
  EXPECT_EQ(get("/api/v1/channels.info?roomId=nope", alice).error_type(), "error-room-not-found");
  auto none = get("/api/v1/channels.info", alice);
  EXPECT_EQ(none.status, 400);
  EXPECT_EQ(none.error_type(), "error-room-param-not-provided");
  EXPECT_EQ(post("/api/v1/channels.create", {}, alice).error_type(), "invalid-params");
  EXPECT_EQ(post("/api/v1/channels.create", {{"name", "dev"}}, alice).error_type(),
            "error-duplicate-channel-name");

  room(alice, "channels", "other");
  auto list = get("/api/v1/channels.list?count=1&offset=1", alice);
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.body.at("channels").as_array().size(), 1u);
  EXPECT_EQ(list.body.at("channels").at(0).at("name"), "other");
  EXPECT_EQ(list.body.at("count"), 1);
  EXPECT_EQ(list.body.at("offset"), 1);
  EXPECT_EQ(list.body.at("total"), 2);
  auto joined = get("/api/v1/channels.list.joined", login("bob"));
  EXPECT_EQ(joined.body.at("total"), 1);
  EXPECT_EQ(joined.body.at("channels").at(0).at("name"), "dev");
  EXPECT_EQ(get("/api/v1/channels.list?sort={\"name\":2}", alice).error_type(),
            "error-invalid-sort");
}

TEST_F(RestRoomsTest, PrivateGroupsDoNotExistForStrangers) {
  auto alice = user("alice");
  auto bob = user("bob");
  std::string gid = room(alice, "groups", "secret");
  for (const std::string path : {"groups.info", "groups.messages", "groups.members",
                                 "groups.history", "groups.counters", "groups.roles"}) {
    auto r = get("/api/v1/" + path + "?roomId=" + gid, bob);
    EXPECT_EQ(r.status, 400) << path;
    EXPECT_EQ(r.error_type(), "error-room-not-found") << path;
  }
  EXPECT_EQ(get("/api/v1/rooms.info?roomId=" + gid, bob).error_type(), "error-room-not-found");
  EXPECT_EQ(get("/api/v1/groups.list", bob).body.at("total"), 0);
  EXPECT_EQ(post("/api/v1/chat.sendMessage",
                 {{"message", json::object{{"rid", gid}, {"msg", "hi"}}}}, bob)
                .error_type(),
            "error-not-allowed");

  auto invited = post("/api/v1/groups.invite", {{"roomId", gid}, {"username", "bob"}}, alice);
  ASSERT_EQ(invited.status, 200) << json::serialize(invited.body);
  EXPECT_EQ(invited.body.at("group").at("usersCount"), 2);
  EXPECT_EQ(get("/api/v1/groups.list", bob).body.at("groups").at(0).at("_id"), json::value(gid));
  // A member who is not an owner may not kick: RC's removeUserFromRoom refuses with a 400.
  auto refused = post("/api/v1/groups.kick", {{"roomId", gid}, {"username", "alice"}}, bob);
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(refused.error_type(), "error-not-allowed");
  auto kicked = post("/api/v1/groups.kick", {{"roomId", gid}, {"userId", id_of("bob")}}, alice);
  EXPECT_EQ(kicked.status, 200);
  EXPECT_EQ(kicked.body, (json::object{{"success", true}}));
  EXPECT_EQ(get("/api/v1/groups.info?roomId=" + gid, bob).error_type(), "error-room-not-found");
  EXPECT_EQ(
      post("/api/v1/groups.invite", {{"roomId", gid}, {"username", "ghost"}}, alice).error_type(),
      "error-invalid-user");
  EXPECT_EQ(post("/api/v1/groups.invite", {{"roomId", gid}}, alice).error_type(),
            "error-empty-invite-list");
}

TEST_F(RestRoomsTest, DirectMessagesByRoomIdOrUsername) {
  auto alice = user("alice");
  user("bob");
  user("carol");
  auto created = post("/api/v1/im.create", {{"username", "bob"}}, alice);
  ASSERT_EQ(created.status, 200) << json::serialize(created.body);
  const auto& dm = created.body.at("room").as_object();
  std::string a = id_of("alice"), b = id_of("bob");
  std::string expected = a < b ? a + b : b + a;
  EXPECT_EQ(dm.at("_id"), json::value(expected));
  EXPECT_EQ(dm.at("rid"), json::value(expected));
  EXPECT_EQ(dm.at("t"), "d");
  EXPECT_EQ(dm.at("usernames").as_array().size(), 2u);
  auto group_dm = post("/api/v1/im.create", {{"usernames", "bob, carol"}}, alice);
  EXPECT_EQ(group_dm.body.at("room").at("usersCount"), 3);
  EXPECT_EQ(post("/api/v1/im.create", {}, alice).error_type(), "invalid-params");
  // excludeSelf: alice sets up a DM between bob and carol without joining it.
  auto between =
      post("/api/v1/im.create", {{"usernames", "bob,carol"}, {"excludeSelf", true}}, alice);
  ASSERT_EQ(between.status, 200) << json::serialize(between.body);
  std::string c = id_of("carol");
  EXPECT_EQ(between.body.at("room").at("_id"), json::value(b < c ? b + c : c + b));
  EXPECT_EQ(between.body.at("room").at("usersCount"), 2);
  EXPECT_FALSE(chat_.db.store()
                   .subscription(std::string(between.body.at("room").at("_id").as_string()), a)
                   .has_value());

  send(alice, expected, "hello bob");
  auto by_name = get("/api/v1/im.messages?username=bob", alice);
  ASSERT_EQ(by_name.status, 200) << json::serialize(by_name.body);
  EXPECT_EQ(by_name.body.at("total"), 1);
  EXPECT_EQ(by_name.body.at("messages").at(0).at("msg"), "hello bob");
  EXPECT_TRUE(is_iso_date(by_name.body.at("messages").at(0).at("ts")));
  EXPECT_EQ(get("/api/v1/im.history?roomId=" + expected, login("bob"))
                .body.at("messages")
                .as_array()
                .size(),
            1u);
  EXPECT_EQ(get("/api/v1/im.list", alice).body.at("ims").as_array().size(), 2u);
  auto members = get("/api/v1/im.members?roomId=" + expected, alice);
  EXPECT_EQ(members.body.at("total"), 2);
  auto counters = get("/api/v1/im.counters?roomId=" + expected, login("bob"));
  EXPECT_EQ(counters.body.at("joined"), true);
  EXPECT_EQ(counters.body.at("unreads"), 1);
  EXPECT_TRUE(is_iso_date(counters.body.at("latest")));
  // A DM is not a channel, and a channel is not a DM.
  EXPECT_EQ(get("/api/v1/channels.info?roomId=" + expected, alice).error_type(),
            "error-room-not-found");
  std::string cid = room(alice, "channels", "pub");
  EXPECT_EQ(get("/api/v1/im.history?roomId=" + cid, alice).error_type(), "error-room-not-found");
  EXPECT_EQ(post("/api/v1/im.open", {{"roomId", expected}}, alice).status, 200);  // no-op is ok
  EXPECT_EQ(post("/api/v1/im.close", {{"roomId", expected}}, alice).status, 200);
  EXPECT_EQ(post("/api/v1/im.close", {{"roomId", expected}}, alice).status, 400);
}

TEST_F(RestRoomsTest, HistoryAndMessagesPageNewestFirst) {
  auto alice = user("alice");
  std::string rid = room(alice, "channels", "busy");
  int64_t start = chat_.clock.now_ms();
  for (int i = 0; i < 25; ++i) {
    chat_.clock.advance_ms(1000);
    send(alice, rid, "m" + std::to_string(i));
  }
  auto history = get("/api/v1/channels.history?roomId=" + rid, alice);
  ASSERT_EQ(history.status, 200);
  const auto& msgs = history.body.at("messages").as_array();
  ASSERT_EQ(msgs.size(), 20u);  // RC's default count for history
  EXPECT_EQ(msgs.at(0).at("msg"), "m24");
  // latest/oldest are ISO strings; the fifth message was sent at start + 5 s.
  std::string fifth = util::iso8601(start + 5000);
  auto older = get("/api/v1/channels.history?roomId=" + rid + "&latest=" + fifth, alice);
  EXPECT_EQ(older.body.at("messages").as_array().size(), 4u);
  auto incl = get("/api/v1/channels.history?roomId=" + rid + "&latest=" + fifth +
                      "&inclusive=true&oldest=" + util::iso8601(start + 4000),
                  alice);
  EXPECT_EQ(incl.body.at("messages").as_array().size(), 2u);
  auto bad = get("/api/v1/channels.history?roomId=" + rid + "&latest=yesterday", alice);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.error_type(), "invalid-params");

  auto page = get("/api/v1/channels.messages?roomId=" + rid + "&count=10&offset=20", alice);
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.body.at("count"), 5);
  EXPECT_EQ(page.body.at("offset"), 20);
  EXPECT_EQ(page.body.at("total"), 25);
  EXPECT_EQ(page.body.at("messages").at(0).at("msg"), "m4");
  EXPECT_EQ(get("/api/v1/channels.messages?roomId=" + rid + "&count=-1", alice).status, 400);
}

TEST_F(RestRoomsTest, MembersRolesAndCounters) {
  auto alice = user("alice");
  auto bob = user("bob");
  std::string rid = room(alice, "channels", "team", json::array{"bob"});
  auto members = get("/api/v1/channels.members?roomId=" + rid, alice);
  ASSERT_EQ(members.status, 200);
  EXPECT_EQ(members.body.at("total"), 2);
  const auto& first = members.body.at("members").at(0).as_object();
  EXPECT_EQ(first.at("username"), "alice");
  for (const char* key : {"_id", "username", "name", "status"}) EXPECT_TRUE(first.contains(key));
  auto filtered = get("/api/v1/channels.members?roomId=" + rid + "&filter=BO", alice);
  EXPECT_EQ(filtered.body.at("total"), 1);
  EXPECT_EQ(filtered.body.at("members").at(0).at("username"), "bob");

  auto refused = post("/api/v1/channels.addOwner", {{"roomId", rid}, {"username", "bob"}}, bob);
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(refused.error_type(), "error-not-allowed");
  EXPECT_EQ(
      post("/api/v1/channels.addModerator", {{"roomId", rid}, {"username", "bob"}}, alice).status,
      200);
  auto roles = get("/api/v1/channels.roles?roomId=" + rid, alice);
  const auto& list = roles.body.at("roles").as_array();
  ASSERT_EQ(list.size(), 2u);
  for (const auto& entry : list) {
    EXPECT_EQ(entry.at("rid"), json::value(rid));
    EXPECT_TRUE(entry.at("u").as_object().contains("username"));
  }
  EXPECT_EQ(
      post("/api/v1/channels.removeModerator", {{"roomId", rid}, {"userId", id_of("bob")}}, alice)
          .status,
      200);
  EXPECT_EQ(post("/api/v1/channels.addOwner", {{"roomId", rid}, {"username", "bob"}}, alice).status,
            200);
  EXPECT_EQ(
      post("/api/v1/channels.removeOwner", {{"roomId", rid}, {"username", "bob"}}, alice).status,
      200);
  EXPECT_EQ(post("/api/v1/channels.addOwner", {{"roomId", rid}}, alice).error_type(),
            "error-user-param-not-provided");

  send(alice, rid, "one");
  send(alice, rid, "two");
  auto counters = get("/api/v1/channels.counters?roomId=" + rid, bob);
  ASSERT_EQ(counters.status, 200);
  EXPECT_EQ(counters.body.at("joined"), true);
  EXPECT_EQ(counters.body.at("members"), 2);
  EXPECT_EQ(counters.body.at("unreads"), 2);
  EXPECT_EQ(counters.body.at("userMentions"), 0);
  EXPECT_TRUE(is_iso_date(counters.body.at("unreadsFrom")));
  EXPECT_TRUE(is_iso_date(counters.body.at("latest")));
  EXPECT_GE(counters.body.at("msgs").as_int64(), 2);
  auto other = get("/api/v1/channels.counters?roomId=" + rid + "&userId=" + id_of("alice"), bob);
  EXPECT_EQ(other.status, 403);
}

TEST_F(RestRoomsTest, JoinLeaveOpenAndClose) {
  auto alice = user("alice");
  auto bob = user("bob");
  std::string rid = room(alice, "channels", "lobby");
  auto joined = post("/api/v1/channels.join", {{"roomName", "lobby"}}, bob);
  ASSERT_EQ(joined.status, 200);
  EXPECT_EQ(joined.body.at("channel").at("usersCount"), 2);
  auto already = post("/api/v1/channels.open", {{"roomId", rid}}, bob);
  EXPECT_EQ(already.status, 400);
  EXPECT_FALSE(already.body.contains("errorType"));  // RC's plain-sentence failure
  EXPECT_EQ(post("/api/v1/channels.close", {{"roomId", rid}}, bob).status, 200);
  EXPECT_EQ(
      get("/api/v1/subscriptions.getOne?roomId=" + rid, bob).body.at("subscription").at("open"),
      false);
  EXPECT_EQ(post("/api/v1/channels.close", {{"roomId", rid}}, bob).status, 400);
  EXPECT_EQ(post("/api/v1/channels.open", {{"roomId", rid}}, bob).status, 200);
  auto left = post("/api/v1/channels.leave", {{"roomId", rid}}, bob);
  ASSERT_EQ(left.status, 200);
  EXPECT_EQ(left.body.at("channel").at("usersCount"), 1);
  EXPECT_EQ(post("/api/v1/channels.leave", {{"roomId", rid}}, bob).error_type(),
            "error-user-not-in-room");
  EXPECT_EQ(post("/api/v1/rooms.leave", {{"rid", rid}}, alice).error_type(),
            "");  // the only member may leave
  std::string gid = room(alice, "groups", "priv");
  EXPECT_EQ(post("/api/v1/channels.join", {{"roomId", gid}}, bob).error_type(),
            "error-room-not-found");
}

TEST_F(RestRoomsTest, SettingsReadOnlyAndArchive) {
  auto alice = user("alice");
  auto bob = user("bob");
  std::string rid = room(alice, "channels", "news", json::array{"bob"});
  auto topic = post("/api/v1/channels.setTopic", {{"roomId", rid}, {"topic", "hello"}}, alice);
  EXPECT_EQ(topic.body, (json::object{{"topic", "hello"}, {"success", true}}));
  auto same = post("/api/v1/channels.setTopic", {{"roomId", rid}, {"topic", "hello"}}, alice);
  EXPECT_EQ(same.status, 400);
  EXPECT_EQ(post("/api/v1/channels.setTopic", {{"roomId", rid}}, alice).error_type(),
            "invalid-params");
  EXPECT_EQ(post("/api/v1/channels.setDescription", {{"roomId", rid}, {"description", "d"}}, alice)
                .body.at("description"),
            "d");
  EXPECT_EQ(
      post("/api/v1/channels.setAnnouncement", {{"roomId", rid}, {"announcement", "a"}}, alice)
          .body.at("announcement"),
      "a");
  auto refused = post("/api/v1/channels.setTopic", {{"roomId", rid}, {"topic", "mine"}}, bob);
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(refused.error_type(), "error-action-not-allowed");
  EXPECT_EQ(refused.body.at("error"), "Editing room is not allowed [error-action-not-allowed]");
  auto info = get("/api/v1/channels.info?roomId=" + rid, bob).body.at("channel").as_object();
  EXPECT_EQ(info.at("topic"), "hello");
  EXPECT_EQ(info.at("announcement"), "a");

  auto renamed = post("/api/v1/channels.rename", {{"roomId", rid}, {"name", "headlines"}}, alice);
  EXPECT_EQ(renamed.body.at("channel").at("name"), "headlines");
  EXPECT_EQ(post("/api/v1/channels.rename", {{"roomId", rid}, {"name", " "}}, alice).status, 400);

  auto ro = post("/api/v1/channels.setReadOnly", {{"roomId", rid}, {"readOnly", true}}, alice);
  EXPECT_EQ(ro.body.at("channel").at("ro"), true);
  auto muted = post("/api/v1/chat.postMessage", {{"roomId", rid}, {"text", "hi"}}, bob);
  EXPECT_EQ(muted.status, 400);
  EXPECT_EQ(muted.error_type(), "error-message-not-allowed");
  EXPECT_EQ(
      post("/api/v1/channels.setReadOnly", {{"roomId", rid}, {"readOnly", true}}, alice).status,
      400);
  post("/api/v1/channels.setReadOnly", {{"roomId", rid}, {"readOnly", false}}, alice);

  EXPECT_EQ(post("/api/v1/channels.archive", {{"roomId", rid}}, bob).error_type(),
            "error-not-authorized");
  EXPECT_EQ(post("/api/v1/channels.archive", {{"roomId", rid}}, alice).body,
            (json::object{{"success", true}}));
  auto archived = post("/api/v1/chat.sendMessage",
                       {{"message", json::object{{"rid", rid}, {"msg", "x"}}}}, bob);
  EXPECT_EQ(archived.error_type(), "error-room-archived");
  EXPECT_EQ(
      post("/api/v1/channels.setTopic", {{"roomId", rid}, {"topic", "z"}}, alice).error_type(),
      "error-room-archived");
  EXPECT_EQ(get("/api/v1/channels.info?roomId=" + rid, bob).body.at("channel").at("archived"),
            true);
  // RC's default unarchive-room is admin-only: the owner who archived cannot undo it.
  EXPECT_EQ(post("/api/v1/channels.unarchive", {{"roomId", rid}}, alice).error_type(),
            "error-not-authorized");
  auto admin = login("admin");
  EXPECT_EQ(post("/api/v1/channels.unarchive", {{"roomId", rid}}, admin).status, 200);
  EXPECT_EQ(post("/api/v1/channels.unarchive", {{"roomId", rid}}, admin).status, 400);
}

// groups.* share the channels.* handlers; this walks each group route once, plus the
// channels.* and im.* routes the other tests do not reach.
TEST_F(RestRoomsTest, GroupRoutesAndTheRestOfTheFamilies) {
  auto alice = user("alice");
  auto bob = user("bob");
  std::string gid = room(alice, "groups", "ops", json::array{"bob"});
  auto info = get("/api/v1/groups.info?roomName=ops", bob);
  EXPECT_EQ(info.body.at("group").at("t"), "p");
  send(alice, gid, "hi");
  EXPECT_EQ(get("/api/v1/groups.history?roomId=" + gid, bob).body.at("messages").as_array().size(),
            1u);
  EXPECT_EQ(get("/api/v1/groups.messages?roomId=" + gid, bob).body.at("total"), 1);
  EXPECT_EQ(get("/api/v1/groups.members?roomId=" + gid, bob).body.at("total"), 2);
  EXPECT_EQ(get("/api/v1/groups.counters?roomId=" + gid, bob).body.at("unreads"), 1);
  EXPECT_EQ(get("/api/v1/groups.roles?roomId=" + gid, bob).body.at("roles").as_array().size(), 1u);
  for (const char* field : {"topic", "description", "announcement"}) {
    std::string path =
        std::string("/api/v1/groups.set") + char(std::toupper(field[0])) + (field + 1);
    auto r = post(path, {{"roomId", gid}, {field, "x"}}, alice);
    EXPECT_EQ(r.body.at(field), "x") << path;
  }
  EXPECT_EQ(post("/api/v1/groups.rename", {{"roomId", gid}, {"name", "ops2"}}, alice)
                .body.at("group")
                .at("name"),
            "ops2");
  EXPECT_EQ(post("/api/v1/groups.setReadOnly", {{"roomId", gid}, {"readOnly", true}}, alice)
                .body.at("group")
                .at("ro"),
            true);
  for (const char* path :
       {"groups.addModerator", "groups.removeModerator", "groups.addOwner", "groups.removeOwner"}) {
    EXPECT_EQ(
        post(std::string("/api/v1/") + path, {{"roomId", gid}, {"username", "bob"}}, alice).status,
        200)
        << path;
  }
  EXPECT_EQ(post("/api/v1/groups.close", {{"roomId", gid}}, bob).status, 200);
  EXPECT_EQ(post("/api/v1/groups.open", {{"roomId", gid}}, bob).status, 200);
  EXPECT_EQ(post("/api/v1/groups.archive", {{"roomId", gid}}, alice).status, 200);
  EXPECT_EQ(post("/api/v1/groups.unarchive", {{"roomId", gid}}, alice).status, 400);
  EXPECT_EQ(post("/api/v1/groups.leave", {{"roomId", gid}}, bob).error_type(),
            "error-room-archived");

  std::string gid2 = room(alice, "groups", "ops3", json::array{"bob"});
  EXPECT_EQ(post("/api/v1/groups.leave", {{"roomId", gid2}}, bob).body,
            (json::object{{"success", true}}));

  std::string cid = room(alice, "channels", "pub");
  auto invited = post("/api/v1/channels.invite",
                      {{"roomId", cid}, {"userIds", json::array{id_of("bob"), "ghost"}}}, alice);
  EXPECT_EQ(invited.body.at("channel").at("usersCount"), 2);
  auto kicked = post("/api/v1/channels.kick", {{"roomName", "pub"}, {"username", "bob"}}, alice);
  EXPECT_EQ(kicked.body.at("channel").at("usersCount"), 1);

  auto admin = login("admin");
  std::string dm(post("/api/v1/im.create", {{"username", "bob"}}, admin)
                     .body.at("room")
                     .at("_id")
                     .as_string());
  EXPECT_EQ(post("/api/v1/im.setTopic", {{"roomId", dm}, {"topic", "t"}}, admin).body.at("topic"),
            "t");  // edit-room: admins only in a DM
  EXPECT_EQ(post("/api/v1/im.setTopic", {{"roomId", dm}, {"topic", "u"}}, bob).status, 400);
  EXPECT_EQ(post("/api/v1/im.leave", {{"roomId", dm}}, bob).body,
            (json::object{{"success", true}}));
}

TEST_F(RestRoomsTest, RoomsAndSubscriptionsOfTheCaller) {
  auto alice = user("alice");
  auto bob = user("bob");
  std::string rid = room(alice, "channels", "general", json::array{"bob"});
  room(alice, "groups", "hidden");
  auto rooms = get("/api/v1/rooms.get", bob);
  ASSERT_EQ(rooms.status, 200);
  EXPECT_EQ(rooms.body.at("update").as_array().size(), 1u);
  EXPECT_EQ(rooms.body.at("remove"), json::array{});
  chat_.clock.advance_ms(60'000);
  std::string now = util::iso8601(chat_.clock.now_ms());
  EXPECT_EQ(get("/api/v1/rooms.get?updatedSince=" + now, bob).body.at("update"), json::array{});
  chat_.clock.advance_ms(1000);
  send(alice, rid, "news");
  EXPECT_EQ(get("/api/v1/rooms.get?updatedSince=" + now, bob).body.at("update").as_array().size(),
            1u);
  EXPECT_EQ(get("/api/v1/rooms.get?updatedSince=soon", bob).error_type(), "invalid-params");
  auto info = get("/api/v1/rooms.info?roomName=general", bob);
  EXPECT_EQ(info.body.at("room").at("_id"), json::value(rid));
  EXPECT_TRUE(is_iso_date(info.body.at("room").at("lastMessage").at("ts")));

  auto subs = get("/api/v1/subscriptions.get", bob);
  ASSERT_EQ(subs.body.at("update").as_array().size(), 1u);
  const auto& sub = subs.body.at("update").at(0).as_object();
  EXPECT_EQ(sub.at("rid"), json::value(rid));
  EXPECT_EQ(sub.at("unread"), 1);
  EXPECT_TRUE(is_iso_date(sub.at("ts")));
  EXPECT_TRUE(is_iso_date(sub.at("_updatedAt")));
  EXPECT_EQ(
      get("/api/v1/subscriptions.get?updatedSince=" + now, bob).body.at("update").as_array().size(),
      1u);  // the message raised the unread count
  EXPECT_EQ(get("/api/v1/subscriptions.get?updatedSince=x", bob).status, 400);

  EXPECT_EQ(post("/api/v1/subscriptions.read", {{"rid", rid}}, bob).status, 200);
  auto one = get("/api/v1/subscriptions.getOne?roomId=" + rid, bob);
  EXPECT_EQ(one.body.at("subscription").at("unread"), 0);
  EXPECT_EQ(one.body.at("subscription").at("alert"), false);
  EXPECT_EQ(get("/api/v1/subscriptions.getOne?roomId=elsewhere", bob).body.at("subscription"),
            nullptr);
  EXPECT_EQ(get("/api/v1/subscriptions.getOne", bob).status, 400);
  EXPECT_EQ(post("/api/v1/subscriptions.read", {}, bob).status, 400);
  EXPECT_EQ(post("/api/v1/subscriptions.read", {{"roomId", "elsewhere"}}, bob).error_type(),
            "error-invalid-subscription");
  EXPECT_EQ(post("/api/v1/subscriptions.unread", {{"roomId", rid}}, bob).status, 200);
  EXPECT_EQ(post("/api/v1/subscriptions.unread", {}, bob).status, 400);
  // Rocket.Chat's unreadMessages: no such room (or no message in it) is not allowed.
  EXPECT_EQ(post("/api/v1/subscriptions.unread", {{"roomId", "elsewhere"}}, bob).error_type(),
            "error-action-not-allowed");
}

TEST_F(RestRoomsTest, EveryNewRouteNeedsAuthentication) {
  for (const char* path :
       {"/api/v1/channels.list", "/api/v1/groups.info", "/api/v1/im.list", "/api/v1/rooms.get",
        "/api/v1/subscriptions.get", "/api/v1/chat.getMessage", "/api/v1/permissions.listAll",
        "/api/v1/roles.list"}) {
    EXPECT_EQ(get(path, {}).status, 401) << path;
  }
  EXPECT_EQ(post("/api/v1/chat.postMessage", {{"channel", "#general"}, {"text", "x"}}, {}).status,
            401);
}

}  // namespace
}  // namespace parley::testing
