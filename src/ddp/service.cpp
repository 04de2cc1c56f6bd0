#include "ddp/service.hpp"

#include "ddp/session.hpp"

#include <spdlog/spdlog.h>

#include "chat/permissions.hpp"
#include "ddp/frames.hpp"

namespace parley::ddp {

namespace json = boost::json;

Service::Service(Domain domain, const config::Config& config, util::WorkerPool& workers,
                 metrics::Registry& metrics, const util::Clock& clock)
    : domain_(domain),
      config_(config),
      workers_(workers),
      metrics_(metrics),
      clock_(clock),
      method_limiter_(clock),
      rate_limited_(metrics.counter("parley_rate_limited_total", "Calls refused by a rate limit",
                                    {{"kind", "ddp"}})),
      unexpected_errors_(metrics.counter("parley_unexpected_errors_total",
                                         "Exceptions caught by an error boundary",
                                         {{"where", "ddp"}})),
      subscriptions_refused_(
          metrics.counter("parley_ddp_subscriptions_refused_total",
                          "DDP subscriptions refused because their connection held the maximum")),
      sessions_(metrics.gauge("parley_ddp_sessions", "Open DDP sessions")),
      streams_(domain.events.bus(), domain.access.members(), metrics),
      logins_(domain.events.bus()) {}

std::shared_ptr<net::WebSocketHandler> Service::open(std::shared_ptr<net::WebSocketPeer> peer,
                                                     const std::string& remote_ip) {
  auto session = std::make_shared<Session>(std::move(peer), *this, remote_ip);
  session->start();
  return session;
}

const MethodSpec* Service::method(const std::string& name) const {
  auto it = methods_.find(name);
  return it == methods_.end() ? nullptr : &it->second;
}

SessionOptions Service::session_options() const {
  return {config_.ddp_ping_after, config_.ddp_timeout, config_.ddp_max_subscriptions};
}

json::object Service::invoke(Caller& caller, const json::value& id, const std::string& name,
                             const json::array& params) {
  auto error = [&](const chat::Error& e) {
    return json::object{{"msg", "result"}, {"id", id}, {"error", meteor_error(e)}};
  };
  const MethodSpec* spec = method(name);
  if (spec == nullptr) {
    count_method("unknown", "not_found");
    return error(chat::not_found("Method '" + name + "' not found"));
  }
  if (spec->requires_login && !caller.user()) {
    count_method(name, "error");
    return error(
        chat::Error{chat::ErrorKind::kUnauthenticated, "error-not-allowed", "Not allowed", {}});
  }
  if (auto refused = over_limit(*spec, caller, name)) {
    count_method(name, "rate_limited");
    return error(*refused);
  }
  try {
    MethodCall call{caller, name, params};
    MethodResult result = spec->handler(call);
    if (!result) {
      count_method(name, "error");
      return error(result.error());
    }
    count_method(name, "ok");
    json::object out{{"msg", "result"}, {"id", id}};
    if (result.value()) out["result"] = *result.value();
    return out;
  } catch (const std::exception& e) {
    // The error boundary: one bad call costs one error reply, never the process.
    unexpected_errors_.inc();
    count_method(name, "exception");
    spdlog::error("ddp {} method {} failed: {}", caller.id(), name, e.what());
    return error(chat::internal_error());
  }
}

// Meteor's DDPRateLimiter counts a call before it runs, whatever the method then answers, and
// keys a limitMethod rule by user; a caller with no login is keyed by address instead.
std::optional<chat::Error> Service::over_limit(const MethodSpec& spec, const Caller& caller,
                                               const std::string& name) {
  const MethodLimit& limit = spec.limit;
  if (limit.calls <= 0 || limit.interval_ms <= 0) return std::nullopt;
  auto user = caller.user();
  if (user && limit.bypass_permission != nullptr &&
      chat::has_permission(*user, limit.bypass_permission)) {
    return std::nullopt;
  }
  const std::string key = name + (user ? " user " + user->id : " ip " + caller.remote_ip());
  auto decision = method_limiter_.hit(key, limit.calls, limit.interval_ms);
  if (decision.allowed) return std::nullopt;
  rate_limited_.inc();
  const int64_t seconds = (decision.time_to_reset_ms + 999) / 1000;
  // DDPRateLimiter.getErrorMessage's text, and the details Meteor's livedata server attaches.
  return chat::too_many_requests("too-many-requests",
                                 "Error, too many requests. Please slow down. You must wait " +
                                     std::to_string(seconds) + " seconds before trying again.",
                                 {{"timeToReset", decision.time_to_reset_ms}});
}

void Service::count_method(const std::string& name, const char* outcome) {
  metrics_
      .counter("parley_ddp_methods_total", "DDP method calls by name and outcome",
               {{"method", name}, {"outcome", outcome}})
      .inc();
}

}  // namespace parley::ddp
