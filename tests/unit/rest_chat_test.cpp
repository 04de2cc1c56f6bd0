// chat.*, permissions.listAll and roles.list through the router.
#include "chat/permissions.hpp"
#include "rest_test_fixture.hpp"
#include "util/clock.hpp"

namespace parley::testing {
namespace {

namespace json = boost::json;

class RestChatTest : public RestFixture {};

TEST_F(RestChatTest, PostMessageResolvesChannelsAndDirectMessages) {
  auto alice = user("alice");
  auto bob = user("bob");
  std::string rid = room(alice, "channels", "general");
  auto posted = post("/api/v1/chat.postMessage", {{"roomId", rid}, {"text", "  hi all  "}}, alice);
  ASSERT_EQ(posted.status, 200) << json::serialize(posted.body);
  EXPECT_EQ(posted.body.at("ts"), chat_.clock.now_ms());  // a number, not a date
  EXPECT_EQ(posted.body.at("channel"), json::value(rid));
  const auto& m = posted.body.at("message").as_object();
  EXPECT_EQ(m.at("msg"), "hi all");
  EXPECT_EQ(m.at("rid"), json::value(rid));
  EXPECT_EQ(m.at("groupable"), false);
  EXPECT_TRUE(is_iso_date(m.at("ts")));
  EXPECT_TRUE(is_iso_date(m.at("_updatedAt")));
  EXPECT_TRUE(m.contains("md"));

  // "#name" joins a public channel first, as RC's webhook path does.
  auto by_name = post("/api/v1/chat.postMessage", {{"channel", "#general"}, {"text", "yo"}}, bob);
  ASSERT_EQ(by_name.status, 200) << json::serialize(by_name.body);
  EXPECT_EQ(by_name.body.at("channel"), "#general");
  EXPECT_EQ(get("/api/v1/channels.info?roomId=" + rid, bob).body.at("channel").at("usersCount"), 2);
  auto dm = post("/api/v1/chat.postMessage", {{"channel", "@alice"}, {"text", "psst"}}, bob);
  ASSERT_EQ(dm.status, 200);
  std::string a = id_of("alice"), b = id_of("bob");
  EXPECT_EQ(dm.body.at("message").at("rid"), json::value(a < b ? a + b : b + a));

  auto unknown = post("/api/v1/chat.postMessage", {{"channel", "#nope"}, {"text", "x"}}, bob);
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.error_type(), "invalid-channel");
  EXPECT_EQ(post("/api/v1/chat.postMessage", {{"text", "x"}}, bob).error_type(), "invalid-params");
  EXPECT_EQ(
      post("/api/v1/chat.postMessage", {{"roomId", rid}, {"attachments", "no"}}, bob).error_type(),
      "invalid-params");
}

TEST_F(RestChatTest, SendMessageIsIdempotentOnTheClientId) {
  auto alice = user("alice");
  std::string rid = room(alice, "channels", "general");
  json::object body{
      {"message",
       json::object{{"_id", "client-id-1"}, {"rid", rid}, {"msg", "once"}, {"emoji", ":a:"}}}};
  auto first = post("/api/v1/chat.sendMessage", body, alice);
  ASSERT_EQ(first.status, 200) << json::serialize(first.body);
  EXPECT_EQ(first.body.at("message").at("_id"), "client-id-1");
  EXPECT_EQ(first.body.at("message").at("emoji"), ":a:");
  chat_.clock.advance_ms(5000);
  auto again = post("/api/v1/chat.sendMessage", body, alice);
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(again.body.at("message"), first.body.at("message"));
  EXPECT_EQ(get("/api/v1/channels.messages?roomId=" + rid, alice).body.at("total"), 1);

  auto system = post("/api/v1/chat.sendMessage",
                     {{"message", json::object{{"rid", rid}, {"msg", "x"}, {"t", "uj"}}}}, alice);
  EXPECT_EQ(system.status, 400);
  EXPECT_EQ(system.error_type(), "invalid-params");
  EXPECT_EQ(
      post("/api/v1/chat.sendMessage", {{"message", json::object{{"msg", "x"}}}}, alice).status,
      400);
  EXPECT_EQ(post("/api/v1/chat.sendMessage", {{"message", "x"}}, alice).status, 400);
  EXPECT_EQ(post("/api/v1/chat.sendMessage",
                 {{"message", json::object{{"rid", "nope"}, {"msg", "x"}}}}, alice)
                .error_type(),
            "error-room-not-found");
  auto thread =
      post("/api/v1/chat.sendMessage",
           {{"message", json::object{{"rid", rid}, {"msg", "x"}, {"tshow", true}}}}, alice);
  EXPECT_EQ(thread.error_type(), "invalid-params");  // tshow without tmid
}

TEST_F(RestChatTest, UpdateDeleteAndGetMessage) {
  auto alice = user("alice");
  auto bob = user("bob");
  std::string rid = room(alice, "channels", "general", json::array{"bob"});
  std::string mid(send(alice, rid, "first")["_id"].as_string());
  chat_.clock.advance_ms(1000);
  auto edited =
      post("/api/v1/chat.update", {{"roomId", rid}, {"msgId", mid}, {"text", "second"}}, alice);
  ASSERT_EQ(edited.status, 200) << json::serialize(edited.body);
  EXPECT_EQ(edited.body.at("message").at("msg"), "second");
  EXPECT_TRUE(is_iso_date(edited.body.at("message").at("editedAt")));
  EXPECT_EQ(edited.body.at("message").at("editedBy").at("username"), "alice");
  EXPECT_EQ(post("/api/v1/chat.update", {{"roomId", rid}, {"msgId", mid}, {"text", "x"}}, bob)
                .error_type(),
            "error-action-not-allowed");
  EXPECT_EQ(post("/api/v1/chat.update", {{"roomId", rid}, {"msgId", mid}}, alice).error_type(),
            "invalid-params");

  auto got = get("/api/v1/chat.getMessage?msgId=" + mid, bob);
  EXPECT_EQ(got.body.at("message").at("msg"), "second");
  EXPECT_EQ(get("/api/v1/chat.getMessage", bob).status, 400);

  EXPECT_EQ(post("/api/v1/chat.delete", {{"roomId", rid}, {"msgId", mid}}, bob).error_type(),
            "error-action-not-allowed");
  auto deleted =
      post("/api/v1/chat.delete", {{"roomId", rid}, {"msgId", mid}, {"asUser", true}}, alice);
  ASSERT_EQ(deleted.status, 200) << json::serialize(deleted.body);
  EXPECT_EQ(deleted.body.at("_id"), json::value(mid));
  EXPECT_EQ(deleted.body.at("ts"),
            json::value(std::to_string(chat_.clock.now_ms())));  // ms as a string
  EXPECT_EQ(deleted.body.at("message").at("rid"), json::value(rid));
  EXPECT_EQ(deleted.body.at("message").at("u").at("username"), "alice");
  EXPECT_EQ(get("/api/v1/chat.getMessage?msgId=" + mid, bob).error_type(), "error-invalid-message");
}

TEST_F(RestChatTest, ReactionsPinsAndStars) {
  auto alice = user("alice");
  auto bob = user("bob");
  std::string rid = room(alice, "channels", "general", json::array{"bob"});
  std::string mid(send(alice, rid, "nice")["_id"].as_string());
  auto reacted = post("/api/v1/chat.react", {{"messageId", mid}, {"emoji", "smile"}}, bob);
  EXPECT_EQ(reacted.body, (json::object{{"success", true}}));
  auto msg = get("/api/v1/chat.getMessage?msgId=" + mid, bob).body.at("message").as_object();
  EXPECT_EQ(msg.at("reactions").at(":smile:").at("usernames"), (json::array{"bob"}));
  post("/api/v1/chat.react", {{"messageId", mid}, {"reaction", ":smile:"}}, bob);  // toggles
  EXPECT_FALSE(get("/api/v1/chat.getMessage?msgId=" + mid, bob)
                   .body.at("message")
                   .as_object()
                   .contains("reactions"));
  EXPECT_EQ(post("/api/v1/chat.react", {{"messageId", mid}}, bob).error_type(),
            "error-emoji-param-not-provided");
  EXPECT_EQ(post("/api/v1/chat.react", {{"emoji", "x"}}, bob).error_type(), "invalid-params");

  auto pinned = post("/api/v1/chat.pinMessage", {{"messageId", mid}}, alice);
  ASSERT_EQ(pinned.status, 200) << json::serialize(pinned.body);
  // RC answers the message_pinned notice, which quotes the original.
  const auto& notice = pinned.body.at("message").as_object();
  EXPECT_EQ(notice.at("t"), "message_pinned");
  EXPECT_EQ(notice.at("attachments").at(0).at("author_name"), "alice");
  EXPECT_TRUE(is_iso_date(notice.at("ts")));
  auto original = get("/api/v1/chat.getMessage?msgId=" + mid, alice).body.at("message");
  EXPECT_EQ(original.at("pinned"), true);
  EXPECT_TRUE(is_iso_date(original.at("pinnedAt")));
  EXPECT_EQ(post("/api/v1/chat.pinMessage", {{"messageId", mid}}, bob).error_type(),
            "error-action-not-allowed");
  EXPECT_EQ(post("/api/v1/chat.unPinMessage", {{"messageId", mid}}, alice).body,
            (json::object{{"success", true}}));

  EXPECT_EQ(post("/api/v1/chat.starMessage", {{"messageId", mid}}, alice).status, 200);
  EXPECT_EQ(post("/api/v1/chat.starMessage", {{"messageId", mid}}, bob).status, 200);
  // Each viewer sees only their own star, as RC's normalizeMessagesForUser does.
  auto seen = get("/api/v1/chat.getMessage?msgId=" + mid, bob).body.at("message").as_object();
  EXPECT_EQ(seen.at("starred"), (json::array{json::object{{"_id", id_of("bob")}}}));
  EXPECT_EQ(post("/api/v1/chat.unStarMessage", {{"messageId", mid}}, bob).status, 200);
  EXPECT_EQ(get("/api/v1/chat.getMessage?msgId=" + mid, bob).body.at("message").at("starred"),
            json::array{});
  EXPECT_EQ(post("/api/v1/chat.starMessage", {{"messageId", "nope"}}, bob).error_type(),
            "error-invalid-message");
}

TEST_F(RestChatTest, SyncThreadsAndSearch) {
  auto alice = user("alice");
  std::string rid = room(alice, "channels", "general");
  std::string root(send(alice, rid, "root of the thread")["_id"].as_string());
  std::string gone(send(alice, rid, "to be deleted")["_id"].as_string());
  chat_.clock.advance_ms(1000);
  std::string since = util::iso8601(chat_.clock.now_ms());
  chat_.clock.advance_ms(1000);
  for (int i = 0; i < 3; ++i) {
    auto reply =
        post("/api/v1/chat.sendMessage",
             {{"message",
               json::object{{"rid", rid}, {"msg", "reply " + std::to_string(i)}, {"tmid", root}}}},
             alice);
    ASSERT_EQ(reply.status, 200) << json::serialize(reply.body);
  }
  post("/api/v1/chat.delete", {{"roomId", rid}, {"msgId", gone}}, alice);

  auto sync = get("/api/v1/chat.syncMessages?roomId=" + rid + "&lastUpdate=" + since, alice);
  ASSERT_EQ(sync.status, 200) << json::serialize(sync.body);
  const auto& result = sync.body.at("result").as_object();
  EXPECT_EQ(result.at("updated").as_array().size(), 4u);  // three replies and their root
  ASSERT_EQ(result.at("deleted").as_array().size(), 1u);
  EXPECT_EQ(result.at("deleted").at(0).at("_id"), json::value(gone));
  EXPECT_TRUE(is_iso_date(result.at("deleted").at(0).at("_deletedAt")));
  auto bad = get("/api/v1/chat.syncMessages?roomId=" + rid + "&lastUpdate=later", alice);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.error_type(), "invalid-params");
  EXPECT_EQ(get("/api/v1/chat.syncMessages?roomId=" + rid, alice).status, 400);
  EXPECT_EQ(get("/api/v1/chat.syncMessages?roomId=" + rid + "&type=UPDATED", alice).status, 400);

