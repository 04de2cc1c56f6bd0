#pragma once
// Every REST route parley serves, registered in one table (routes.cpp) that a reviewer can
// read top to bottom: method, path, auth requirement, handler, rate-limit class (STYLE.md idea 8).
#include <functional>
#include <string>

#include "blob/blob_store.hpp"
#include "chat/accounts.hpp"
#include "chat/avatars.hpp"
#include "chat/discussions.hpp"
#include "chat/file_access.hpp"
#include "chat/messages.hpp"
#include "chat/personal_tokens.hpp"
#include "chat/presence.hpp"
#include "chat/roles_admin.hpp"
#include "chat/rooms.hpp"
#include "chat/settings.hpp"
#include "chat/statistics.hpp"
#include "chat/uploads.hpp"
#include "chat/user_admin.hpp"
#include "chat/user_profile.hpp"
#include "config/config.hpp"
#include "rest/method_call.hpp"
#include "rest/router.hpp"
#include "rest/upload_caps.hpp"
#include "store/store.hpp"
#include "util/clock.hpp"
#include "util/worker_pool.hpp"

namespace parley::chat {
class Teams;  // chat/teams.hpp: only team_routes.cpp needs it whole
}  // namespace parley::chat

namespace parley::rest {

// This process as instances.get and /api/info describe it; app/ fills it at start.
struct InstanceInfo {
  std::string id;  // random per process, as RC's InstanceStatus id
  int64_t started_at = 0;
  // Node's os.* figures of the machine, read when asked: type, platform, arch, release,
  // uptime, loadavg, totalmem, freemem, cpus (a list, as statistics' os has it).
  std::function<boost::json::object()> os;
};

// What the handlers need; owned by app/.
struct Services {
  chat::Accounts& accounts;
  const config::Config& config;
  chat::Settings& settings;
  chat::Rooms& rooms;
  chat::Messages& messages;
  store::Store& store;  // reads only (lists, members, subscriptions); writes go through chat/
  const util::Clock& clock;
  MethodInvoker* methods = nullptr;        // method.call; wired by app/ over the DDP method table
  chat::Presence* presence = nullptr;      // users.setStatus / getPresence / getStatus
  chat::Statistics* statistics = nullptr;  // statistics, statistics.list
  chat::UserAdmin* user_admin = nullptr;   // users.setActiveStatus / update / delete
  chat::Avatars* avatars = nullptr;        // users.setAvatar / resetAvatar, uploaded avatars
  // rooms.upload / rooms.media / rooms.mediaConfirm: the domain, the pool that feeds uploads'
  // bytes to it (never the general workers), and the caps on uploads in progress.
  chat::Uploads* uploads = nullptr;
  util::WorkerPool* upload_pool = nullptr;
  UploadCaps* upload_caps = nullptr;
  chat::FileAccess* file_access = nullptr;  // /file-upload: who may download
  blob::BlobStore* blobs = nullptr;         // /file-upload: file contents, read by range
  util::WorkerPool* workers = nullptr;      // /file-upload: streamed bodies are read here
  chat::RolesAdmin* roles_admin = nullptr;  // permissions.update, roles.* changes
  chat::Teams* teams = nullptr;             // teams.*, channels./groups.convertToTeam
  const InstanceInfo* instance = nullptr;   // instances.get, /api/info's build
  chat::UserProfiles* profiles = nullptr;   // the user's own profile, custom fields, prefs
  chat::PersonalAccessTokens* personal_tokens = nullptr;  // users.*PersonalAccessToken*

