#include "rest/routes.hpp"

#include "rest/team_routes.hpp"

namespace parley::rest {

namespace {

// teams.* (RC 7 v1/teams.ts) and the two conversions into a team, in their own table so a
// build without teams (unit fixtures) registers none of them.
void register_team_routes(Router& router, Services& s) {
  auto bind = [&s](net::HttpResponse (*fn)(Services&, RestRequest&)) {
    return [&s, fn](RestRequest& r) { return fn(s, r); };
  };
  auto of = [&s](net::HttpResponse (*fn)(Services&, RestRequest&, Family), Family family) {
    return [&s, fn, family](RestRequest& r) { return fn(s, r, family); };
  };
  using namespace handlers;
  constexpr auto kReq = Auth::kRequired;
  // clang-format off
  router.add({"POST",     "/api/v1/teams.create",             kReq, bind(teams_create)});
  router.add({"GET",      "/api/v1/teams.info",               kReq, bind(teams_info)});
  router.add({"GET",      "/api/v1/teams.list",               kReq, bind(teams_list)});
  router.add({"GET",      "/api/v1/teams.listAll",            kReq, bind(teams_list_all)});
  router.add({"GET",      "/api/v1/users.listTeams",          kReq, bind(users_list_teams)});
  router.add({"GET",      "/api/v1/teams.autocomplete",       kReq, bind(teams_autocomplete)});
  router.add({"GET",      "/api/v1/teams.members",            kReq, bind(teams_members)});
  router.add({"POST",     "/api/v1/teams.addMembers",         kReq, bind(teams_add_members)});
  router.add({"POST",     "/api/v1/teams.updateMember",       kReq, bind(teams_update_member)});
  router.add({"POST",     "/api/v1/teams.removeMember",       kReq, bind(teams_remove_member)});
  router.add({"POST",     "/api/v1/teams.leave",              kReq, bind(teams_leave)});
  router.add({"POST",     "/api/v1/teams.addRooms",           kReq, bind(teams_add_rooms)});
  router.add({"POST",     "/api/v1/teams.removeRoom",         kReq, bind(teams_remove_room)});
  router.add({"POST",     "/api/v1/teams.updateRoom",         kReq, bind(teams_update_room)});
  router.add({"GET",      "/api/v1/teams.listRooms",          kReq, bind(teams_list_rooms)});
  router.add({"GET",      "/api/v1/teams.listRoomsOfUser",    kReq, bind(teams_list_rooms_of_user)});
  router.add({"POST",     "/api/v1/teams.delete",             kReq, bind(teams_delete)});
  router.add({"POST",     "/api/v1/teams.convertToChannel",   kReq, bind(teams_convert_to_channel)});
  router.add({"POST",     "/api/v1/teams.update",             kReq, bind(teams_update)});
  router.add({"GET",      "/api/v1/teams.listChildren",       kReq, bind(teams_list_children)});
  router.add({"POST",     "/api/v1/channels.convertToTeam",   kReq, of(room_convert_to_team, Family::kChannels)});
  router.add({"POST",     "/api/v1/groups.convertToTeam",     kReq, of(room_convert_to_team, Family::kGroups)});
  // clang-format on
}

}  // namespace

void register_routes(Router& router, Services& s) {
  auto bind = [&s](net::HttpResponse (*fn)(Services&, RestRequest&)) {
    return [&s, fn](RestRequest& r) { return fn(s, r); };
  };
  // A channels.* / groups.* / im.* handler bound to its family.
  auto of = [&s](net::HttpResponse (*fn)(Services&, RestRequest&, Family), Family family) {
    return [&s, fn, family](RestRequest& r) { return fn(s, r, family); };
  };
  using namespace handlers;
  constexpr auto kC = Family::kChannels;
  constexpr auto kP = Family::kGroups;
  constexpr auto kD = Family::kIm;
  constexpr auto kReq = Auth::kRequired;
  // The rate-limit class is kDefault unless a route names another (rest/rate_limit.hpp): RC
  // exempts method.call* (the DDP method limits apply inside) and gives users.register its own.
  constexpr auto kNoLimit = RateLimitClass::kNone;
  constexpr auto kRegisterLimit = RateLimitClass::kRegisterUser;
  // clang-format off
  //          method      path                        auth              handler          rate limit
  router.add({"GET",      "/api/info",                Auth::kOptional,  bind(info)});
  router.add({"GET",      "/api/v1/info",             Auth::kAnonymous, bind(info_v1)});
  router.add({"POST",     "/api/v1/login",            Auth::kAnonymous, bind(login)});
  router.add({"GET|POST", "/api/v1/logout",           Auth::kRequired,  bind(logout)});
  router.add({"GET",      "/api/v1/me",               Auth::kRequired,  bind(me)});
  router.add({"POST",     "/api/v1/users.create",     Auth::kRequired,  bind(users_create)});
  router.add({"POST",     "/api/v1/users.register",   Auth::kAnonymous, bind(users_register), kRegisterLimit});
  router.add({"GET",      "/api/v1/users.info",       Auth::kRequired,  bind(users_info)});
  router.add({"GET",      "/api/v1/users.list",       Auth::kRequired,  bind(users_list)});
  router.add({"POST",     "/api/v1/users.setActiveStatus", Auth::kRequired, bind(users_set_active_status)});
  router.add({"POST",     "/api/v1/users.update",     Auth::kRequired,  bind(users_update)});
  router.add({"POST",     "/api/v1/users.delete",     Auth::kRequired,  bind(users_delete)});
  router.add({"POST",     "/api/v1/users.logoutOtherClients", Auth::kRequired, bind(users_logout_other_clients)});
  router.add({"POST",     "/api/v1/users.removeOtherTokens",  Auth::kRequired, bind(users_remove_other_tokens)});
  // the user's own account                                        (issue 11, items 5, 7)
  router.add({"POST",     "/api/v1/users.updateOwnBasicInfo",   kReq, bind(users_update_own_basic_info)});
  router.add({"GET",      "/api/v1/users.getPreferences",       kReq, bind(users_get_preferences)});
  router.add({"POST",     "/api/v1/users.setPreferences",       kReq, bind(users_set_preferences)});
  router.add({"POST",     "/api/v1/users.deleteOwnAccount",     kReq, bind(users_delete_own_account)});
  router.add({"GET",      "/api/v1/users.getUsernameSuggestion", kReq, bind(users_get_username_suggestion)});
  router.add({"GET",      "/api/v1/users.checkUsernameAvailability", kReq, bind(users_check_username_availability)});
  router.add({"GET",      "/api/v1/users.listByStatus",         kReq, bind(users_list_by_status)});
  router.add({"GET",      "/api/v1/users.autocomplete",         kReq, bind(users_autocomplete)});
  router.add({"GET",      "/api/v1/users.getPersonalAccessTokens", kReq, bind(users_get_personal_access_tokens)});
  router.add({"POST",     "/api/v1/users.generatePersonalAccessToken", kReq, bind(users_generate_personal_access_token)});
  router.add({"POST",     "/api/v1/users.regeneratePersonalAccessToken", kReq, bind(users_regenerate_personal_access_token)});
  router.add({"POST",     "/api/v1/users.removePersonalAccessToken", kReq, bind(users_remove_personal_access_token)});
  router.add({"POST",     "/api/v1/channels.setCustomFields",   kReq, of(room_set_custom_fields, kC)});
  router.add({"POST",     "/api/v1/groups.setCustomFields",     kReq, of(room_set_custom_fields, kP)});
  router.add({"GET",      "/api/v1/users.getPresence", Auth::kRequired, bind(users_get_presence)});
  router.add({"GET",      "/api/v1/users.getStatus",  Auth::kRequired,  bind(users_get_status)});
  router.add({"POST",     "/api/v1/users.setStatus",  Auth::kRequired,  bind(users_set_status)});
  router.add({"GET",      "/api/v1/users.presence",   Auth::kRequired,  bind(users_presence)});
  router.add({"POST",     "/api/v1/users.setAvatar",  Auth::kRequired,  bind(users_set_avatar)});
  router.add({"POST",     "/api/v1/users.resetAvatar", Auth::kRequired, bind(users_reset_avatar)});
  // Uploads: the two multipart routes stream their body (Router::add_streamed).
  router.add_streamed({"/api/v1/rooms.upload/:rid", Auth::kRequired,
                       [&s](auto req, auto body, Respond respond) {
                         rooms_upload(s, std::move(req), std::move(body), std::move(respond));
                       }});
  router.add_streamed({"/api/v1/rooms.media/:rid", Auth::kRequired,
                       [&s](auto req, auto body, Respond respond) {
                         rooms_media(s, std::move(req), std::move(body), std::move(respond));
                       }});
  router.add({"POST", "/api/v1/rooms.mediaConfirm/:rid/:fileId", Auth::kRequired,
              bind(rooms_media_confirm)});
  router.add({"GET",      "/api/v1/settings.public",  Auth::kAnonymous, bind(settings_public)});
  router.add({"GET",      "/api/v1/settings.oauth",   Auth::kAnonymous, bind(settings_oauth)});
  router.add({"GET",      "/api/v1/settings",         Auth::kRequired,  bind(settings_list)});
  router.add({"GET",      "/api/v1/settings/:_id",    Auth::kRequired,  bind(setting_get)});
  router.add({"POST",     "/api/v1/settings/:_id",    Auth::kRequired,  bind(setting_set)});
  router.add({"GET",      "/api/v1/statistics",       Auth::kRequired,  bind(statistics)});
  router.add({"GET",      "/api/v1/statistics.list",  Auth::kRequired,  bind(statistics_list)});
  router.add({"GET",      "/api/v1/instances.get",    Auth::kRequired,  bind(instances_get)});
  router.add({"GET",      "/api/v1/presence.getConnections",  Auth::kRequired, bind(presence_get_connections)});
  router.add({"POST",     "/api/v1/presence.enableBroadcast", Auth::kRequired, bind(presence_enable_broadcast)});
  router.add({"POST",     "/api/v1/method.call/:method",     Auth::kRequired,  bind(method_call), kNoLimit});
  router.add({"POST",     "/api/v1/method.callAnon/:method", Auth::kAnonymous, bind(method_call_anon), kNoLimit});
  // channels.*                                                      (rc-api.md §6.4)
  router.add({"POST",     "/api/v1/channels.create",          kReq, of(room_create, kC)});
  router.add({"GET",      "/api/v1/channels.info",            kReq, of(room_info, kC)});
  router.add({"GET",      "/api/v1/channels.list",            kReq, of(room_list, kC)});
  router.add({"GET",      "/api/v1/channels.list.joined",     kReq, bind(channels_list_joined)});
  router.add({"GET",      "/api/v1/channels.history",         kReq, of(room_history, kC)});
  router.add({"GET",      "/api/v1/channels.messages",        kReq, of(room_messages, kC)});
  router.add({"GET",      "/api/v1/channels.members",         kReq, of(room_members, kC)});
  router.add({"GET",      "/api/v1/channels.roles",           kReq, of(room_roles, kC)});
  router.add({"GET",      "/api/v1/channels.counters",        kReq, of(room_counters, kC)});
  router.add({"POST",     "/api/v1/channels.invite",          kReq, of(room_invite, kC)});
  router.add({"POST",     "/api/v1/channels.kick",            kReq, of(room_kick, kC)});
  router.add({"POST",     "/api/v1/channels.join",            kReq, of(room_join, kC)});
  router.add({"POST",     "/api/v1/channels.leave",           kReq, of(room_leave, kC)});
  router.add({"POST",     "/api/v1/channels.open",            kReq, of(room_open, kC)});
  router.add({"POST",     "/api/v1/channels.close",           kReq, of(room_close, kC)});
  router.add({"POST",     "/api/v1/channels.setTopic",        kReq, of(room_set_topic, kC)});
  router.add({"POST",     "/api/v1/channels.setDescription",  kReq, of(room_set_description, kC)});
  router.add({"POST",     "/api/v1/channels.setAnnouncement", kReq, of(room_set_announcement, kC)});
  router.add({"POST",     "/api/v1/channels.rename",          kReq, of(room_rename, kC)});
  router.add({"POST",     "/api/v1/channels.archive",         kReq, of(room_archive, kC)});
  router.add({"POST",     "/api/v1/channels.unarchive",       kReq, of(room_unarchive, kC)});
  router.add({"POST",     "/api/v1/channels.setReadOnly",     kReq, of(room_set_read_only, kC)});
  router.add({"POST",     "/api/v1/channels.setDefault",      kReq, of(room_set_default, kC)});
  router.add({"POST",     "/api/v1/channels.addOwner",        kReq, of(room_add_owner, kC)});
  router.add({"POST",     "/api/v1/channels.removeOwner",     kReq, of(room_remove_owner, kC)});
  router.add({"POST",     "/api/v1/channels.addModerator",    kReq, of(room_add_moderator, kC)});
  router.add({"POST",     "/api/v1/channels.removeModerator", kReq, of(room_remove_moderator, kC)});
  router.add({"POST",     "/api/v1/channels.delete",          kReq, of(room_delete, kC)});
  router.add({"GET",      "/api/v1/channels.files",           kReq, of(room_files, kC)});
  // groups.*
  router.add({"POST",     "/api/v1/groups.create",            kReq, of(room_create, kP)});
  router.add({"GET",      "/api/v1/groups.info",              kReq, of(room_info, kP)});
  router.add({"GET",      "/api/v1/groups.list",              kReq, of(room_list, kP)});
  router.add({"GET",      "/api/v1/groups.history",           kReq, of(room_history, kP)});
  router.add({"GET",      "/api/v1/groups.messages",          kReq, of(room_messages, kP)});
  router.add({"GET",      "/api/v1/groups.members",           kReq, of(room_members, kP)});
  router.add({"GET",      "/api/v1/groups.roles",             kReq, of(room_roles, kP)});
  router.add({"GET",      "/api/v1/groups.counters",          kReq, of(room_counters, kP)});
  router.add({"POST",     "/api/v1/groups.invite",            kReq, of(room_invite, kP)});
  router.add({"POST",     "/api/v1/groups.kick",              kReq, of(room_kick, kP)});
  router.add({"POST",     "/api/v1/groups.leave",             kReq, of(room_leave, kP)});
  router.add({"POST",     "/api/v1/groups.open",              kReq, of(room_open, kP)});
  router.add({"POST",     "/api/v1/groups.close",             kReq, of(room_close, kP)});
  router.add({"POST",     "/api/v1/groups.setTopic",          kReq, of(room_set_topic, kP)});
  router.add({"POST",     "/api/v1/groups.setDescription",    kReq, of(room_set_description, kP)});
  router.add({"POST",     "/api/v1/groups.setAnnouncement",   kReq, of(room_set_announcement, kP)});
  router.add({"POST",     "/api/v1/groups.rename",            kReq, of(room_rename, kP)});
  router.add({"POST",     "/api/v1/groups.archive",           kReq, of(room_archive, kP)});
  router.add({"POST",     "/api/v1/groups.unarchive",         kReq, of(room_unarchive, kP)});
  router.add({"POST",     "/api/v1/groups.setReadOnly",       kReq, of(room_set_read_only, kP)});
  router.add({"POST",     "/api/v1/groups.addOwner",          kReq, of(room_add_owner, kP)});
  router.add({"POST",     "/api/v1/groups.removeOwner",       kReq, of(room_remove_owner, kP)});
  router.add({"POST",     "/api/v1/groups.addModerator",      kReq, of(room_add_moderator, kP)});
  router.add({"POST",     "/api/v1/groups.removeModerator",   kReq, of(room_remove_moderator, kP)});
  router.add({"POST",     "/api/v1/groups.delete",            kReq, of(room_delete, kP)});
  router.add({"GET",      "/api/v1/groups.files",             kReq, of(room_files, kP)});
  // im.*
  router.add({"POST",     "/api/v1/im.create",                kReq, bind(im_create)});
  router.add({"GET",      "/api/v1/im.list",                  kReq, of(room_list, kD)});
  router.add({"GET",      "/api/v1/im.history",               kReq, of(room_history, kD)});
  router.add({"GET",      "/api/v1/im.messages",              kReq, of(room_messages, kD)});
  router.add({"GET",      "/api/v1/im.members",               kReq, of(room_members, kD)});
  router.add({"GET",      "/api/v1/im.counters",              kReq, of(room_counters, kD)});
  router.add({"POST",     "/api/v1/im.leave",                 kReq, of(room_leave, kD)});
  router.add({"POST",     "/api/v1/im.open",                  kReq, of(room_open, kD)});
  router.add({"POST",     "/api/v1/im.close",                 kReq, of(room_close, kD)});
  router.add({"POST",     "/api/v1/im.setTopic",              kReq, of(room_set_topic, kD)});
  router.add({"GET",      "/api/v1/im.files",                 kReq, of(room_files, kD)});
  // rooms.* and subscriptions.*                                     (rc-api.md §6.5)
  router.add({"GET",      "/api/v1/rooms.get",                kReq, bind(rooms_get)});
  router.add({"GET",      "/api/v1/rooms.info",               kReq, bind(rooms_info)});
  router.add({"POST",     "/api/v1/rooms.leave",              kReq, bind(rooms_leave)});
  router.add({"POST",     "/api/v1/rooms.saveRoomSettings",   kReq, bind(rooms_save_room_settings)});
  router.add({"GET",      "/api/v1/rooms.adminRooms",         kReq, bind(rooms_admin_rooms)});
  router.add({"GET",      "/api/v1/rooms.images",             kReq, bind(rooms_images)});
  router.add({"GET",      "/api/v1/rooms.isMember",           kReq, bind(rooms_is_member)});
  router.add({"GET",      "/api/v1/rooms.autocomplete.channelAndPrivate", kReq, bind(rooms_autocomplete_channel_and_private)});
  router.add({"GET",      "/api/v1/rooms.autocomplete.adminRooms",        kReq, bind(rooms_autocomplete_admin_rooms)});
  router.add({"GET",      "/api/v1/rooms.autocomplete.availableForTeams", kReq, bind(rooms_autocomplete_available_for_teams)});
  router.add({"GET",      "/api/v1/rooms.adminRooms.getRoom", kReq, bind(rooms_admin_rooms_get_room)});
  router.add({"POST",     "/api/v1/rooms.favorite",           kReq, bind(rooms_favorite)});
  router.add({"POST",     "/api/v1/rooms.cleanHistory",       kReq, bind(rooms_clean_history)});
  router.add({"POST",     "/api/v1/rooms.export",             kReq, bind(rooms_export)});
  router.add({"GET",      "/api/v1/subscriptions.get",        kReq, bind(subscriptions_get)});
  router.add({"GET",      "/api/v1/subscriptions.getOne",     kReq, bind(subscriptions_get_one)});
  router.add({"POST",     "/api/v1/subscriptions.read",       kReq, bind(subscriptions_read)});
  router.add({"POST",     "/api/v1/subscriptions.unread",     kReq, bind(subscriptions_unread)});
  // chat.*                                                          (rc-api.md §6.6)
  router.add({"POST",     "/api/v1/chat.postMessage",         kReq, bind(chat_post_message)});
  router.add({"POST",     "/api/v1/chat.sendMessage",         kReq, bind(chat_send_message)});
  router.add({"POST",     "/api/v1/chat.update",              kReq, bind(chat_update)});
  router.add({"POST",     "/api/v1/chat.delete",              kReq, bind(chat_delete)});
  router.add({"GET",      "/api/v1/chat.getMessage",          kReq, bind(chat_get_message)});
  router.add({"POST",     "/api/v1/chat.react",               kReq, bind(chat_react)});
  router.add({"POST",     "/api/v1/chat.pinMessage",          kReq, bind(chat_pin_message)});
  router.add({"POST",     "/api/v1/chat.unPinMessage",        kReq, bind(chat_unpin_message)});
  router.add({"POST",     "/api/v1/chat.starMessage",         kReq, bind(chat_star_message)});
  router.add({"POST",     "/api/v1/chat.unStarMessage",       kReq, bind(chat_unstar_message)});
  router.add({"GET",      "/api/v1/chat.syncMessages",        kReq, bind(chat_sync_messages)});
  router.add({"GET",      "/api/v1/chat.getThreadMessages",   kReq, bind(chat_thread_messages)});
  router.add({"GET",      "/api/v1/chat.search",              kReq, bind(chat_search)});
  router.add({"GET",      "/api/v1/chat.getPinnedMessages",   kReq, bind(chat_get_pinned_messages)});
  router.add({"GET",      "/api/v1/chat.getStarredMessages",  kReq, bind(chat_get_starred_messages)});
  router.add({"GET",      "/api/v1/chat.getMentionedMessages", kReq, bind(chat_get_mentioned_messages)});
  router.add({"GET",      "/api/v1/chat.getThreadsList",      kReq, bind(chat_get_threads_list)});
  router.add({"GET",      "/api/v1/chat.syncThreadsList",     kReq, bind(chat_sync_threads_list)});
  router.add({"POST",     "/api/v1/rooms.hide",               kReq, bind(rooms_hide)});
  router.add({"POST",     "/api/v1/rooms.open",               kReq, bind(rooms_open)});
  // discussions and the rest of chat.*                              (issue 11, items 3 and 8)
  router.add({"POST",     "/api/v1/rooms.createDiscussion",   kReq, bind(rooms_create_discussion)});
  router.add({"GET",      "/api/v1/rooms.getDiscussions",     kReq, bind(rooms_get_discussions)});
  router.add({"GET",      "/api/v1/chat.getDiscussions",      kReq, bind(chat_get_discussions)});
  router.add({"POST",     "/api/v1/chat.followMessage",       kReq, bind(chat_follow_message)});
  router.add({"POST",     "/api/v1/chat.unfollowMessage",     kReq, bind(chat_unfollow_message)});
  router.add({"GET",      "/api/v1/chat.getDeletedMessages",  kReq, bind(chat_get_deleted_messages)});
  router.add({"GET",      "/api/v1/chat.ignoreUser",          kReq, bind(chat_ignore_user)});
  // finders                                                          (misc.ts)
  router.add({"GET",      "/api/v1/spotlight",                kReq, bind(spotlight)});
  router.add({"GET",      "/api/v1/directory",                kReq, bind(directory)});
  // permissions and roles                                           (rc-api.md §6.7)
  router.add({"GET",      "/api/v1/permissions.listAll",      kReq, bind(permissions_list_all)});
  router.add({"POST",     "/api/v1/permissions.update",       kReq, bind(permissions_update)});
  router.add({"GET",      "/api/v1/roles.list",               kReq, bind(roles_list)});
  router.add({"GET",      "/api/v1/commands.list",            kReq, bind(commands_list)});
  router.add({"GET",      "/api/v1/roles.sync",               kReq, bind(roles_sync)});
  router.add({"POST",     "/api/v1/roles.create",             kReq, bind(roles_create)});
  router.add({"POST",     "/api/v1/roles.update",             kReq, bind(roles_update)});
  router.add({"POST",     "/api/v1/roles.delete",             kReq, bind(roles_delete)});
  router.add({"POST",     "/api/v1/roles.addUserToRole",      kReq, bind(roles_add_user_to_role)});
  router.add({"POST",     "/api/v1/roles.removeUserFromRole", kReq, bind(roles_remove_user_from_role)});
  router.add({"GET",      "/api/v1/roles.getUsersInRole",     kReq, bind(roles_get_users_in_role)});
  // avatars: not API routes, so no rate limit, as in RC                 (rc-api.md §6.3)
  router.add({"GET",      "/avatar/:username",                Auth::kAnonymous, bind(avatar_user), kNoLimit});
  router.add({"GET",      "/avatar/uid/:userId",              Auth::kAnonymous, bind(avatar_user_by_id), kNoLimit});
  router.add({"GET",      "/avatar/room/:rid",                Auth::kAnonymous, bind(avatar_room), kNoLimit});
  // file downloads: credentials are read by the handler, in RC's order       (rc-api.md §9)
  router.add({"GET",      "/file-upload/*",                   Auth::kAnonymous, bind(file_upload), kNoLimit});
  // clang-format on
  if (s.teams != nullptr) register_team_routes(router, s);
}

}  // namespace parley::rest
