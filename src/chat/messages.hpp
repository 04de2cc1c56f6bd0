#pragma once
// Messages: sending (with Rocket.Chat's checks), editing, deleting, reactions, pins, stars,
// and the reads that page through them. Runs on worker threads.
//
// Ordering guarantee: a message is acknowledged (returned) only after the transaction that
// holds it has committed, and its realtime event is published after that same commit, in
// commit order (from the store's AfterCommit hook): a room's stream order is its history
// order. Its ts (unless the client's was kept) and _updatedAt are the store's write stamp.
// Idempotency: a client-supplied _id that already exists returns the stored message and
// publishes nothing (a resend never makes a second copy).
#include <atomic>
#include <boost/json/object.hpp>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "chat/errors.hpp"
#include "chat/events.hpp"
#include "chat/room_access.hpp"
#include "store/store.hpp"
#include "util/clock.hpp"

namespace parley::chat {

struct SendRequest {
  std::string id;  // client-supplied _id; empty = the server picks one
  std::string room_id;
  std::string text;       // `msg`
  std::string thread_id;  // `tmid`
  bool tshow = false;
  std::optional<int64_t> client_ts;  // `ts` sent by the client, ms
  // Passed through onto the message when present: alias, emoji, avatar, attachments, bot,
  // groupable, customFields, blocks.
  boost::json::object extras;
};

struct MessageLimits {
  std::size_t max_size = 5000;  // Message_MaxAllowedSize
  bool threads_enabled = true;  // Threads_enabled
};

struct MessageList {
  std::vector<boost::json::object> messages;
  int64_t total = 0;
};

// rooms.cleanHistory's filters (RC's cleanRoomHistory): messages with ts between oldest and
// latest (bounds included with `inclusive`), optionally only of some usernames, at most
// `limit` (0: all), oldest first.
struct CleanHistoryRequest {
  int64_t oldest = 0;
  int64_t latest = 0;
  bool inclusive = false;
  bool exclude_pinned = false;
  bool files_only = false;         // keep the messages, remove their files
  bool ignore_threads = false;     // leave thread parents (tcount) and replies (tmid) alone
  bool ignore_discussion = false;  // leave discussion messages (drid) alone
  std::vector<std::string> users;  // usernames; empty = everyone
  int64_t limit = 0;
};

class Messages {
 public:
  Messages(store::Store& store, const util::Clock& clock, RoomAccess& access, Events& events,
           MessageLimits limits = {});

  // Called with the room type after each new message a user sent is stored (not for a
  // resend, nor for system messages): how app/ counts messages received without chat/
  // knowing about metrics. Set once, before any send.
  void on_sent(std::function<void(std::string_view room_type)> hook) {
    sent_hook_ = std::move(hook);
  }

  // Called after a message was stored in a room (send, post_system) or deleted from it
  // (remove: `removed` is true and the doc is the message as it was), on the calling worker
  // after the commit. How chat/discussions keeps a parent's dcount/dlm and removes a discussion
  // with its discussion-created message while Messages knows nothing of discussions. Hooks are
  // added before serving and run in the order they were added.
  using RoomMessageHook = std::function<void(const store::RoomRecord& room,
                                             const boost::json::object& message, bool removed)>;
  void on_room_message(RoomMessageHook hook) { room_message_hooks_.push_back(std::move(hook)); }
  // rooms.cleanHistory (clean_history.cpp): `clean-channel-history` in the room
  // (error-not-allowed), then the files of the matching messages go (`remove_upload`, per
  // upload id; a message whose files could not all be removed is left as it is) and, unless
  // files_only, the messages become tombstones in one write, followed by RC's
  // `<rid>/deleteMessageBulk` on stream-notify-room and rooms-changed. Returns how many
  // messages were deleted (files_only: how many messages lost their files).
  Result<int64_t> clean_history(const store::UserRecord& actor, const store::RoomRecord& room,
                                const CleanHistoryRequest& request,
                                const std::function<bool(std::string_view)>& remove_upload);

  // The settings changed (Message_MaxAllowedSize, Threads_enabled).
  void set_limits(MessageLimits limits);

  Result<boost::json::object> send(const store::UserRecord& sender, SendRequest request);
  // A system message (`t`: uj, ul, au, ru, r, room_changed_topic, ...) from `actor`.
  Result<boost::json::object> post_system(const store::RoomRecord& room,
                                          const store::UserRecord& actor, std::string type,
                                          std::string text, boost::json::object extra = {});
  Result<boost::json::object> update(const store::UserRecord& actor, std::string_view room_id,
                                     std::string_view message_id, std::string text);
  Result<boost::json::object> remove(const store::UserRecord& actor, std::string_view room_id,
                                     std::string_view message_id);
  // emoji with or without colons; should_react unset toggles.
  Status react(const store::UserRecord& actor, std::string_view message_id, std::string emoji,
               std::optional<bool> should_react);
  // Pinning posts a message_pinned notice quoting the original and returns it (what RC's
  // pinMessage answers); unpinning returns nothing.
  Result<std::optional<boost::json::object>> set_pinned(const store::UserRecord& actor,
                                                        std::string_view message_id, bool pinned);
  Status set_starred(const store::UserRecord& actor, std::string_view message_id, bool starred);

