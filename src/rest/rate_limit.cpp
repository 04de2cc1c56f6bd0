#include "rest/rate_limit.hpp"

#include <utility>

#include "chat/errors.hpp"
#include "chat/permissions.hpp"
#include "rest/response.hpp"

namespace parley::rest {

namespace {

// RC limits the routes of API.v1 only: API.default (/api/info) has no version and no limiter.
constexpr std::string_view kLimitedPrefix = "/api/v1/";

int64_t ceil_seconds(int64_t ms) {
  return ms <= 0 ? 0 : (ms + 999) / 1000;
}

}  // namespace

RestRateLimiter::RestRateLimiter(std::function<RateLimitSettings()> settings,
                                 const util::Clock& clock, metrics::Registry& metrics,
                                 util::RateLimiter::Options options)
    : settings_(std::move(settings)),
      limiter_(clock, options),
      refused_(metrics.counter("parley_rate_limited_total", "Calls refused by a rate limit",
                               {{"kind", "rest"}})) {}

RateLimitVerdict RestRateLimiter::check(RateLimitClass limit_class, std::string_view method,
                                        std::string_view route_path, std::string_view client_ip,
                                        const store::UserRecord* user) {
  if (limit_class == RateLimitClass::kNone || !route_path.starts_with(kLimitedPrefix)) return {};
  const RateLimitSettings s = settings_();
  if (!s.enabled) return {};
  const int calls = limit_class == RateLimitClass::kRegisterUser ? s.register_user_calls : s.calls;
  // RC adds no limiter to a route whose calls or interval is 0 (shouldAddRateLimitToRoute).
  if (calls <= 0 || s.interval_ms <= 0) return {};
  if (user != nullptr && chat::has_permission(*user, "api-bypass-rate-limit")) return {};

  // RC's key is the route with the lowercased HTTP method appended, plus the IP; the separators
  // here cannot occur in a method or a route path, so no two keys collide.
  std::string key;
  key.reserve(method.size() + route_path.size() + client_ip.size() + 2);
  key.append(method).append(1, ' ').append(route_path).append(1, ' ').append(client_ip);
  RateLimitVerdict verdict{true, limiter_.hit(key, calls, s.interval_ms)};
  if (!verdict.decision.allowed) refused_.inc();
  return verdict;
}

void RestRateLimiter::add_headers(const RateLimitVerdict& verdict, net::HttpResponse& response) {
  if (!verdict.limited) return;
  const auto& d = verdict.decision;
  response.headers.emplace_back("X-RateLimit-Limit", std::to_string(d.limit));
  response.headers.emplace_back("X-RateLimit-Remaining", std::to_string(d.remaining));
  response.headers.emplace_back("X-RateLimit-Reset", std::to_string(d.reset_at_ms));
}

net::HttpResponse RestRateLimiter::refusal(const RateLimitVerdict& verdict) {
  // RC throws Meteor.Error('error-too-many-requests', <reason>) and answers it with
  // API.v1.tooManyRequests(e.message): the body is {success:false, error:"<reason> [<code>]"}.
  auto response = failure(
      chat::too_many_requests("error-too-many-requests",
                              "Error, too many requests. Please slow down. You must wait " +
                                  std::to_string(ceil_seconds(verdict.decision.time_to_reset_ms)) +
                                  " seconds before trying this endpoint again."));
  add_headers(verdict, response);
  return response;
}

}  // namespace parley::rest
