#pragma once
// The address of the client behind the proxies in front of parley, as Rocket.Chat derives it
// for its rate limits, login limits and logs (getRequestIP in apps/meteor/app/api/server/api.ts,
// Meteor's Session._clientAddress). HTTP_FORWARDED_COUNT says how many proxies the operator runs:
// each appends the address it saw to X-Forwarded-For, so the entry `count` places from the end
// is the one our outermost proxy wrote, and whatever a client put before it is ignored.
//
// One deliberate difference: Rocket.Chat believes X-Real-IP even with no proxy declared, which
// lets a client that talks to it directly name a fresh address on every request and never be
// limited. Here the headers count only when HTTP_FORWARDED_COUNT > 0.
#include <string>

#include "net/http_types.hpp"

namespace parley::rest {

// With forwarded_count 0: the socket's address. Otherwise X-Forwarded-For's entry
// `forwarded_count` from the end (all X-Forwarded-For lines, joined in order); when the list is
// shorter than that, X-Real-IP, else the socket's address.
std::string client_ip(const net::HttpRequest& request, unsigned forwarded_count);

}  // namespace parley::rest
