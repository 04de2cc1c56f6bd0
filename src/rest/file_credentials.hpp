#pragma once
// Who a /file-upload request says it is, read in Rocket.Chat's order (rc-api.md §9;
// FileUpload.requestCanAccessFiles): browsers cannot send X-User-Id on an <img>, so the
// credentials also come from the query or from cookies set on the server's domain.
//
//  1. query rc_uid (with rc_token);
//  2. only when the query has no rc_uid: the cookies rc_uid and rc_token, both, replacing
//     whatever rc_token the query had;
//  3. each of the two still empty falls back to its header, X-User-Id / X-Auth-Token.
//
// So a query rc_uid with the token in the X-Auth-Token header works, as in Rocket.Chat. The
// token is checked elsewhere (chat::FileAccess, through chat::Accounts).
#include <string>

#include "net/http_types.hpp"
#include "rest/request_reader.hpp"

namespace parley::rest {

struct FileCredentials {
  std::string user_id;
  std::string token;
};

FileCredentials file_credentials(const net::HttpRequest& http, const QueryParams& query);

}  // namespace parley::rest
