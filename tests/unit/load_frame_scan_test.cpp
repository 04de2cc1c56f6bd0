// The load generator's frame scanner: the fields it needs, from real frame shapes, and nothing
// read past the end of odd input.
#include <gtest/gtest.h>

#include <string>

#include "load/frame_scan.hpp"

namespace parley::load {
namespace {

TEST(LoadFrameScan, RoomStreamMessage) {
  const auto f = scan_frame(
      R"({"msg":"changed","collection":"stream-room-messages","id":"id","fields":{"eventName":"R1",)"
      R"("args":[{"_id":"M1","rid":"R1","msg":"hi \"there\"","u":{"_id":"U","username":"a"},)"
      R"("ts":{"$date":1700000000000},"mentions":[],"md":[{"type":"PARAGRAPH"}]}]}})");
  ASSERT_TRUE(f.ok);
  EXPECT_EQ(f.msg, "changed");
  EXPECT_EQ(f.collection, "stream-room-messages");
  EXPECT_EQ(f.event_name, "R1");
  EXPECT_EQ(f.arg0_id, "M1");
  EXPECT_EQ(f.arg0_rid, "R1");
  EXPECT_TRUE(f.arg1_id.empty());
}

TEST(LoadFrameScan, MyMessagesCarriesTheRoomInTheMessage) {
  const auto f =
      scan_frame(R"({"msg":"changed","collection":"stream-room-messages","id":"id","fields":{)"
                 R"("eventName":"__my_messages__","args":[{"rid":"R9","_id":"M2"},)"
                 R"({"roomParticipant":true,"roomType":"d"}]}})");
  ASSERT_TRUE(f.ok);
  EXPECT_EQ(f.event_name, "__my_messages__");
  EXPECT_EQ(f.arg0_id, "M2");
  EXPECT_EQ(f.arg0_rid, "R9");
}

TEST(LoadFrameScan, RoomsChangedLastMessage) {
  // Key order is the server's business: lastMessage before _id, nested objects with their own
  // _id (lastMessage.u._id) that must not be taken for the message's.
  const auto f = scan_frame(
      R"({"msg":"changed","collection":"stream-notify-user","id":"id","fields":{"eventName":)"
      R"("U1/rooms-changed","args":["updated",{"lastMessage":{"u":{"_id":"U2"},"_id":"M3",)"
      R"("rid":"R2"},"_id":"R2","t":"d","lm":{"$date":1}}]}})");
  ASSERT_TRUE(f.ok);
  EXPECT_EQ(f.arg0_string, "updated");
  EXPECT_EQ(f.arg1_id, "R2");
  EXPECT_EQ(f.arg1_last_message_id, "M3");
}

TEST(LoadFrameScan, ResultsReadiesAndErrors) {
  auto f = scan_frame(R"({"msg":"result","id":"m12","result":{"_id":"X","rid":"R"}})");
  ASSERT_TRUE(f.ok);
  EXPECT_EQ(f.msg, "result");
  EXPECT_EQ(f.id, "m12");
  EXPECT_FALSE(f.has_error);

  f = scan_frame(R"({"msg":"result","id":"7","error":{"error":"not-allowed","reason":"No"}})");
  ASSERT_TRUE(f.ok);
  EXPECT_TRUE(f.has_error);

  f = scan_frame(R"({"msg":"ready","subs":["s4","s5","s6"]})");
  ASSERT_TRUE(f.ok);
  EXPECT_EQ(f.subs_count, 3u);
  EXPECT_EQ(f.first_sub, "s4");

  f = scan_frame(R"({"msg":"nosub","id":"s6","error":{"error":"not-allowed"}})");
  ASSERT_TRUE(f.ok);
  EXPECT_EQ(f.msg, "nosub");
  EXPECT_TRUE(f.has_error);

  f = scan_frame(R"( { "msg" : "ping" , "id" : "p1" } )");
  ASSERT_TRUE(f.ok);
  EXPECT_EQ(f.msg, "ping");
  EXPECT_EQ(f.id, "p1");
}

TEST(LoadFrameScan, EscapedIdsAreNotTaken) {
  const auto f = scan_frame(
      R"({"msg":"changed","collection":"stream-room-messages","fields":{"eventName":"R1",)"
      R"("args":[{"_id":"M\"1","rid":"R1"}]}})");
  ASSERT_TRUE(f.ok);
  EXPECT_TRUE(f.arg0_id.empty());  // an id with an escape is not an id this run sent
  EXPECT_EQ(f.arg0_rid, "R1");
}

TEST(LoadFrameScan, OddInputIsRefusedNotOverread) {
  const std::string full =
      R"({"msg":"changed","collection":"stream-notify-user","fields":{"eventName":"U/rooms-changed",)"
      R"("args":["updated",{"_id":"R","lastMessage":{"_id":"M","msg":"a\\b"}}]}})";
  // Every prefix of a valid frame is malformed; none may crash (ASan checks the reads).
  for (std::size_t n = 0; n < full.size(); ++n) {
    EXPECT_FALSE(scan_frame(std::string_view(full.data(), n)).ok) << n;
  }
  EXPECT_TRUE(scan_frame(full).ok);
  for (const char* bad : {"", "[]", "\"msg\"", "{\"msg\":}", "{\"msg\" \"x\"}", "{,}",
                          "{\"a\":[1,2,}", "{\"a\":1}}", "{\"msg\":\"x\"", "nul", "{\"a\":\"\\"}) {
    EXPECT_FALSE(scan_frame(bad).ok) << bad;
  }
  // Nesting beyond the limit is refused, not recursed into.
  std::string deep = "{\"a\":" + std::string(10000, '[') + std::string(10000, ']') + "}";
  EXPECT_FALSE(scan_frame(deep).ok);
  // Meteor's greeting has no msg: well-formed, nothing taken.
  const auto hello = scan_frame(R"({"server_id":"0"})");
  EXPECT_TRUE(hello.ok);
  EXPECT_TRUE(hello.msg.empty());
}

}  // namespace
}  // namespace parley::load
