#pragma once
// The embedded Store: one SQLite file in WAL mode, one writer thread with group commit
// (writer.hpp) and a pool of read-only connections (read_pool.hpp). See store.hpp for the
// guarantees every Store gives; this header adds only how to build one. It is the one public
// header of src/store/sqlite/, so its types live in parley::store; the internals it hides
// live in parley::store::sqlite.
#include <memory>
#include <string>
#include <vector>

#include "metrics/registry.hpp"
#include "store/store.hpp"
#include "util/clock.hpp"

namespace parley::store {

namespace sqlite {
class Writer;
class ReadPool;
class MalformedRows;
}  // namespace sqlite

struct SqliteOptions {
  // The database file. Its parent directory is created if missing. A real file is required:
  // ":memory:" would give every connection its own empty database.
  std::string path;
  // Read-only connections; bounds how many reads run at once.
  int read_connections = 4;
  // Most write jobs committed in one transaction.
  int max_batch = 256;
  // Where write stamps come from (store.hpp); null: the system clock. Tests pass a fake one.
  const util::Clock* clock = nullptr;
  // How long a connection waits for a lock held by another process (e.g. a backup or the
  // `parley admin` CLI) before giving up with an error.
  int busy_timeout_ms = 5000;
  // kFull: every commit is fsynced, so an acknowledged write survives power loss and OS
  // crashes, not only a process crash. Group commit makes that one fsync per batch instead
  // of per write, which is why it is affordable as the default. kNormal (WAL) still survives
  // a process crash but may lose the last commits on power loss; for tests and benchmarks.
  enum class Synchronous { kNormal, kFull };
  Synchronous synchronous = Synchronous::kFull;
  // The write connection's page cache in MiB; 0 keeps SQLite's default (2 MiB). A bulk import
  // into a large database wants more: its inserts into the indexes (message ids are random)
  // otherwise reread and rewrite pages of a file far larger than the cache.
  int writer_cache_mib = 0;
};

class SqliteStore final : public Store {
 public:
  // Opens (creating if needed) and migrates the database, then starts the writer thread.
  // Throws std::runtime_error when the file cannot be opened ("cannot open database at
  // PATH: ..."), when it holds a schema newer than this build knows, or when a migration
  // fails.
  SqliteStore(SqliteOptions options, metrics::Registry& registry);
  // Finishes queued writes, then closes every connection.
  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  std::optional<UserRecord> user_by_id(std::string_view id) override;
  std::optional<UserRecord> user_by_username(std::string_view username) override;
  std::optional<UserRecord> user_by_email(std::string_view email) override;
  UserPage list_users(int64_t offset, int64_t count) override;
  bool any_admin() override;

  WriteStatus insert_user(const UserRecord& user) override;
  WriteStatus set_last_login(std::string_view user_id, int64_t at_ms) override;
  WriteStatus set_user_avatar(std::string_view user_id,
                              const std::optional<AvatarRecord>& avatar) override;
  WriteStatus set_user_statuses(const std::vector<UserStatusRecord>& statuses) override;
  std::vector<UserRecord> users_not_offline() override;
  std::vector<UserRecord> users_updated_since(int64_t since) override;
  // User administration: user_queries.cpp.
  WriteStatus modify_user(std::string_view id, const UserMutation& mutation,
                          UserRecord* out = nullptr) override;
  WriteStatus delete_user(std::string_view id) override;
  int64_t count_users_in_role(std::string_view role, bool active_only) override;

  std::optional<UserRecord> user_by_token(std::string_view hashed_token, int64_t now_ms) override;
  // Login and personal access tokens: token_queries.cpp.
  std::optional<LoginTokenRecord> login_token(std::string_view hashed_token) override;
  WriteStatus add_login_token(const LoginTokenRecord& token) override;
  int64_t remove_user_tokens(std::string_view user_id, std::string_view except_hashed_token = {},
                             bool keep_personal = false,
                             std::vector<std::string>* removed = nullptr) override;
  std::vector<LoginTokenRecord> personal_access_tokens(std::string_view user_id) override;
  WriteStatus remove_login_token(std::string_view hashed_token) override;
  int64_t remove_expired_tokens(int64_t now_ms) override;

