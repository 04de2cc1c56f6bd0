#pragma once
// Rooms and memberships: channels ("c"), private groups ("p") and direct rooms ("d"), with
// Rocket.Chat's permission checks, system messages and per-user events. Runs on workers.
// Every change writes first; the membership cache and the events follow the commit.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "chat/errors.hpp"
#include "chat/events.hpp"
#include "chat/messages.hpp"
#include "chat/room_access.hpp"
#include "chat/room_names.hpp"
#include "store/store.hpp"
#include "util/clock.hpp"

namespace parley::chat {

// How a request names a room: by id or by name (channels.*: roomId | roomName).
struct RoomRef {
  std::string id;
  std::string name;
};

struct CreateRoom {
  std::string type;  // "c" or "p"
  std::string name;
  std::vector<std::string> members;  // usernames besides the creator
  bool read_only = false;
  bool exclude_self = false;
  std::string topic;
};

// Rocket.Chat's #general, created at the first start with this fixed id.
inline constexpr std::string_view kGeneralRoomId = "GENERAL";

enum class RoomText { kTopic, kDescription, kAnnouncement };
enum class RoomRole { kOwner, kModerator };

class Rooms {
 public:
  // Told after a user joined or left a room and after a room was erased, on the caller's
  // thread, once the change committed: chat/teams keeps a team's members in step with its
  // main room through this. `by` is who added the user, when known.
  class Observer {
   public:
    virtual ~Observer() = default;
    virtual void joined(const store::RoomRecord& room, const store::UserRecord& user,
                        const store::UserRecord* by) = 0;
    virtual void left(const store::RoomRecord& room, const store::UserRecord& user) = 0;
    virtual void erased(const store::RoomRecord& room) = 0;
  };

  Rooms(store::Store& store, const util::Clock& clock, RoomAccess& access, Messages& messages,
        Events& events);

  // The naming rules create and rename check (room_names.hpp); app/ sets them from the
  // settings at start and on every change.
  void set_name_rules(RoomNameRules rules) { names_.set_rules(std::move(rules)); }
  Result<store::RoomRecord> create(const store::UserRecord& creator, const CreateRoom& request);
  // 1:1 (or self) DM, or a multi-user DM for more usernames. Returns the existing room when
  // there is one (and reopens the caller's subscription).
  // With exclude_self (im.create's excludeSelf) the caller sets up a DM between the others
  // without joining it.
  Result<store::RoomRecord> create_direct(const store::UserRecord& me,
                                          const std::vector<std::string>& usernames,
                                          bool exclude_self = false);

  // A room `viewer` can read, optionally restricted to some types ("c", "p", "d"). A missing,
  // unreadable or wrong-typed room is error-room-not-found (never "exists but forbidden").
  Result<store::RoomRecord> find(const store::UserRecord& viewer, const RoomRef& ref,
                                 std::string_view types = "cpd");

  Result<store::RoomRecord> join(const store::UserRecord& user, const store::RoomRecord& room);
  // Creates #general (id GENERAL, a default channel) unless a room with that id or name
  // exists, as Rocket.Chat's initialData. True when it was created now.
  Result<bool> ensure_general();
  // Rocket.Chat's addUserToDefaultChannels: every default room ("c" or "p", read-only or
  // archived alike) the user is not in yet, as a plain member with an alerting subscription
  // (unread 1) and, unless `silenced`, a "uj" message. Failures are logged and skipped: the
  // account exists either way.
  void join_default_channels(const store::UserRecord& user, bool silenced);
  Status leave(const store::UserRecord& user, const store::RoomRecord& room);
  // Rocket.Chat's eraseRoom (rooms_erase.cpp): deletes the room, its messages and every
  // membership, with `delete-<type>` (admins; owners of channels and groups). Each member's
  // subscription and room leave their sidebars (subscriptions-changed / rooms-changed
  // "removed"). error-invalid-room when there is no such room.
  Status erase(const store::UserRecord& actor, std::string_view room_id);
  // Called after a room was erased, with the room as it was (app/ wires the room's files to
  // go too, as RC's deleteRoom removes them; chat/discussions its discussions). Hooks are added
  // before serving and run in the order they were added.
  void on_erased(std::function<void(const store::RoomRecord&)> hook) {
    on_erased_.push_back(std::move(hook));
  }
  // RC's deleteRoom without eraseRoom's permission check: what a deleted parent room or
  // discussion-created message does to a discussion. The same events and hooks as erase().
  Status remove_room(const store::RoomRecord& room);
  Result<store::RoomRecord> invite(const store::UserRecord& actor, const store::RoomRecord& room,
                                   const store::UserRecord& target);
  Result<store::RoomRecord> kick(const store::UserRecord& actor, const store::RoomRecord& room,
                                 const store::UserRecord& target);