  auto thread = get("/api/v1/chat.getThreadMessages?tmid=" + root + "&count=2&roomId=x", alice);
  ASSERT_EQ(thread.status, 200) << json::serialize(thread.body);
  EXPECT_EQ(thread.body.at("count"), 2);
  EXPECT_EQ(thread.body.at("total"), 3);
  EXPECT_EQ(thread.body.at("messages").at(0).at("msg"), "reply 0");  // oldest first
  EXPECT_EQ(get("/api/v1/chat.getThreadMessages", alice).status, 400);

  auto found = get("/api/v1/chat.search?roomId=" + rid + "&searchText=thread", alice);
  ASSERT_EQ(found.status, 200);
  ASSERT_EQ(found.body.at("messages").as_array().size(), 1u);
  EXPECT_EQ(found.body.at("messages").at(0).at("_id"), json::value(root));
  EXPECT_EQ(get("/api/v1/chat.search?roomId=" + rid, alice).status, 400);
}

TEST_F(RestChatTest, PermissionsAndRolesAsTheTablesHoldThem) {
  auto alice = user("alice");
  auto all = get("/api/v1/permissions.listAll", alice);
  ASSERT_EQ(all.status, 200);
  const auto& update = all.body.at("update").as_array();
  ASSERT_EQ(update.size(), chat::default_permissions().size());
  EXPECT_EQ(update.at(28).at("_id"), "edit-message");
  EXPECT_EQ(update.at(140).at("_id"), "post-readonly");
  EXPECT_EQ(update.at(150).at("_id"), "pin-message");
  EXPECT_TRUE(update.at(0).at("roles").is_array());
  EXPECT_TRUE(is_iso_date(update.at(0).at("_updatedAt")));
  EXPECT_EQ(all.body.at("remove"), json::array{});
  auto since = get("/api/v1/permissions.listAll?updatedSince=2024-01-01T00:00:00.000Z", alice);
  EXPECT_EQ(since.body.at("update"), json::array{});
  EXPECT_EQ(get("/api/v1/permissions.listAll?updatedSince=bad", alice).status, 400);

  auto roles = get("/api/v1/roles.list", alice);
  const auto& list = roles.body.at("roles").as_array();
  ASSERT_EQ(list.size(), chat::default_roles().size());
  EXPECT_EQ(list.at(0).at("_id"), json::value(chat::default_roles().front().id));
  for (const char* key : {"_id", "name", "scope", "description", "protected", "mandatory2fa"}) {
    EXPECT_TRUE(list.at(0).as_object().contains(key)) << key;
  }
}