  // Rooms and subscriptions: room_queries.cpp.
  WriteStatus insert_room(const RoomRecord& room,
                          const std::vector<SubscriptionRecord>& subscriptions) override;
  std::optional<RoomRecord> room_by_id(std::string_view id) override;
  std::optional<RoomRecord> room_by_name(std::string_view name) override;
  std::vector<RoomRecord> default_rooms() override;
  RoomPage list_rooms(const std::vector<std::string>& types, int64_t offset,
                      int64_t count) override;
  WriteStatus modify_room(std::string_view id, const RoomMutation& mutation,
                          RoomRecord* out = nullptr) override;
  // Admin: room_admin_queries.cpp.
  WriteStatus delete_room(std::string_view id) override;

  WriteStatus insert_subscription(const SubscriptionRecord& subscription) override;
  WriteStatus remove_subscription(std::string_view room_id, std::string_view user_id) override;
  std::vector<RemovedSubscription> subscriptions_removed_since(std::string_view user_id,
                                                               int64_t since) override;
  std::optional<SubscriptionRecord> subscription(std::string_view room_id,
                                                 std::string_view user_id) override;
  std::vector<RoomRecord> rooms_of_user(std::string_view user_id) override;
  std::vector<SubscriptionRecord> subscriptions_of_user(
      std::string_view user_id, std::optional<int64_t> updated_since) override;
  SubscriptionPage room_members(std::string_view room_id, int64_t offset, int64_t count) override;
  std::vector<std::string> room_member_ids(std::string_view room_id) override;
  WriteStatus modify_subscription(std::string_view room_id, std::string_view user_id,
                                  const SubscriptionMutation& mutation,
                                  SubscriptionRecord* out = nullptr) override;

  // Messages: message_queries.cpp.
  AppendResult append_message(const MessageRecord& message, const MessageEffects& effects,
                              AfterAppend after_commit = {}) override;
  std::optional<MessageRecord> message_by_id(std::string_view id) override;
  WriteStatus modify_message(std::string_view id, const MessageMutation& mutation,
                             MessageRecord* out = nullptr, AfterCommit after_commit = {}) override;
  WriteStatus delete_message(std::string_view id, AfterCommit after_commit = {}) override;
  int64_t delete_messages(std::string_view room_id, const std::vector<std::string>& ids,
                          AfterCommit after_commit = {}) override;
  MessagePage room_history(const HistoryQuery& query) override;
  MessagePage thread_messages(std::string_view thread_id, int64_t offset, int64_t count) override;
  std::vector<MessageRecord> messages_updated_since(std::string_view room_id,
                                                    int64_t since) override;
  std::vector<MessageRecord> messages_deleted_since(std::string_view room_id,
                                                    int64_t since) override;
  // search_queries.cpp: finders and thread lists
  UserPage search_users(const UserSearch& search) override;
  RoomPage search_rooms(const RoomSearch& search) override;
  MessagePage search_messages_of_member(std::string_view user_id, std::string_view text,
                                        int64_t offset, int64_t count) override;
  MessagePage thread_parents(const ThreadQuery& query) override;
  std::vector<MessageRecord> thread_parents_deleted_since(std::string_view room_id,
                                                          int64_t since) override;
  MessagePage search_messages(std::string_view room_id, std::string_view text, int64_t offset,
                              int64_t count) override;

  // Discussions: discussion_queries.cpp.
  RoomPage discussions(const DiscussionQuery& query) override;
  MessagePage discussion_messages(const DiscussionQuery& query) override;

