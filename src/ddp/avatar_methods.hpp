#pragma once
// setAvatarFromService: how Rocket.Chat's web client uploads an avatar (a data URI over DDP;
// apps/meteor/app/lib/server/functions/setUserAvatar.ts setAvatarFromServiceWithValidation).
// The image goes through chat::Avatars like users.setAvatar's. Needs a login.
#include "ddp/service.hpp"

namespace parley::ddp {

MethodResult set_avatar_from_service_method(MethodCall& call);

}  // namespace parley::ddp
