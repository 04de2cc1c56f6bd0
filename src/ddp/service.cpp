#include "ddp/service.hpp"

#include "ddp/session.hpp"

namespace parley::ddp {

Service::Service(Domain domain, const config::Config& config, util::WorkerPool& workers,
                 metrics::Registry& metrics, const util::Clock& clock)
    : domain_(domain),
      config_(config),
      workers_(workers),
      metrics_(metrics),
      clock_(clock),
      unexpected_errors_(metrics.counter("parley_unexpected_errors_total",
                                         "Exceptions caught by an error boundary",
                                         {{"where", "ddp"}})),
      sessions_(metrics.gauge("parley_ddp_sessions", "Open DDP sessions")),
      streams_(domain.events.bus(), domain.access.members(), metrics) {}

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
  return {config_.ddp_ping_after, config_.ddp_timeout};
}

void Service::count_method(const std::string& name, const char* outcome) {
  metrics_
      .counter("parley_ddp_methods_total", "DDP method calls by name and outcome",
               {{"method", name}, {"outcome", outcome}})
      .inc();
}

}  // namespace parley::ddp