  Result<store::RoomRecord> set_text(const store::UserRecord& actor, const store::RoomRecord& room,
                                     RoomText field, std::string value);
  Result<store::RoomRecord> rename(const store::UserRecord& actor, const store::RoomRecord& room,
                                   std::string name);
  Result<store::RoomRecord> set_archived(const store::UserRecord& actor,
                                         const store::RoomRecord& room, bool archived);
  Result<store::RoomRecord> set_read_only(const store::UserRecord& actor,
                                          const store::RoomRecord& room, bool read_only);
  // saveRoomSettings' `default`: edit-room on the room, then view-room-administration.
  Result<store::RoomRecord> set_default(const store::UserRecord& actor,
                                        const store::RoomRecord& room, bool is_default);
  // saveRoomSettings' roomType: "c" <-> "p" (error-invalid-room-type, error-direct-room), for
  // the room and every subscription, with RC's room_changed_privacy message. The caller
  // checked edit-room and create-c / create-p.
  Result<store::RoomRecord> set_type(const store::UserRecord& actor, const store::RoomRecord& room,
                                     std::string type);
  // Sets (or, for null values, removes) fields of the room's document that no query reads
  // (reactWhenReadOnly, sysMes, featured, customFields, ...). No permission check and no
  // message: the caller (chat/room_settings) does both. Unchanged fields write nothing.
  Result<store::RoomRecord> update_doc(const store::RoomRecord& room,
                                       const boost::json::object& fields);
  // Points the room at an uploaded avatar (`etag`) or back to the initials (nullopt), posts
  // room_changed_avatar and sends updateAvatar {rid, etag} on stream-notify-logged, as
  // Rocket.Chat's setRoomAvatar. The caller stored the image and checked edit-room-avatar.
  Result<store::RoomRecord> set_avatar_etag(const store::UserRecord& actor,
                                            const store::RoomRecord& room,
                                            std::optional<std::string> etag);
  // --- rooms_team.cpp: what chat/teams asks of rooms. No permission checks of Rooms' own:
  // Teams checks the team permissions first. ---
  // Set once, before serving.
  void observe(Observer* observer) { observer_ = observer; }
  // RC's addUserToRoom: adds `target` unless they are in the room already, with an "au"
  // message from `inviter` ("uj" when they are the same). True when added.
  Result<bool> add_to_room(const store::UserRecord& inviter, const store::RoomRecord& room,
                           const store::UserRecord& target);
  // RC's removeUserFromRoom: "ru" by `by`, or "ul" without one. error-user-not-in-room.
  Status remove_from_room(const store::RoomRecord& room, const store::UserRecord& target,
                          const store::UserRecord* by);
  // Replaces the roles on the user's subscription to the room and tells them. kNotFound (not
  // a member) is not an error: RC's updateOne matches nothing.
  Status set_subscription_roles(const store::RoomRecord& room, std::string_view user_id,
                                const std::vector<std::string>& roles);

  // Whether `user` has `permission` in `room` (global roles plus the subscription's roles).
  bool may(const store::UserRecord& user, std::string_view permission,
           const store::RoomRecord& room) {
    return allowed(user, permission, room);
  }
  Status set_role(const store::UserRecord& actor, const store::RoomRecord& room,
                  const store::UserRecord& target, RoomRole role, bool granted);

