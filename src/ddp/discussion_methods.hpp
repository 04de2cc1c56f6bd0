#pragma once
// Discussions and the thread/ignore methods of RC 7's web client (issue 11, items 3 and 8):
// createDiscussion({prid, pmid, t_name, reply, users, encrypted}), followMessage({mid}),
// unfollowMessage({mid}), ignoreUser({rid, userId, ignore}). chat/ has the rules; these read the
// arguments as Rocket.Chat's methods do. All need a login.
#include "ddp/service.hpp"

namespace parley::ddp {

MethodResult create_discussion_method(MethodCall& call);
MethodResult follow_message_method(MethodCall& call);
MethodResult unfollow_message_method(MethodCall& call);
MethodResult ignore_user_method(MethodCall& call);

}  // namespace parley::ddp
