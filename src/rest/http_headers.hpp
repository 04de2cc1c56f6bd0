#pragma once
// Reading and writing the HTTP header values the routes outside /api/v1 need (/avatar,
// /file-upload): cookies, entity tags, dates. Pure functions over strings, tested in
// tests/unit/http_headers_test.cpp.
#include <cstdint>
#include <string>
#include <string_view>

#include "net/http_types.hpp"

namespace parley::rest {

// The cookie `name` from the Cookie header ("a=1; rc_uid=x"), percent-decoded as Meteor's
// cookie reader decodes it (a value whose escapes are malformed is kept as sent); "" when
// absent.
std::string cookie(const net::HttpRequest& http, std::string_view name);

// Whether an If-None-Match value names `etag` (a list, weak forms, or "*"). `etag` is the
// quoted tag as sent in ETag.
bool etag_matches(std::string_view if_none_match, std::string_view etag);

// RFC 7231 IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), as JavaScript's Date#toUTCString.
std::string http_date(int64_t ms_since_epoch);

}  // namespace parley::rest
