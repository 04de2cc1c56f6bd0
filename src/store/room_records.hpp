#pragma once
// Rooms, subscriptions and messages as the store keeps them.
//
// Fields a query filters, sorts or counts on are typed columns. Everything else about a room
// or a message is kept as the Rocket.Chat document itself (`doc`): a JSON object written by
// chat/ in DDP's EJSON form (dates as {"$date": ms}); REST turns those dates into ISO strings
// on the way out. That keeps the store ignorant of Rocket.Chat's many optional fields while
// the hot counters (unread, msgs, usersCount) stay cheap single-column updates.
#include <boost/json/object.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace parley::store {

struct RoomRecord {
  std::string id;
  std::string type;  // "c" public, "p" private, "d" direct, "l" livechat
  std::string name;  // unique (case-insensitive) among rooms that have one; empty for "d"
  bool archived = false;
  bool read_only = false;
  bool is_default = false;
  int64_t msgs = 0;         // messages in the room
  int64_t users_count = 0;  // subscriptions to the room
  int64_t created_at = 0;
  int64_t updated_at = 0;
  std::optional<int64_t> last_message_at;  // `lm`
  boost::json::object last_message;        // `lastMessage`; empty when none
  boost::json::object doc;  // fname, topic, announcement, description, u, usernames, uids, ...
};

struct SubscriptionRecord {
  std::string id;
  std::string room_id;
  std::string user_id;
  std::string username;
  std::string room_type;
  std::string name;   // the room's name as this user sees it (the other user for a DM)
  std::string fname;  // display name
  bool open = true;
  bool alert = false;
  bool favorite = false;  // `f`
  bool archived = false;
  int64_t unread = 0;
  int64_t user_mentions = 0;
  int64_t group_mentions = 0;
  std::optional<int64_t> last_seen;  // `ls`
  int64_t created_at = 0;            // `ts`
  int64_t updated_at = 0;
  std::vector<std::string> roles;  // "owner", "moderator" (room-scoped)
  // Discussions and chat.ignoreUser (migration 0009).
  std::string prid;                  // the parent room when the room is a discussion
  std::vector<std::string> ignored;  // user ids this member ignores in the room
};

// What is left of an ended subscription: enough for a client to drop it.
struct RemovedSubscription {
  std::string id;
  std::string room_id;
  std::string user_id;
  std::string room_type;
  int64_t removed_at = 0;
};

struct MessageRecord {
  std::string id;
  std::string room_id;
  std::string user_id;
  std::string thread_id;  // `tmid`; empty when the message is not a thread reply
  int64_t ts = 0;
  int64_t updated_at = 0;
  std::optional<int64_t> deleted_at;  // a tombstone keeps the id for chat.syncMessages
  boost::json::object doc;            // the IMessage as clients see it (EJSON dates)
};

struct RoomPage {
  std::vector<RoomRecord> rooms;
  int64_t total = 0;
};

struct SubscriptionPage {
  std::vector<SubscriptionRecord> subscriptions;
  int64_t total = 0;
};

struct MessagePage {
  std::vector<MessageRecord> messages;
  int64_t total = 0;  // 0 when the query asked for no total (HistoryQuery::count_total)
};

// Filters for room history (channels.history, loadHistory): newest first.
struct HistoryQuery {
  std::string room_id;
  std::optional<int64_t> latest;  // only messages with ts before (or at, if inclusive) this
  std::optional<int64_t> oldest;  // only messages with ts after (or at, if inclusive) this
  bool inclusive = false;
  int64_t offset = 0;
  int64_t count = 50;  // 0 = no limit
  // Count every matching message into MessagePage::total. That walks the room's whole range
  // (millions of index entries in a big room), so callers that return no total (loadHistory,
  // channels.history, exports) turn it off and pay only for the page.
  bool count_total = true;
  bool skip_thread_replies = false;  // hide replies not shown in the channel (tshow)
  bool oldest_first = false;         // default newest first
  // Filters of channels.messages and chat.get{Pinned,Starred,Mentioned}Messages; empty
  // lists filter nothing. A message matches when any listed user starred / is mentioned.
  bool pinned_only = false;
  std::vector<std::string> starred_by;
  std::vector<std::string> mentioning;
};

// What sending one message changes besides inserting it, applied in the same transaction.
struct MessageEffects {
  // Subscriptions of every member but the sender: unread += 1 and alert = true; for DMs
  // also open = true.
  bool count_unread = true;
  bool reopen = false;
  // user_mentions += 1 and alert = true; also unread += 1 for them when count_unread is
  // false (never twice for one message). The sender and non-members are not counted.
  std::vector<std::string> mentioned_user_ids;
  bool group_mention = false;  // @all/@here: group_mentions += 1 for all others
  // msgs += 1, lm, lastMessage = the message doc. Writes may commit out of ts order, so lm and
  // lastMessage only move forward: an older message does not replace a newer lastMessage.
  bool update_room_last_message = true;
  // The server chose ts (no client ts was kept): the store sets it to the write stamp, so
  // history order (ts, then insertion) is commit order.
  bool stamp_ts = false;
};

struct AppendResult {
  bool inserted = false;  // false: a message with this id existed; `message` is that one
  MessageRecord message;
  // A thread reply's parent as the same transaction wrote it (tcount, tlm, replies).
  std::optional<MessageRecord> parent;
};

// A change applied inside the store's write transaction to the current version of a row
// (read-modify-write without races). Return false to leave the row unchanged.
using MessageMutation = std::function<bool(MessageRecord&)>;
using RoomMutation = std::function<bool(RoomRecord&)>;
using SubscriptionMutation = std::function<bool(SubscriptionRecord&)>;

}  // namespace parley::store