  // --- room_member_methods.cpp: the DDP methods RC 7's members panel and sidebar call ---
  // addUsersToRoom: Rocket.Chat's checks in its order (error-invalid-room,
  // error-cant-invite-for-direct-room, error-not-allowed, error-user-not-found), then each
  // user not yet in the room joins with an "au" message; one already in it is told to the
  // caller as an ephemeral message. Every username is checked before anyone is added.
  Status add_users(const store::UserRecord& actor, std::string_view room_id,
                   const std::vector<std::string>& usernames);
  // removeUserFromRoom: remove-user in the room (error-not-allowed), never from a DM, the room
  // readable unless kick-user-from-any-<c|p>-room (error-room-not-found), then kick().
  Status remove_user(const store::UserRecord& actor, std::string_view room_id,
                     std::string_view username);
  // hideRoom / openRoom: the caller's subscription leaves (open false, alert false) or comes
  // back to the sidebar. True when it changed (RC answers modifiedCount); a room the caller is
  // not in changes nothing.
  bool set_visible(const store::UserRecord& user, std::string_view room_id, bool open);
  // toggleFavorite: the caller's subscription's `f`, told to the caller when it changed (true).
  // error-invalid-subscription when the caller is not in the room.
  Result<bool> set_favorite(const store::UserRecord& user, std::string_view room_id, bool favorite);

  // --- rooms_discussion.cpp: the room side of chat/discussions ---
  // Inserts a discussion room (the caller built it: type, prid, fname, topic...) with `owner`
  // as its owner and `members` as plain members, then tells each of them, as create() does.
  // No permission or name check: chat/discussions made Rocket.Chat's.
  Result<store::RoomRecord> insert_discussion(const store::UserRecord& owner,
                                              store::RoomRecord room,
                                              const std::vector<store::UserRecord>& members);
  // Adds `ignored_id` to (or with !ignore removes it from) the `ignored` list of user's
  // subscription to the room (chat.ignoreUser); tells the user when it changed.
  // error-invalid-subscription when either of them is not in the room.
  Status set_ignored(const store::UserRecord& user, std::string_view room_id,
                     std::string_view ignored_id, bool ignore);

  // The caller's own subscription: shown in the sidebar or not, and marking it read.
  Status set_open(const store::UserRecord& user, const store::RoomRecord& room, bool open);
  Status mark_read(const store::UserRecord& user, std::string_view room_id);
  // Rocket.Chat's unreadMessages: alert and open the subscription and move `ls` back to the
  // first unread message's ts (or the room's last message when none is given). Like
  // Rocket.Chat it leaves the unread counter alone (clients show the alert), refuses a room
  // with no message as error-action-not-allowed, and does nothing for a non-member.
  Status mark_unread(const store::UserRecord& user, std::string_view room_id,
                     std::optional<int64_t> first_unread_ts);

 private:
  Result<store::RoomRecord> modify(const store::RoomRecord& room,
                                   const store::RoomMutation& mutation);
  store::SubscriptionRecord subscription_for(const store::RoomRecord& room,
                                             const store::UserRecord& user,
                                             std::vector<std::string> roles, int64_t now) const;
  // Inserts a membership, updates the cache and tells the new member.
  // With `alerting` the subscription starts as Rocket.Chat's default-channel ones do: alert,
  // unread 1, userMentions 1.
  Status add_member(const store::RoomRecord& room, const store::UserRecord& user, int64_t now,
                    bool alerting = false, const store::UserRecord* by = nullptr);
  Status remove_member(const store::RoomRecord& room, const store::UserRecord& user);
  bool allowed(const store::UserRecord& user, std::string_view permission,
               const store::RoomRecord& room);
  // `room`: the subscription's room when the caller has it (else it is read), for the
  // subscription's teamId / teamMain.
  void tell_subscription(const store::SubscriptionRecord& s, const char* action,
                         const store::RoomRecord* room = nullptr);
  void tell_members_room_changed(const store::RoomRecord& room);
  // Applies `mutation` to every member's subscription and tells each member whose changed.
  void update_member_subscriptions(const store::RoomRecord& room,
                                   const store::SubscriptionMutation& mutation);

  store::Store& store_;
  const util::Clock& clock_;
  RoomAccess& access_;
  Messages& messages_;
  Events& events_;
  std::vector<std::function<void(const store::RoomRecord&)>> on_erased_;
  Observer* observer_ = nullptr;
  RoomNames names_;
};

}  // namespace parley::chat
