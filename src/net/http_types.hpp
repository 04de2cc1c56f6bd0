#pragma once
// Beast-free request/response types: rest/ and ddp/ see only these, so the slow-compiling
// Beast headers stay inside net/ (STYLE.md idea 1).
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
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

// A response body produced piece by piece (file downloads), so a large file is never held
// whole. Implemented by the application; net/ pulls from it only as fast as the client reads.
class BodySource {
 public:
  virtual ~BodySource() = default;
  // Produces the next piece (the source chooses its size, ~256 KiB is sensible). `done` is called
  // exactly once, from any thread, with the bytes, or with nullopt when the source failed (net
  // then closes the connection: the client sees a short body, never a wrong one). net calls
  // read() again only after `done`, and stops once it has written content_length bytes.
  virtual void read(std::function<void(std::optional<std::string>)> done) = 0;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // When set, the body comes from here instead of `body`: exactly `source_length` bytes, sent
  // with that Content-Length. For HEAD requests net sends the headers only and never reads it.
  std::shared_ptr<BodySource> source;
  uint64_t source_length = 0;
};

}  // namespace parley::net
