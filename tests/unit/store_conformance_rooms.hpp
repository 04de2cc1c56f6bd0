#pragma once
// Builders and comparisons shared by the rooms/subscriptions/messages conformance tests
// (store_rooms_conformance*.cpp). Interface-only, like the suite itself.
#include <boost/json.hpp>

#include <set>
#include <string>
#include <vector>

#include "unit/store_conformance.hpp"

namespace parley::store::conformance::rooms {

namespace json = boost::json;
using Ids = std::vector<std::string>;

inline constexpr int64_t kT0 = 1'700'000'000'000;

// 17 characters like Meteor ids, readable in failures.
inline std::string padded(char prefix, int n) {
  std::string digits = std::to_string(n);
  return prefix + std::string(16 - digits.size(), '0') + digits;
}
inline std::string user_id(int n) {
  return padded('u', n);
}
inline std::string room_id(int n) {
  return padded('r', n);
}
inline std::string message_id(int n) {
  return padded('m', n);
}

inline RoomRecord make_room(int n, const std::string& type, const std::string& name) {
  RoomRecord r;
  r.id = room_id(n);
  r.type = type;
  r.name = name;
  r.created_at = kT0 + n;
  r.updated_at = r.created_at;
  r.doc = {{"fname", name}, {"u", {{"_id", user_id(1)}, {"username", "alice"}}}};
  return r;
}

inline SubscriptionRecord make_sub(const RoomRecord& room, int user, const std::string& username) {
  SubscriptionRecord s;
  s.id = "s" + room.id.substr(9) + user_id(user).substr(9);  // 17 characters
  s.room_id = room.id;
  s.user_id = user_id(user);
  s.username = username;
  s.room_type = room.type;
  s.name = room.name;
  s.fname = room.name;
  s.created_at = kT0;
  s.updated_at = kT0;
  return s;
}

inline MessageRecord make_message(const std::string& id, const std::string& room, int user,
                                  int64_t ts, const std::string& text) {
  MessageRecord m;
  m.id = id;
  m.room_id = room;
  m.user_id = user_id(user);
  m.ts = ts;
  m.updated_at = ts;
  m.doc = {{"_id", id},
           {"rid", room},
           {"msg", text},
           {"ts", {{"$date", ts}}},
           {"u", {{"_id", user_id(user)}, {"username", "user" + std::to_string(user)}}},
           {"_updatedAt", {{"$date", ts}}}};
  return m;
}

// A HistoryQuery built field by field: designated initializers that leave out an optional
// member trip -Wmissing-field-initializers.
class HistoryFor {
 public:
  explicit HistoryFor(std::string room) { q_.room_id = std::move(room); }
  HistoryFor& latest(int64_t ts) { return q_.latest = ts, *this; }
  HistoryFor& oldest(int64_t ts) { return q_.oldest = ts, *this; }
  HistoryFor& inclusive() { return q_.inclusive = true, *this; }
  HistoryFor& offset(int64_t n) { return q_.offset = n, *this; }
  HistoryFor& count(int64_t n) { return q_.count = n, *this; }
  HistoryFor& skip_thread_replies() { return q_.skip_thread_replies = true, *this; }
  HistoryFor& without_total() { return q_.count_total = false, *this; }
  operator HistoryQuery() const { return q_; }  // NOLINT: implicit on purpose

 private:
  HistoryQuery q_;
};

inline Ids ids_of(const std::vector<MessageRecord>& messages) {
  Ids out;
  for (const auto& m : messages) out.push_back(m.id);
  return out;
}

inline std::set<std::string> id_set(const std::vector<MessageRecord>& messages) {
  std::set<std::string> out;
  for (const auto& m : messages) out.insert(m.id);
  return out;
}

inline Ids room_names(const RoomPage& page) {
  Ids out;
  for (const auto& r : page.rooms) out.push_back(r.name);
  return out;
}

inline Ids member_names(const SubscriptionPage& page) {
  Ids out;
  for (const auto& s : page.subscriptions) out.push_back(s.username);
  return out;
}

inline void expect_same_room(const RoomRecord& got, const RoomRecord& want) {
  EXPECT_EQ(got.id, want.id);
  EXPECT_EQ(got.type, want.type);
  EXPECT_EQ(got.name, want.name);
  EXPECT_EQ(got.archived, want.archived);
  EXPECT_EQ(got.read_only, want.read_only);
  EXPECT_EQ(got.is_default, want.is_default);
  EXPECT_EQ(got.msgs, want.msgs);
  EXPECT_EQ(got.users_count, want.users_count);
  EXPECT_EQ(got.created_at, want.created_at);
  EXPECT_EQ(got.updated_at, want.updated_at);
  EXPECT_EQ(got.last_message_at, want.last_message_at);
  EXPECT_EQ(got.last_message, want.last_message);
  EXPECT_EQ(got.doc, want.doc);
}

inline void expect_same_subscription(const SubscriptionRecord& got,
                                     const SubscriptionRecord& want) {
  EXPECT_EQ(got.id, want.id);
  EXPECT_EQ(got.room_id, want.room_id);
  EXPECT_EQ(got.user_id, want.user_id);
  EXPECT_EQ(got.username, want.username);
  EXPECT_EQ(got.room_type, want.room_type);
  EXPECT_EQ(got.name, want.name);
  EXPECT_EQ(got.fname, want.fname);
  EXPECT_EQ(got.open, want.open);
  EXPECT_EQ(got.alert, want.alert);
  EXPECT_EQ(got.favorite, want.favorite);
  EXPECT_EQ(got.archived, want.archived);
  EXPECT_EQ(got.unread, want.unread);
  EXPECT_EQ(got.user_mentions, want.user_mentions);
  EXPECT_EQ(got.group_mentions, want.group_mentions);
  EXPECT_EQ(got.last_seen, want.last_seen);
  EXPECT_EQ(got.created_at, want.created_at);
  EXPECT_EQ(got.updated_at, want.updated_at);
  EXPECT_EQ(got.roles, want.roles);
  EXPECT_EQ(got.prid, want.prid);
  EXPECT_EQ(got.ignored, want.ignored);
}

inline void expect_same_message(const MessageRecord& got, const MessageRecord& want) {
  EXPECT_EQ(got.id, want.id);
  EXPECT_EQ(got.room_id, want.room_id);
  EXPECT_EQ(got.user_id, want.user_id);
  EXPECT_EQ(got.thread_id, want.thread_id);
  EXPECT_EQ(got.ts, want.ts);
  EXPECT_EQ(got.updated_at, want.updated_at);
  EXPECT_EQ(got.deleted_at, want.deleted_at);
  EXPECT_EQ(got.doc, want.doc);
}

}  // namespace parley::store::conformance::rooms
