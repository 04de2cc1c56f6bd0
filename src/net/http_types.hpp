#pragma once
// Beast-free request/response types: rest/ and ddp/ see only these, so the slow-compiling
// Beast headers stay inside net/ (STYLE.md idea 1).
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace parley::net {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // as sent: path plus query
  std::string path;    // percent-decoded path without the query
  std::string query;   // raw query string without '?'
  std::vector<std::pair<std::string, std::string>> headers;  // names lowercased
  std::string body;
  std::string remote_ip;
  std::string request_id;  // unique per request, for logs

  // Empty when absent. `name` must be lowercase.
  std::string_view header(std::string_view name) const {
    for (const auto& [k, v] : headers) {
      if (k == name) return v;
    }
    return {};
  }
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

}  // namespace parley::net
