#pragma once
// DESIGN: the Store is the only way chat/ reaches durable data. Two implementations satisfy
// it: sqlite/ (embedded default) and, later, postgres/. Both pass tests/unit/store_conformance.
//
// Guarantees every implementation gives:
//  - Reads are safe from any thread and never run on an event loop (callers are workers).
//  - A write returns only after its transaction has committed (durable); callers acknowledge
//    clients only after that return. Writes from many threads are batched into one
//    transaction (group commit) where the implementation can.
//  - Expected failures (a duplicate username, a missing row) are values (WriteStatus), never
//    exceptions. Exceptions mean the store itself is broken (disk gone, database corrupt).
//  - A row with a malformed field is skipped and counted, never dereferenced blindly.
//  - Write stamps: the store, not the caller, sets updated_at (and removed_at, deleted_at,
//    and a message's ts unless the client chose it) on every room, subscription and message
//    it writes: stamps are unique and grow in commit order. The "since" reads below return
//    what is stamped after `since` (Rocket.Chat's $gt), so a client whose sync point is the
//    updated_at of the last thing it saw misses nothing that committed afterwards. Values a
//    caller puts in those fields are overwritten.
//  - AfterCommit hooks run in commit order (see AfterCommit).
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "store/discussion_records.hpp"
#include "store/import_records.hpp"
#include "store/permission_records.hpp"
#include "store/records.hpp"
#include "store/room_records.hpp"
#include "store/search_records.hpp"
#include "store/team_records.hpp"
#include "store/upload_records.hpp"

namespace parley::store {

// Runs after the write's transaction committed and before the write returns, on the store's
// own writer, in commit order, and only when the write changed something (kOk; for
// append_message, a new message). What it publishes therefore reaches the bus in the order
// the store committed it: a room's live order is its history order. Keep it short (the next
// commit waits for it) and never call the Store from it.
using AfterCommit = std::function<void()>;
// append_message's hook sees what was stored (the write stamps, the thread parent).
using AfterAppend = std::function<void(const AppendResult&)>;

enum class WriteStatus {
  kOk,
  kDuplicateUsername,
  kDuplicateEmail,
  kDuplicateId,
  kNotFound,
  kDuplicateName,          // a room with this name exists
  kDuplicateSubscription,  // this user is already subscribed to this room
  kUnchanged,              // a mutation returned false
};

class Store {
 public:
  virtual ~Store() = default;

  // --- users -----------------------------------------------------------------------------
  virtual std::optional<UserRecord> user_by_id(std::string_view id) = 0;
  // Case-insensitive.
  virtual std::optional<UserRecord> user_by_username(std::string_view username) = 0;
  // Case-insensitive, against every address of the user.
  virtual std::optional<UserRecord> user_by_email(std::string_view email) = 0;
  // Ordered by username; count == 0 means no limit.
  virtual UserPage list_users(int64_t offset, int64_t count) = 0;
  virtual bool any_admin() = 0;

  virtual WriteStatus insert_user(const UserRecord& user) = 0;
  virtual WriteStatus set_last_login(std::string_view user_id, int64_t at_ms) = 0;
  // Sets (or with nullopt clears) the user's uploaded avatar. Leaves updated_at alone, which
  // users.presence?from= reads as "status changed".
  virtual WriteStatus set_user_avatar(std::string_view user_id,
                                      const std::optional<AvatarRecord>& avatar) = 0;
  // Presence: many users' statuses in one write (a reconnect storm is one job, not N).
  virtual WriteStatus set_user_statuses(const std::vector<UserStatusRecord>& statuses) = 0;
  // Users whose stored status is not offline (users.presence), ordered by username.
  virtual std::vector<UserRecord> users_not_offline() = 0;
  // Users changed (updated_at) at or after `since`, whatever their status, ordered by
  // username: users.presence?from= (a client catching up on a few minutes of changes).
  virtual std::vector<UserRecord> users_updated_since(int64_t since) = 0;
  // Applies `mutation` to the current row (emails included) and writes it back: username,
  // name, type, active, password hash, require_password_change, updated_at, utc_offset, roles,
  // nickname, bio, custom_fields, preferences and emails (status and last_login have their own
  // writers). kNotFound, kUnchanged when the mutation returned false, kDuplicateUsername /
  // kDuplicateEmail when a change collides (nothing is written then). On kOk, `out` (if given)
  // receives the written row.
  virtual WriteStatus modify_user(std::string_view id, const UserMutation& mutation,
                                  UserRecord* out = nullptr) = 0;
  // Removes the user with their emails, login tokens and every subscription (each room's
  // users_count -= 1, each remembered as removed with the write stamp as removed_at, as
  // remove_subscription does), in one transaction. Their messages stay. kNotFound when there
  // is no such user.
  virtual WriteStatus delete_user(std::string_view id) = 0;
  // Users holding the global role, optionally only the active ones (the last-admin rules).
  virtual int64_t count_users_in_role(std::string_view role, bool active_only) = 0;
  // Active users matching `search` (spotlight, directory); total counts every match.
  virtual UserPage search_users(const UserSearch& search) = 0;