  Result<boost::json::object> get(const store::UserRecord& viewer, std::string_view message_id);
  Result<MessageList> history(const store::UserRecord& viewer, const store::HistoryQuery& query);
  Result<MessageList> thread(const store::UserRecord& viewer, std::string_view thread_id,
                             int64_t offset, int64_t count);
  Result<MessageList> search(const store::UserRecord& viewer, std::string_view room_id,
                             std::string_view text, int64_t offset, int64_t count);
  // --- message_lists.cpp: threads and search as RC 7's web client asks for them ---
  bool threads_enabled() const { return threads_enabled_.load(); }
  // getThreadMessages: the parent first, then its replies newest first (skip/limit page the
  // replies; limit 0 = all). Nothing when the parent is missing or has no replies.
  Result<MessageList> thread_with_parent(const store::UserRecord& viewer, std::string_view tmid,
                                         int64_t skip, int64_t limit);
  // chat.getThreadsList: the room's thread parents (Threads_enabled, room readable).
  // `type` is "all", "following" or "unread".
  Result<MessageList> thread_list(const store::UserRecord& viewer, store::ThreadQuery query,
                                  std::string_view type);
  struct ThreadSync {
    std::vector<boost::json::object> update;
    std::vector<boost::json::object> remove;  // {_id, _deletedAt}
  };
  Result<ThreadSync> thread_sync(const store::UserRecord& viewer, std::string_view room_id,
                                 int64_t since);
  // messageSearch without a room: every room the viewer is subscribed to, newest first.
  MessageList search_member_rooms(const store::UserRecord& viewer, std::string_view text,
                                  int64_t offset, int64_t count);

  // --- message_follow.cpp: chat.followMessage / chat.unfollowMessage, getDeletedMessages ---
  // Rocket.Chat's followMessage / unfollowMessage: the viewer joins (leaves) the `replies` of
  // the message's thread (the message itself when it is not a reply), and the thread parent is
  // republished. error-not-allowed while threads are off or when the room is not readable,
  // error-invalid-message for an unknown message.
  Status set_following(const store::UserRecord& viewer, std::string_view message_id, bool follow);
  // chat.getDeletedMessages: {_id} of the room's messages deleted after `since`, in the order
  // they were deleted, paged (count 0 = all). error-not-allowed when the room is not readable.
  Result<MessageList> deleted_since(const store::UserRecord& viewer, std::string_view room_id,
                                    int64_t since, int64_t offset, int64_t count);

  struct Sync {
    std::vector<boost::json::object> updated;
    std::vector<boost::json::object> deleted;  // {_id, _deletedAt}
  };
  Result<Sync> sync(const store::UserRecord& viewer, std::string_view room_id, int64_t since);

 private:
  // After a new message committed: rooms-changed for the members, desktop notifications.
  void announce(const store::RoomRecord& room, const store::UserRecord& sender,
                const boost::json::object& message, const store::MessageEffects& effects);
  Result<store::RoomRecord> readable_room(const store::UserRecord& viewer,
                                          std::string_view room_id);
  // Loads a message and its room, checking the actor may read the room.
  Result<std::pair<store::MessageRecord, store::RoomRecord>> load(const store::UserRecord& actor,
                                                                  std::string_view message_id);
  boost::json::object build(const store::UserRecord& sender, const store::RoomRecord& room,
                            const SendRequest& request, int64_t ts, store::MessageEffects& effects);
  // The hook that publishes a new message (and its thread parent) in commit order.
  store::AfterAppend publish_appended(const store::RoomRecord& room);
  Status modify_and_publish(const store::RoomRecord& room, std::string_view message_id,
                            const store::MessageMutation& mutation);

  store::Store& store_;
  const util::Clock& clock_;
  RoomAccess& access_;
  Events& events_;
  // Settings that change at run time (set_limits) while sends read them.
  std::atomic<std::size_t> max_size_;
  std::atomic<bool> threads_enabled_;
  std::function<void(std::string_view)> sent_hook_;
  std::vector<RoomMessageHook> room_message_hooks_;
  void run_room_message_hooks(const store::RoomRecord& room, const boost::json::object& message,
                              bool removed) {
    for (const auto& hook : room_message_hooks_) hook(room, message, removed);
  }
};

// The user object Rocket.Chat embeds in messages: {_id, username, name}.
boost::json::object message_user(const store::UserRecord& user);

}  // namespace parley::chat
