#include "rest/client_ip.hpp"

#include <string_view>
#include <vector>

namespace parley::rest {
namespace {

// An address is at most 45 characters (IPv6 with an IPv4 tail) plus a zone; anything longer is
// not an address, and a rate-limit key must not grow with what a header carries.
constexpr std::size_t kMaxAddress = 64;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string bounded(std::string_view address) {
  return std::string(address.substr(0, kMaxAddress));
}

}  // namespace

std::string client_ip(const net::HttpRequest& request, unsigned forwarded_count) {
  if (forwarded_count == 0) return request.remote_ip;

  // A proxy may add its own X-Forwarded-For line instead of extending the client's: read the
  // lines in order as one list, as HTTP says repeated fields combine.
  std::vector<std::string_view> hops;
  for (const auto& [name, value] : request.headers) {
    if (name != "x-forwarded-for") continue;
    std::string_view rest = value;
    for (;;) {
      auto comma = rest.find(',');
      hops.push_back(trim(rest.substr(0, comma)));
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  if (hops.size() >= forwarded_count) {
    std::string_view hop = hops[hops.size() - forwarded_count];
    if (!hop.empty()) return bounded(hop);
  }
  std::string_view real_ip = trim(request.header("x-real-ip"));
  if (!real_ip.empty()) return bounded(real_ip);
  return request.remote_ip;
}

}  // namespace parley::rest