  // --- login tokens ----------------------------------------------------------------------
  // The user owning an unexpired token (expires_at > now_ms), if any.
  virtual std::optional<UserRecord> user_by_token(std::string_view hashed_token,
                                                  int64_t now_ms) = 0;
  // The token's own record (for its expiry), whether or not it has expired.
  virtual std::optional<LoginTokenRecord> login_token(std::string_view hashed_token) = 0;
  // kNotFound without such a user, kDuplicateId for an existing hash, kDuplicateName when the
  // user already has a personal access token of that name.
  virtual WriteStatus add_login_token(const LoginTokenRecord& token) = 0;
  // kNotFound when no such token exists.
  virtual WriteStatus remove_login_token(std::string_view hashed_token) = 0;
  // Every token of the user but `except_hashed_token` (empty: all of them); returns how many
  // were removed (logoutOtherClients, deactivation, a password set by an admin). With
  // `keep_personal`, personal access tokens stay (RC's removeNonPATLoginTokensExcept).
  // `removed` (if given) receives the hashes removed, in the same job.
  virtual int64_t remove_user_tokens(std::string_view user_id,
                                     std::string_view except_hashed_token = {},
                                     bool keep_personal = false,
                                     std::vector<std::string>* removed = nullptr) = 0;
  // The user's personal access tokens (named login tokens), oldest first.
  virtual std::vector<LoginTokenRecord> personal_access_tokens(std::string_view user_id) = 0;
  // Housekeeping; returns how many were removed.
  virtual int64_t remove_expired_tokens(int64_t now_ms) = 0;

  // --- rooms -----------------------------------------------------------------------------
  // Inserts the room and its initial subscriptions atomically; users_count is set from them.
  // kDuplicateId when the id exists (an existing DM), kDuplicateName when the name does.
  virtual WriteStatus insert_room(const RoomRecord& room,
                                  const std::vector<SubscriptionRecord>& subscriptions) = 0;
  virtual std::optional<RoomRecord> room_by_id(std::string_view id) = 0;
  // Case-insensitive.
  virtual std::optional<RoomRecord> room_by_name(std::string_view name) = 0;
  // Rooms of the given types (empty = all), ordered by name; count == 0 means no limit.
  virtual RoomPage list_rooms(const std::vector<std::string>& types, int64_t offset,
                              int64_t count) = 0;
  // Rooms matching `search` (spotlight, directory, the admin room list); total counts every
  // match.
  virtual RoomPage search_rooms(const RoomSearch& search) = 0;
  // Rooms marked default (`default: true`), ordered by name: what a new user joins.
  virtual std::vector<RoomRecord> default_rooms() = 0;
  // Applies `mutation` to the current row and writes it with a fresh updated_at.
  // kDuplicateName when a rename collides, kUnchanged when the mutation returned false.
  // On kOk, `out` (if given) receives the written row.
  virtual WriteStatus modify_room(std::string_view id, const RoomMutation& mutation,
                                  RoomRecord* out = nullptr) = 0;
  // Deletes the room with its messages and subscriptions in one transaction (RC's
  // deleteRoom). The subscriptions are remembered as removed, as remove_subscription does,
  // so subscriptions.get's `remove` reports them. kNotFound when there is no such room.
  virtual WriteStatus delete_room(std::string_view id) = 0;