  // Uploads: upload_queries.cpp.
  WriteStatus insert_uploads(const std::vector<UploadRecord>& uploads) override;
  std::optional<UploadRecord> upload_by_id(std::string_view id) override;
  WriteStatus confirm_upload(std::string_view id, const UploadConfirmation& confirmation,
                             UploadRecord* out = nullptr) override;
  UploadPage room_uploads(const UploadQuery& query) override;
  std::vector<UploadRecord> uploads_unconfirmed_before(int64_t before_ms, int64_t limit) override;
  WriteStatus delete_upload(std::string_view id,
                            std::vector<UploadRecord>* removed = nullptr) override;

  // Settings, counters and statistics snapshots: settings_queries.cpp.
  std::vector<SettingRecord> settings() override;
  WriteStatus put_setting(const SettingRecord& setting) override;
  std::map<std::string, int64_t> counters() override;
  WriteStatus add_statistics(const StatisticsRecord& snapshot) override;
  StatisticsPage list_statistics(int64_t offset, int64_t count) override;

  // Permissions and roles: permission_queries.cpp.
  std::vector<PermissionRecord> permissions() override;
  WriteStatus set_permission_roles(std::string_view id, const std::vector<std::string>& roles,
                                   PermissionRecord* out = nullptr,
                                   AfterCommit after_commit = {}) override;
  std::vector<RoleRecord> roles() override;
  std::vector<RoleRecord> roles_updated_since(int64_t since) override;
  std::vector<RemovedRole> roles_removed_since(int64_t since) override;
  WriteStatus insert_role(const RoleRecord& role, RoleRecord* out = nullptr,
                          AfterCommit after_commit = {}) override;
  WriteStatus update_role(const RoleRecord& role, RoleRecord* out = nullptr,
                          AfterCommit after_commit = {}) override;
  WriteStatus delete_role(std::string_view id, RemovedRole* out = nullptr,
                          AfterCommit after_commit = {}) override;
  UserPage users_in_role(std::string_view role, std::string_view room_id, int64_t offset,
                         int64_t count) override;
  int64_t count_subscriptions_in_role(std::string_view role) override;

  // Teams: team_queries.cpp.
  WriteStatus insert_team(const TeamRecord& team,
                          const std::vector<TeamMemberRecord>& members) override;
  std::optional<TeamRecord> team_by_id(std::string_view id) override;
  std::optional<TeamRecord> team_by_name(std::string_view name) override;
  std::optional<TeamRecord> team_by_room_id(std::string_view room_id) override;
  TeamPage list_teams(int64_t offset, int64_t count) override;
  TeamPage teams_of_user(std::string_view user_id, int64_t offset, int64_t count) override;
  WriteStatus update_team(std::string_view id, std::string_view name, int type) override;
  WriteStatus delete_team(std::string_view id) override;
  std::vector<TeamMemberRecord> team_members(std::string_view team_id) override;
  std::optional<TeamMemberRecord> team_member(std::string_view team_id,
                                              std::string_view user_id) override;
  WriteStatus insert_team_member(const TeamMemberRecord& member) override;
  WriteStatus set_team_member_roles(std::string_view team_id, std::string_view user_id,
                                    const std::vector<std::string>& roles) override;
  WriteStatus remove_team_member(std::string_view team_id, std::string_view user_id) override;
  int64_t count_team_members(std::string_view team_id) override;
  std::vector<RoomRecord> team_rooms(std::string_view team_id) override;

  bool reachable() override;

  WriteStatus import_batch(const ImportBatch& batch) override;
  int64_t finish_import() override;

 private:
  // One user looked up by a query whose parameter 1 is `key`.
  std::optional<UserRecord> one_user(const std::string& sql, std::string_view key);

  SqliteOptions options_;
  util::SystemClock system_clock_;  // stamps writes unless options_.clock is set
  std::unique_ptr<sqlite::MalformedRows> malformed_;
  // Declared before readers_ so it is destroyed after them: the last connection to close
  // checkpoints the WAL into the main file.
  std::unique_ptr<sqlite::Writer> writer_;
  std::unique_ptr<sqlite::ReadPool> readers_;
};

}  // namespace parley::store
