#pragma once
// What RC 7's web client asks while someone looks for something: spotlight (switcher and
// autocomplete), browseChannels (the directory), messageSearch (the search panel, in one room
// or across the user's rooms), getThreadMessages (the thread panel). All need a login.
#include "ddp/service.hpp"

namespace parley::ddp {

MethodResult spotlight_method(MethodCall& call);
MethodResult browse_channels_method(MethodCall& call);
MethodResult message_search_method(MethodCall& call);
MethodResult get_thread_messages_method(MethodCall& call);

}  // namespace parley::ddp