  // --- subscriptions ---------------------------------------------------------------------
  // Also users_count += 1 on the room. kDuplicateSubscription when (room, user) exists.
  virtual WriteStatus insert_subscription(const SubscriptionRecord& subscription) = 0;
  // Also users_count -= 1, and the subscription is remembered as removed (removed_at is the
  // write stamp; see subscriptions_removed_since). kNotFound when there is none.
  virtual WriteStatus remove_subscription(std::string_view room_id, std::string_view user_id) = 0;
  // A user's subscriptions removed after `since` (ms), oldest first.
  virtual std::vector<RemovedSubscription> subscriptions_removed_since(std::string_view user_id,
                                                                       int64_t since) = 0;
  virtual std::optional<SubscriptionRecord> subscription(std::string_view room_id,
                                                         std::string_view user_id) = 0;
  // The rooms a user is subscribed to, in one query (rooms/get and subscriptions/get at every
  // login: one read per room made a reconnect storm's largest cost, issue 12). No order.
  virtual std::vector<RoomRecord> rooms_of_user(std::string_view user_id) = 0;
  // A user's subscriptions, optionally only those updated after `updated_since` (ms).
  virtual std::vector<SubscriptionRecord> subscriptions_of_user(
      std::string_view user_id, std::optional<int64_t> updated_since) = 0;
  // A room's members ordered by username; count == 0 means no limit.
  virtual SubscriptionPage room_members(std::string_view room_id, int64_t offset,
                                        int64_t count) = 0;
  // Every member's user id: the membership cache is filled from this.
  virtual std::vector<std::string> room_member_ids(std::string_view room_id) = 0;
  virtual WriteStatus modify_subscription(std::string_view room_id, std::string_view user_id,
                                          const SubscriptionMutation& mutation,
                                          SubscriptionRecord* out = nullptr) = 0;

  // --- messages --------------------------------------------------------------------------
  // Inserts the message and applies `effects` in one transaction. A message whose id exists
  // is not inserted again: the stored one comes back with inserted == false (idempotent
  // client-supplied ids). The stored message has the write stamp as updated_at (doc
  // `_updatedAt`), and as ts (doc `ts`) too when effects.stamp_ts. When the message is a
  // thread reply (thread_id set), the parent's doc gets tcount += 1, tlm = ts and the sender
  // added to `replies`, and a fresh updated_at, in the same transaction; the written parent
  // comes back in `parent`. A missing or deleted parent is left alone; the reply is still
  // stored. `after_commit` runs only when the message was inserted.
  virtual AppendResult append_message(const MessageRecord& message, const MessageEffects& effects,
                                      AfterAppend after_commit = {}) = 0;
  virtual std::optional<MessageRecord> message_by_id(std::string_view id) = 0;
  // kNotFound (also for a tombstone), kUnchanged or kOk; `out` receives the written row (with
  // a fresh updated_at and doc `_updatedAt`) on kOk, before `after_commit` runs.
  virtual WriteStatus modify_message(std::string_view id, const MessageMutation& mutation,
                                     MessageRecord* out = nullptr,
                                     AfterCommit after_commit = {}) = 0;
  // Turns the message into a tombstone (deleted_at = updated_at = the write stamp, doc
  // emptied but for _id and rid), and removes it from search; the room's msgs -= 1. Thread
  // replies of a deleted parent are left alone. kNotFound when there is no such message or it
  // is already a tombstone.
  virtual WriteStatus delete_message(std::string_view id, AfterCommit after_commit = {}) = 0;
  // delete_message for many messages of one room in one job (rooms.cleanHistory): each live
  // message of `room_id` among `ids` becomes a tombstone, msgs goes down by as many and
  // lastMessage falls back to the newest message left. Ids of other rooms or already deleted
  // are skipped. Returns how many were deleted.
  virtual int64_t delete_messages(std::string_view room_id, const std::vector<std::string>& ids,
                                  AfterCommit after_commit = {}) = 0;
  // Not deleted, newest first; total counts every match, not only the page.
  virtual MessagePage room_history(const HistoryQuery& query) = 0;
  // Replies to `thread_id`, oldest first.
  virtual MessagePage thread_messages(std::string_view thread_id, int64_t offset,
                                      int64_t count) = 0;
  // Messages of a room changed (updated_at) after `since`, and separately those deleted after
  // `since`: what chat.syncMessages returns as `updated` and `deleted`. A tombstone is only
  // ever in the second list.
  virtual std::vector<MessageRecord> messages_updated_since(std::string_view room_id,
                                                            int64_t since) = 0;
  virtual std::vector<MessageRecord> messages_deleted_since(std::string_view room_id,
                                                            int64_t since) = 0;
  // Full-text search of a room's messages (the words of `text`, all must match), newest
  // first.
  virtual MessagePage search_messages(std::string_view room_id, std::string_view text,
                                      int64_t offset, int64_t count) = 0;
  // The same search over every room `user_id` is subscribed to (messageSearch without a room),
  // newest first.
  virtual MessagePage search_messages_of_member(std::string_view user_id, std::string_view text,
                                                int64_t offset, int64_t count) = 0;
  // A room's thread parents (not deleted, with at least one reply) matching `query`, newest
  // last reply first.
  virtual MessagePage thread_parents(const ThreadQuery& query) = 0;
  // Thread parents of the room deleted after `since` (tombstones whose replies remain):
  // chat.syncThreadsList's `remove`.
  virtual std::vector<MessageRecord> thread_parents_deleted_since(std::string_view room_id,
                                                                  int64_t since) = 0;

