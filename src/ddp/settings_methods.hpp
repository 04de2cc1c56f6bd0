#pragma once
// Rocket.Chat's settings methods (its server/publications/settings.ts): public-settings/get
// for anyone, private-settings/get for holders of view-privileged-setting. With an EJSON date
// they answer {update, remove} of what changed after it; with anything else, the list.
#include "ddp/service.hpp"

namespace parley::ddp {

MethodResult public_settings_get_method(MethodCall& call);
MethodResult private_settings_get_method(MethodCall& call);

}  // namespace parley::ddp
