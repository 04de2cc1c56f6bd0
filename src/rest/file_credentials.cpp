#include "rest/file_credentials.hpp"

#include "rest/http_headers.hpp"

namespace parley::rest {

namespace {

// The first value of `name` in the query, "" when absent (Node's url.parse gives an array
// for a repeated key, which Rocket.Chat then fails to match: the first is the useful reading).
std::string first_query_value(const QueryParams& query, std::string_view name) {
  for (const auto& [k, v] : query) {
    if (k == name) return v;
  }
  return {};
}

}  // namespace

FileCredentials file_credentials(const net::HttpRequest& http, const QueryParams& query) {
  FileCredentials c;
  c.user_id = first_query_value(query, "rc_uid");
  c.token = first_query_value(query, "rc_token");
  if (c.user_id.empty() && !http.header("cookie").empty()) {
    c.user_id = cookie(http, "rc_uid");
    c.token = cookie(http, "rc_token");
  }
  if (c.user_id.empty()) c.user_id = std::string(http.header("x-user-id"));
  if (c.token.empty()) c.token = std::string(http.header("x-auth-token"));
  return c;
}

}  // namespace parley::rest