  // --- discussions (migration 0009) -------------------------------------------------------
  // Rooms whose prid is query.room_id (fname containing query.text), ordered by fname as
  // Rocket.Chat sorts them ({fname: 1}); total counts every match.
  virtual RoomPage discussions(const DiscussionQuery& query) = 0;
  // Messages of query.room_id, not deleted, with a drid (drid == query.discussion_id when that
  // is set; msg containing query.text), newest first; total counts every match.
  virtual MessagePage discussion_messages(const DiscussionQuery& query) = 0;

  // --- uploads ---------------------------------------------------------------------------
  // Inserts the uploads (a file and its thumbnail) in one transaction, each with the write
  // stamp as updated_at, and counts them (counters uploads += 1, uploads_size += size, per
  // row) in that transaction. kDuplicateId (nothing inserted) when an id exists.
  virtual WriteStatus insert_uploads(const std::vector<UploadRecord>& uploads) = 0;
  virtual std::optional<UploadRecord> upload_by_id(std::string_view id) = 0;
  // Marks the upload and its thumbnail confirmed, carried by confirmation.message_id, with the
  // new name/description if given, and a fresh updated_at. kNotFound when there is no such
  // upload or it is not confirmation.user_id's; kUnchanged when it is already confirmed. On
  // kOk, `out` (if given) receives the written original.
  virtual WriteStatus confirm_upload(std::string_view id, const UploadConfirmation& confirmation,
                                     UploadRecord* out = nullptr) = 0;
  // A room's confirmed uploads matching the query, newest (uploaded_at) first.
  virtual UploadPage room_uploads(const UploadQuery& query) = 0;
  // Unconfirmed uploads (originals and thumbnails) uploaded before `before_ms`, oldest
  // first, at most `limit` (0 = all): what the expiry sweep removes.
  virtual std::vector<UploadRecord> uploads_unconfirmed_before(int64_t before_ms,
                                                               int64_t limit) = 0;
  // Removes the upload and its thumbnail (their counters too) in one transaction; `removed`
  // (if given) receives the removed rows, so the caller can delete their blobs afterwards.
  // kNotFound when there is no such upload.
  virtual WriteStatus delete_upload(std::string_view id,
                                    std::vector<UploadRecord>* removed = nullptr) = 0;

  // --- settings --------------------------------------------------------------------------
  // Every stored value (only chosen values are stored), in id order.
  virtual std::vector<SettingRecord> settings() = 0;
  // Inserts or replaces the value.
  virtual WriteStatus put_setting(const SettingRecord& setting) = 0;

  // --- permissions and roles (migration 0008) ---------------------------------------------
  // Every permission, in permissions.listAll order.
  virtual std::vector<PermissionRecord> permissions() = 0;
  // Replaces the permission's roles; its updated_at becomes the write stamp. kNotFound when there
  // is no such permission. On kOk, `out` (if given) receives the written row before
  // `after_commit` runs.
  virtual WriteStatus set_permission_roles(std::string_view id,
                                           const std::vector<std::string>& roles,
                                           PermissionRecord* out = nullptr,
                                           AfterCommit after_commit = {}) = 0;
  // Every role, in creation order.
  virtual std::vector<RoleRecord> roles() = 0;
  // Roles changed (updated_at) after `since`, and those deleted after it (roles.sync).
  virtual std::vector<RoleRecord> roles_updated_since(int64_t since) = 0;
  virtual std::vector<RemovedRole> roles_removed_since(int64_t since) = 0;
  // Inserts the role with the write stamp as updated_at. kDuplicateId when the id exists,
  // kDuplicateName when the name does.
  virtual WriteStatus insert_role(const RoleRecord& role, RoleRecord* out = nullptr,
                                  AfterCommit after_commit = {}) = 0;
  // Writes name, scope, description and mandatory_2fa (never `protected`) with a fresh
  // updated_at. kNotFound, kDuplicateName when another role has the name.
  virtual WriteStatus update_role(const RoleRecord& role, RoleRecord* out = nullptr,
                                  AfterCommit after_commit = {}) = 0;
  // Removes the role, remembering it with the write stamp as removed_at. kNotFound.
  virtual WriteStatus delete_role(std::string_view id, RemovedRole* out = nullptr,
                                  AfterCommit after_commit = {}) = 0;
  // Users holding `role`: with an empty room_id those whose own roles list it, otherwise the
  // room's members whose subscription lists it. Ordered by username; count == 0: no limit.
  virtual UserPage users_in_role(std::string_view role, std::string_view room_id, int64_t offset,
                                 int64_t count) = 0;
  // Subscriptions (any room) whose roles list `role`: whether a room role is in use.
  virtual int64_t count_subscriptions_in_role(std::string_view role) = 0;

