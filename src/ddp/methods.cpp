// The DDP method table (STYLE.md idea 8): every method parley serves, with its login
// requirement and rate limit, in one place. Handlers for each area live beside it.
#include "ddp/account_methods.hpp"
#include "ddp/avatar_methods.hpp"
#include "ddp/chat_methods.hpp"
#include "ddp/discussion_methods.hpp"
#include "ddp/finder_methods.hpp"
#include "ddp/membership_methods.hpp"
#include "ddp/presence_methods.hpp"
#include "ddp/profile_methods.hpp"
#include "ddp/room_settings_methods.hpp"
#include "ddp/service.hpp"
#include "ddp/settings_methods.hpp"
#include "ddp/stream_methods.hpp"
#include "ddp/token_methods.hpp"

namespace parley::ddp {

// RC's sendMessage limit (apps/meteor/app/lib/server/methods/sendMessage.ts): 5 calls a second
// per user, unless the user may send many messages (bots, apps, admins).
constexpr MethodLimit kSendMessageLimit{5, 1000, "send-many-messages"};

// RC's DDPRateLimiter rule for spotlight and browseChannels: 100 calls per 100 s per user.
constexpr MethodLimit kFinderLimit{100, 100'000, nullptr};

// RC's RateLimiter.limitMethod('followMessage' | 'unfollowMessage', 5, 5000): per user.
constexpr MethodLimit kFollowLimit{5, 5000, nullptr};

void register_methods(Service& s) {
  // clang-format off
  //            name                      requires login  handler           limit
  s.add_method("login",                   {false, login_method});
  s.add_method("logout",                  {false, logout_method});
  s.add_method("removeOtherTokens",       {true,  remove_other_tokens_method});
  s.add_method("sendMessage",             {true,  send_message_method, kSendMessageLimit});
  s.add_method("updateMessage",           {true,  update_message_method});
  s.add_method("deleteMessage",           {true,  delete_message_method});
  s.add_method("setReaction",             {true,  set_reaction_method});
  s.add_method("pinMessage",              {true,  pin_message_method});
  s.add_method("unpinMessage",            {true,  unpin_message_method});
  s.add_method("starMessage",             {true,  star_message_method});
  s.add_method("loadHistory",             {true,  load_history_method});
  s.add_method("readMessages",            {true,  read_messages_method});
  s.add_method("createChannel",           {true,  create_channel_method});
  s.add_method("createPrivateGroup",      {true,  create_private_group_method});
  s.add_method("createDirectMessage",     {true,  create_direct_message_method});
  s.add_method("joinRoom",                {true,  join_room_method});
  s.add_method("leaveRoom",               {true,  leave_room_method});
  s.add_method("saveRoomSettings",        {true,  save_room_settings_method});
  s.add_method("eraseRoom",               {true,  erase_room_method});
  s.add_method("getRoomRoles",            {true,  get_room_roles_method});
  s.add_method("getUsersOfRoom",          {true,  get_users_of_room_method});
  s.add_method("getRoomIdByNameOrId",     {true,  get_room_id_by_name_or_id_method});
  s.add_method("getRoomNameById",         {true,  get_room_name_by_id_method});
  s.add_method("rooms/get",               {true,  rooms_get_method});
  s.add_method("subscriptions/get",       {true,  subscriptions_get_method});
  s.add_method("spotlight",               {true,  spotlight_method, kFinderLimit});
  s.add_method("browseChannels",          {true,  browse_channels_method, kFinderLimit});
  s.add_method("messageSearch",           {true,  message_search_method});
  s.add_method("getThreadMessages",       {true,  get_thread_messages_method});
  s.add_method("addUsersToRoom",          {true,  add_users_to_room_method});
  s.add_method("removeUserFromRoom",      {true,  remove_user_from_room_method});
  s.add_method("hideRoom",                {true,  hide_room_method});
  s.add_method("openRoom",                {true,  open_room_method});
  s.add_method("createDiscussion",        {true,  create_discussion_method});
  s.add_method("followMessage",           {true,  follow_message_method, kFollowLimit});
  s.add_method("unfollowMessage",         {true,  unfollow_message_method, kFollowLimit});
  s.add_method("ignoreUser",              {true,  ignore_user_method});
  s.add_method("toggleFavorite",          {true,  toggle_favorite_method});
  s.add_method("UserPresence:away",       {true,  user_presence_away_method});
  s.add_method("UserPresence:online",     {true,  user_presence_online_method});
  s.add_method("UserPresence:setDefaultStatus", {true, user_presence_set_default_status_method});
  s.add_method("setUserStatus",           {true,  set_user_status_method});
  s.add_method("setAvatarFromService",    {true,  set_avatar_from_service_method});
  s.add_method("saveUserProfile",         {true,  save_user_profile_method});
  s.add_method("saveUserPreferences",     {true,  save_user_preferences_method});
  s.add_method("deleteUserOwnAccount",    {true,  delete_user_own_account_method});
  s.add_method("getUsernameSuggestion",   {true,  get_username_suggestion_method});
  s.add_method("personalAccessTokens:generateToken",   {true, generate_token_method});
  s.add_method("personalAccessTokens:regenerateToken", {true, regenerate_token_method});
  s.add_method("personalAccessTokens:removeToken",     {true, remove_token_method});
  s.add_method("public-settings/get",     {false, public_settings_get_method});
  s.add_method("private-settings/get",    {false, private_settings_get_method});
  // Stream emits: the rules are inside (stream_methods.cpp; webrtc relays need no login).
  s.add_method("stream-notify-room",      {false, stream_notify_room_method});
  s.add_method("stream-notify-user",      {false, stream_notify_user_method});
  s.add_method("stream-notify-room-users", {false, stream_notify_room_users_method});
  s.add_method("stream-room-messages",    {false, stream_write_refused_method});
  s.add_method("stream-notify-logged",    {false, stream_write_refused_method});
  s.add_method("stream-notify-all",       {false, stream_write_refused_method});
  s.add_method("stream-user-presence",    {false, stream_write_refused_method});
  // clang-format on
}

}  // namespace parley::ddp
