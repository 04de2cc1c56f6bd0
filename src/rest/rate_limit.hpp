#pragma once
// Rocket.Chat's per-route REST limiter (rc-api.md §1.7; RC's APIClass.enforceRateLimit in
// apps/meteor/app/api/server/api.ts). Every /api/v1 route is limited per (HTTP method, route,
// client IP) to API_Enable_Rate_Limiter_Limit_Calls_Default calls per
// API_Enable_Rate_Limiter_Limit_Time_Default ms, unless the route's class says otherwise or the
// caller holds `api-bypass-rate-limit`. The router asks after authentication (a 401 is never
// counted, as in RC) and before the handler; a limited reply carries X-RateLimit-Limit,
// X-RateLimit-Remaining and X-RateLimit-Reset (absolute epoch ms), and a refusal is RC's 429.
//
// The numbers come from a function called on every check, so they can later come live from
// the settings store; today app/ wires it to the start-up config. Thread-safe.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "metrics/registry.hpp"
#include "net/http_types.hpp"
#include "store/records.hpp"
#include "util/clock.hpp"
#include "util/rate_limiter.hpp"

namespace parley::rest {

struct RateLimitSettings {
  bool enabled = true;           // API_Enable_Rate_Limiter
  int calls = 10;                // API_Enable_Rate_Limiter_Limit_Calls_Default
  int64_t interval_ms = 60'000;  // API_Enable_Rate_Limiter_Limit_Time_Default
  int register_user_calls = 1;   // Rate_Limiter_Limit_RegisterUser (users.register)
};

// A route's `rateLimiterOptions` in RC terms. The route table (routes.cpp) names one per route.
enum class RateLimitClass {
  kDefault,       // the default calls per the default interval
  kNone,          // rateLimiterOptions: false (method.call: the DDP method limits apply inside)
  kRegisterUser,  // users.register: Rate_Limiter_Limit_RegisterUser per the default interval
};

// What one check decided. `limited` false: the route is not limited for this caller, and the
// reply carries no X-RateLimit headers.
struct RateLimitVerdict {
  bool limited = false;
  util::RateLimitDecision decision;
};

class RestRateLimiter {
 public:
  RestRateLimiter(std::function<RateLimitSettings()> settings, const util::Clock& clock,
                  metrics::Registry& metrics, util::RateLimiter::Options options = {});

  // Counts this call. `route_path` is the route's pattern ("/api/v1/method.call/:method"), so a
  // route with a path parameter is one route, as in RC; `user` is null when unauthenticated.
  RateLimitVerdict check(RateLimitClass limit_class, std::string_view method,
                         std::string_view route_path, std::string_view client_ip,
                         const store::UserRecord* user);

  // HTTP 429 with RC's body and the X-RateLimit headers.
  static net::HttpResponse refusal(const RateLimitVerdict& verdict);
  // Adds the X-RateLimit headers when the verdict is a limited one.
  static void add_headers(const RateLimitVerdict& verdict, net::HttpResponse& response);

 private:
  std::function<RateLimitSettings()> settings_;
  util::RateLimiter limiter_;
  metrics::Counter& refused_;
};

}  // namespace parley::rest