  // --- teams (migration 0010) ------------------------------------------------------------
  // Inserts the team and its first members in one transaction. kDuplicateId when the id
  // exists, kDuplicateName when a team has the name (case-insensitive).
  virtual WriteStatus insert_team(const TeamRecord& team,
                                  const std::vector<TeamMemberRecord>& members) = 0;
  virtual std::optional<TeamRecord> team_by_id(std::string_view id) = 0;
  // Case-insensitive.
  virtual std::optional<TeamRecord> team_by_name(std::string_view name) = 0;
  // The team whose main room this is.
  virtual std::optional<TeamRecord> team_by_room_id(std::string_view room_id) = 0;
  // Every team, oldest first (teams.listAll); count == 0 means no limit.
  virtual TeamPage list_teams(int64_t offset, int64_t count) = 0;
  // The teams `user_id` is a member of, oldest first (teams.list).
  virtual TeamPage teams_of_user(std::string_view user_id, int64_t offset, int64_t count) = 0;
  // teams.update: writes the team's name and type with the write stamp as updated_at.
  // kNotFound, kDuplicateName when another team has the name (case-insensitive).
  virtual WriteStatus update_team(std::string_view id, std::string_view name, int type) = 0;
  // Removes the team and its memberships (not its rooms). kNotFound.
  virtual WriteStatus delete_team(std::string_view id) = 0;
  // A team's members, oldest membership first.
  virtual std::vector<TeamMemberRecord> team_members(std::string_view team_id) = 0;
  virtual std::optional<TeamMemberRecord> team_member(std::string_view team_id,
                                                      std::string_view user_id) = 0;
  // kDuplicateId when the user is a member already, kNotFound when there is no such team.
  virtual WriteStatus insert_team_member(const TeamMemberRecord& member) = 0;
  // Replaces the member's roles. kNotFound when they are not a member.
  virtual WriteStatus set_team_member_roles(std::string_view team_id, std::string_view user_id,
                                            const std::vector<std::string>& roles) = 0;
  // kNotFound when they are not a member.
  virtual WriteStatus remove_team_member(std::string_view team_id, std::string_view user_id) = 0;
  virtual int64_t count_team_members(std::string_view team_id) = 0;
  // Rooms whose document names the team (`teamId`) other than its main room (`teamMain`),
  // ordered by name.
  virtual std::vector<RoomRecord> team_rooms(std::string_view team_id) = 0;

  // --- statistics ------------------------------------------------------------------------
  // Totals kept in the same transactions as the rows they count (users, users_active,
  // users_type_<t>, users_status_<s>, rooms_<t>, messages_<room type>, uploads,
  // uploads_size), by name. Reading them costs the same at any size of the database.
  virtual std::map<std::string, int64_t> counters() = 0;
  virtual WriteStatus add_statistics(const StatisticsRecord& snapshot) = 0;
  // Newest first; count == 0 means no limit.
  virtual StatisticsPage list_statistics(int64_t offset, int64_t count) = 0;

  // --- health ----------------------------------------------------------------------------
  // True when a trivial read succeeds right now (used by /readyz).
  virtual bool reachable() = 0;

  // --- bulk import ---
  // Writes the whole batch in one transaction, or nothing: kOk, or the first failure
  // (kDuplicateId, kDuplicateUsername, kDuplicateEmail, kDuplicateName,
  // kDuplicateSubscription). No hooks, no events: nobody is connected to what is imported.
  // Imported messages are in history at once but found by search only after finish_import.
  virtual WriteStatus import_batch(const ImportBatch& batch) = 0;
  // Builds the search index of what import_batch wrote, in one pass (far cheaper than row by
  // row), and returns how many messages it indexed. Call it once after the last batch. An
  // import that stops before it (a crash) is finished when the store is next opened.
  virtual int64_t finish_import() = 0;
};

}  // namespace parley::store