// parley runs no slash commands: an empty list in Rocket.Chat's paged shape (EmbeddedChat asks
// for it at sign-in), with the paging parameters still checked.
TEST_F(RestChatTest, CommandsListIsEmptyAndPaged) {
  auto alice = user("alice");
  auto list = get("/api/v1/commands.list?count=5&offset=0", alice);
  ASSERT_EQ(list.status, 200) << json::serialize(list.body);
  EXPECT_EQ(list.body.at("commands"), json::array{});
  EXPECT_EQ(list.body.at("count"), 0);
  EXPECT_EQ(list.body.at("offset"), 0);
  EXPECT_EQ(list.body.at("total"), 0);
  EXPECT_EQ(list.body.at("success"), true);
  EXPECT_EQ(get("/api/v1/commands.list?count=x", alice).status, 400);
  EXPECT_EQ(get("/api/v1/commands.list", {}).status, 401);
}

}  // namespace
TEST_F(RestChatTest, PinnedStarredAndMentionedListsAndTheTsSort) {
  auto alice = user("alice"), bob = user("bob");
  std::string rid = room(alice, "channels", "marks", json::array{"bob"});
  auto first = send(alice, rid, "first, for @bob");
  auto second = send(bob, rid, "second");
  auto third = send(alice, rid, "third");
  auto id = [](const json::object& m) { return std::string(m.at("_id").as_string()); };
  ASSERT_EQ(post("/api/v1/chat.pinMessage", {{"messageId", id(second)}}, alice).status, 200);
  ASSERT_EQ(post("/api/v1/chat.starMessage", {{"messageId", id(third)}}, bob).status, 200);

  auto ids_of = [](const Reply& r) {
    std::vector<std::string> out;
    for (const auto& m : r.body.at("messages").as_array()) {
      out.emplace_back(m.at("_id").as_string());
    }
    return out;
  };
  auto pinned = get("/api/v1/chat.getPinnedMessages?roomId=" + rid, bob);
  EXPECT_EQ(ids_of(pinned), std::vector<std::string>{id(second)});
  EXPECT_EQ(pinned.body.at("total"), 1);
  EXPECT_EQ(ids_of(get("/api/v1/chat.getStarredMessages?roomId=" + rid, bob)),
            std::vector<std::string>{id(third)});
  EXPECT_TRUE(ids_of(get("/api/v1/chat.getStarredMessages?roomId=" + rid, alice)).empty())
      << "stars are per user";
  EXPECT_EQ(ids_of(get("/api/v1/chat.getMentionedMessages?roomId=" + rid, bob)),
            std::vector<std::string>{id(first)});

  // channels.messages: the same filters, and sort by ts either way.
  auto mentioned = get(
      "/api/v1/channels.messages?roomId=" + rid + "&mentionIds=%5B%22" + id_of("bob") + "%22%5D",
      alice);
  EXPECT_EQ(ids_of(mentioned), std::vector<std::string>{id(first)});
  EXPECT_EQ(ids_of(get("/api/v1/channels.messages?roomId=" + rid + "&pinned=true", alice)),
            std::vector<std::string>{id(second)});
  auto oldest_first = ids_of(
      get("/api/v1/channels.messages?roomId=" + rid + "&sort=%7B%22ts%22%3A1%7D&count=100", alice));
  auto newest_first = ids_of(get("/api/v1/channels.messages?roomId=" + rid + "&count=100", alice));
  ASSERT_FALSE(oldest_first.empty());
  std::reverse(newest_first.begin(), newest_first.end());
  EXPECT_EQ(oldest_first, newest_first);

  EXPECT_EQ(get("/api/v1/channels.messages?roomId=" + rid + "&sort=%7B%22msg%22%3A1%7D", alice)
                .error_type(),
            "error-invalid-sort");
  EXPECT_EQ(get("/api/v1/channels.messages?roomId=" + rid + "&mentionIds=%5B1%5D", alice).status,
            400);
  auto carol = user("carol");
  std::string secret = room(alice, "groups", "secret-marks");
  EXPECT_EQ(get("/api/v1/chat.getPinnedMessages?roomId=" + secret, carol).status, 400);
  EXPECT_EQ(get("/api/v1/chat.getPinnedMessages", carol).status, 400);
}

}  // namespace parley::testing
