#pragma once
// Rocket.Chat's settings methods (its server/publications/settings.ts): public-settings/get
// for anyone, private-settings/get for holders of view-privileged-setting. Without an argument
// they answer the list; with an EJSON date, {update, remove} of what changed after it.
#include "ddp/service.hpp"

namespace parley::ddp {

MethodResult public_settings_get_method(MethodCall& call);
MethodResult private_settings_get_method(MethodCall& call);

}  // namespace parley::ddp