  // rooms.createDiscussion, rooms.getDiscussions, chat.getDiscussions (issue 11, item 3).
  chat::Discussions* discussions = nullptr;
};

// channels.* / groups.* / im.*: one handler serves the families whose Rocket.Chat behaviour is
// the same but for the room type ("c", "p", "d") and the name of the reply's room field.
enum class Family { kChannels, kGroups, kIm };

void register_routes(Router& router, Services& services);

// Handlers, grouped by area in their own files.
namespace handlers {
net::HttpResponse info(Services&, RestRequest&);
net::HttpResponse info_v1(Services&, RestRequest&);
net::HttpResponse login(Services&, RestRequest&);
net::HttpResponse logout(Services&, RestRequest&);
net::HttpResponse me(Services&, RestRequest&);
net::HttpResponse users_logout_other_clients(Services&, RestRequest&);
net::HttpResponse users_remove_other_tokens(Services&, RestRequest&);
net::HttpResponse users_create(Services&, RestRequest&);
net::HttpResponse users_register(Services&, RestRequest&);
net::HttpResponse users_info(Services&, RestRequest&);
net::HttpResponse users_list(Services&, RestRequest&);
// user_admin_routes.cpp: what admins do to accounts
net::HttpResponse users_set_active_status(Services&, RestRequest&);
net::HttpResponse users_update(Services&, RestRequest&);
net::HttpResponse users_delete(Services&, RestRequest&);
// users_profile_routes.cpp: what users change about themselves
net::HttpResponse users_update_own_basic_info(Services&, RestRequest&);
net::HttpResponse users_get_preferences(Services&, RestRequest&);
net::HttpResponse users_set_preferences(Services&, RestRequest&);
net::HttpResponse users_delete_own_account(Services&, RestRequest&);
net::HttpResponse users_get_username_suggestion(Services&, RestRequest&);
net::HttpResponse users_check_username_availability(Services&, RestRequest&);
// users_list_routes.cpp: users.listByStatus, users.autocomplete
net::HttpResponse users_list_by_status(Services&, RestRequest&);
net::HttpResponse users_autocomplete(Services&, RestRequest&);
// users_token_routes.cpp: personal access tokens
net::HttpResponse users_get_personal_access_tokens(Services&, RestRequest&);
net::HttpResponse users_generate_personal_access_token(Services&, RestRequest&);
net::HttpResponse users_regenerate_personal_access_token(Services&, RestRequest&);
net::HttpResponse users_remove_personal_access_token(Services&, RestRequest&);
// room_custom_fields_routes.cpp: channels.setCustomFields, groups.setCustomFields
net::HttpResponse room_set_custom_fields(Services&, RestRequest&, Family);
// presence_routes.cpp
net::HttpResponse users_get_presence(Services&, RestRequest&);
net::HttpResponse users_get_status(Services&, RestRequest&);
net::HttpResponse users_set_status(Services&, RestRequest&);
net::HttpResponse users_presence(Services&, RestRequest&);
// settings_routes.cpp: settings and statistics
net::HttpResponse settings_public(Services&, RestRequest&);
net::HttpResponse settings_list(Services&, RestRequest&);
net::HttpResponse setting_get(Services&, RestRequest&);
net::HttpResponse setting_set(Services&, RestRequest&);
net::HttpResponse settings_oauth(Services&, RestRequest&);
net::HttpResponse statistics(Services&, RestRequest&);
net::HttpResponse statistics_list(Services&, RestRequest&);
// commands_routes.cpp: slash commands (none yet)
net::HttpResponse commands_list(Services&, RestRequest&);
// method_call_routes.cpp: DDP methods over REST
net::HttpResponse method_call(Services&, RestRequest&);
net::HttpResponse method_call_anon(Services&, RestRequest&);

// rooms_routes.cpp: create, info, lists, counters; rooms.*
net::HttpResponse room_create(Services&, RestRequest&, Family);
net::HttpResponse im_create(Services&, RestRequest&);
net::HttpResponse room_info(Services&, RestRequest&, Family);
net::HttpResponse room_list(Services&, RestRequest&, Family);
net::HttpResponse channels_list_joined(Services&, RestRequest&);
net::HttpResponse room_counters(Services&, RestRequest&, Family);
net::HttpResponse rooms_get(Services&, RestRequest&);
net::HttpResponse rooms_info(Services&, RestRequest&);
net::HttpResponse rooms_leave(Services&, RestRequest&);
net::HttpResponse rooms_save_room_settings(Services&, RestRequest&);
// instance_routes.cpp: this process as RC's admin pages see it
net::HttpResponse instances_get(Services&, RestRequest&);
net::HttpResponse presence_get_connections(Services&, RestRequest&);
net::HttpResponse presence_enable_broadcast(Services&, RestRequest&);
// room_lookup_routes.cpp: membership checks and the room pickers' autocompletes
net::HttpResponse rooms_is_member(Services&, RestRequest&);
net::HttpResponse rooms_autocomplete_channel_and_private(Services&, RestRequest&);
net::HttpResponse rooms_autocomplete_admin_rooms(Services&, RestRequest&);
net::HttpResponse rooms_autocomplete_available_for_teams(Services&, RestRequest&);
net::HttpResponse rooms_admin_rooms_get_room(Services&, RestRequest&);
// room_clean_routes.cpp: the caller's favorite flag, pruning a room's history
net::HttpResponse rooms_favorite(Services&, RestRequest&);
net::HttpResponse rooms_clean_history(Services&, RestRequest&);
// room_export_routes.cpp: a room's messages as a file
net::HttpResponse rooms_export(Services&, RestRequest&);
// room_admin_routes.cpp: the admin room list, deleting rooms
net::HttpResponse rooms_admin_rooms(Services&, RestRequest&);
net::HttpResponse room_delete(Services&, RestRequest&, Family);
// room_history_routes.cpp: history, messages
net::HttpResponse room_history(Services&, RestRequest&, Family);
net::HttpResponse room_messages(Services&, RestRequest&, Family);
// room_members_routes.cpp: membership and room roles
net::HttpResponse room_members(Services&, RestRequest&, Family);
net::HttpResponse room_roles(Services&, RestRequest&, Family);
net::HttpResponse room_invite(Services&, RestRequest&, Family);
net::HttpResponse room_kick(Services&, RestRequest&, Family);
net::HttpResponse room_join(Services&, RestRequest&, Family);
net::HttpResponse room_leave(Services&, RestRequest&, Family);
net::HttpResponse room_open(Services&, RestRequest&, Family);
net::HttpResponse room_close(Services&, RestRequest&, Family);
net::HttpResponse room_add_owner(Services&, RestRequest&, Family);
net::HttpResponse room_remove_owner(Services&, RestRequest&, Family);
net::HttpResponse room_add_moderator(Services&, RestRequest&, Family);
net::HttpResponse room_remove_moderator(Services&, RestRequest&, Family);
// room_settings_routes.cpp: what owners change about a room
net::HttpResponse room_set_topic(Services&, RestRequest&, Family);
net::HttpResponse room_set_description(Services&, RestRequest&, Family);
net::HttpResponse room_set_announcement(Services&, RestRequest&, Family);
net::HttpResponse room_rename(Services&, RestRequest&, Family);
net::HttpResponse room_archive(Services&, RestRequest&, Family);
net::HttpResponse room_unarchive(Services&, RestRequest&, Family);
net::HttpResponse room_set_read_only(Services&, RestRequest&, Family);
net::HttpResponse room_set_default(Services&, RestRequest&, Family);
// subscriptions_routes.cpp
net::HttpResponse subscriptions_get(Services&, RestRequest&);
net::HttpResponse subscriptions_get_one(Services&, RestRequest&);
net::HttpResponse subscriptions_read(Services&, RestRequest&);
net::HttpResponse subscriptions_unread(Services&, RestRequest&);
// chat_routes.cpp: writing messages
net::HttpResponse chat_post_message(Services&, RestRequest&);
net::HttpResponse chat_send_message(Services&, RestRequest&);
net::HttpResponse chat_update(Services&, RestRequest&);
net::HttpResponse chat_delete(Services&, RestRequest&);
net::HttpResponse chat_react(Services&, RestRequest&);
net::HttpResponse chat_pin_message(Services&, RestRequest&);
net::HttpResponse chat_unpin_message(Services&, RestRequest&);
net::HttpResponse chat_star_message(Services&, RestRequest&);
net::HttpResponse chat_unstar_message(Services&, RestRequest&);
// chat_read_routes.cpp: reading messages
net::HttpResponse chat_get_message(Services&, RestRequest&);
net::HttpResponse chat_sync_messages(Services&, RestRequest&);
net::HttpResponse chat_thread_messages(Services&, RestRequest&);
net::HttpResponse chat_search(Services&, RestRequest&);
// room_history_routes.cpp: the room's pinned, my starred, and mentioning-me messages
net::HttpResponse chat_get_pinned_messages(Services&, RestRequest&);
net::HttpResponse chat_get_starred_messages(Services&, RestRequest&);
net::HttpResponse chat_get_mentioned_messages(Services&, RestRequest&);
// avatar_routes.cpp: /avatar/... (outside /api/v1, anonymous)
net::HttpResponse avatar_user(Services&, RestRequest&);
net::HttpResponse avatar_user_by_id(Services&, RestRequest&);
net::HttpResponse avatar_room(Services&, RestRequest&);
net::HttpResponse users_set_avatar(Services&, RestRequest&);
net::HttpResponse users_reset_avatar(Services&, RestRequest&);
// upload_routes.cpp: rooms.upload and rooms.media stream their body; mediaConfirm is JSON
void rooms_upload(Services&, std::shared_ptr<StreamedRequest>, std::shared_ptr<net::BodyReader>,
                  Respond);
void rooms_media(Services&, std::shared_ptr<StreamedRequest>, std::shared_ptr<net::BodyReader>,
                 Respond);
net::HttpResponse rooms_media_confirm(Services&, RestRequest&);
// file_download_routes.cpp: /file-upload/:fileId/:name (outside /api/v1)
net::HttpResponse file_upload(Services&, RestRequest&);
// room_files_routes.cpp: a room's uploads
net::HttpResponse room_files(Services&, RestRequest&, Family);
net::HttpResponse rooms_images(Services&, RestRequest&);
// finder_routes.cpp: spotlight and the directory
net::HttpResponse spotlight(Services&, RestRequest&);
net::HttpResponse directory(Services&, RestRequest&);
// thread_list_routes.cpp: a room's threads; rooms.hide / rooms.open
net::HttpResponse chat_get_threads_list(Services&, RestRequest&);
net::HttpResponse chat_sync_threads_list(Services&, RestRequest&);
net::HttpResponse rooms_hide(Services&, RestRequest&);
net::HttpResponse rooms_open(Services&, RestRequest&);
// discussion_routes.cpp: discussions (issue 11, item 3)
net::HttpResponse rooms_create_discussion(Services&, RestRequest&);
net::HttpResponse rooms_get_discussions(Services&, RestRequest&);
net::HttpResponse chat_get_discussions(Services&, RestRequest&);
// chat_follow_routes.cpp: following threads, deleted messages, ignoring users (item 8)
net::HttpResponse chat_follow_message(Services&, RestRequest&);
net::HttpResponse chat_unfollow_message(Services&, RestRequest&);
net::HttpResponse chat_get_deleted_messages(Services&, RestRequest&);
net::HttpResponse chat_ignore_user(Services&, RestRequest&);
// permissions_routes.cpp
net::HttpResponse permissions_list_all(Services&, RestRequest&);
net::HttpResponse permissions_update(Services&, RestRequest&);
// roles_routes.cpp
net::HttpResponse roles_list(Services&, RestRequest&);
net::HttpResponse roles_sync(Services&, RestRequest&);
net::HttpResponse roles_create(Services&, RestRequest&);
net::HttpResponse roles_update(Services&, RestRequest&);
net::HttpResponse roles_delete(Services&, RestRequest&);
net::HttpResponse roles_add_user_to_role(Services&, RestRequest&);
net::HttpResponse roles_remove_user_from_role(Services&, RestRequest&);
net::HttpResponse roles_get_users_in_role(Services&, RestRequest&);
}  // namespace handlers

}  // namespace parley::rest
