#pragma once
// A request as net/ hands it to the REST router: the target split into path and query.
#include <string>
#include <utility>
#include <vector>

#include "net/http_types.hpp"

namespace parley::testing {

inline net::HttpRequest http_request(std::string method, const std::string& target,
                                     std::string body,
                                     std::vector<std::pair<std::string, std::string>> headers,
                                     std::string remote_ip = "127.0.0.1") {
  net::HttpRequest r;
  r.method = std::move(method);
  r.target = target;
  auto q = target.find('?');
  r.path = target.substr(0, q);
  r.query = q == std::string::npos ? "" : target.substr(q + 1);
  r.body = std::move(body);
  r.headers = std::move(headers);
  r.remote_ip = std::move(remote_ip);
  r.request_id = "test";
  return r;
}

}  // namespace parley::testing
