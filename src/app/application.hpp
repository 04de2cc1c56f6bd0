#pragma once
// The net::Application parley runs: routes HTTP to probes, metrics or the REST router, and
// WebSockets to DDP. Blocking work goes to the worker pool; event loops only parse and post.
#include <atomic>

#include "ddp/service.hpp"
#include "metrics/registry.hpp"
#include "net/application.hpp"
#include "net/static_files.hpp"
#include "rest/router.hpp"
#include "store/store.hpp"
#include "util/worker_pool.hpp"

namespace parley::app {

class Application final : public net::Application {
 public:
  // `http_forwarded_count`: HTTP_FORWARDED_COUNT, so a DDP session knows its client's address
  // behind proxies the way REST requests do (rest/client_ip.hpp).
  // `web`: the built web client (--web-root), served at `/`; null when there is none, and then
  // `/` answers a short page saying this is the API.
  Application(rest::Router& router, ddp::Service& ddp, util::WorkerPool& workers,
              store::Store& store, metrics::Registry& metrics, unsigned http_forwarded_count = 0,
              const net::StaticFiles* web = nullptr);

  void handle_http(net::HttpRequest request,
                   std::function<void(net::HttpResponse)> respond) override;
  // Uploads (rooms.upload, rooms.media with a multipart body) stream: see Router::streams.
  bool streams_body(const net::HttpRequest& head) const override;
  void handle_streamed(net::HttpRequest head, std::shared_ptr<net::BodyReader> body,
                       std::function<void(net::HttpResponse)> respond) override;
  std::shared_ptr<net::WebSocketHandler> open_websocket(std::shared_ptr<net::WebSocketPeer> peer,
                                                        const net::HttpRequest& upgrade) override;
  bool is_websocket_path(std::string_view path) const override;

  // Readiness goes false first thing on SIGTERM so load balancers stop sending traffic.
  void set_draining() { draining_ = true; }

 private:
  // On a worker: the router's streamed dispatch (auth, rate limit, the route's own checks),
  // which makes the first read only after those passed.
  void dispatch_streamed(net::HttpRequest head, std::shared_ptr<net::BodyReader> body,
                         std::function<void(net::HttpResponse)> respond);
  void readiness(std::function<void(net::HttpResponse)> respond);
  void serve_web(net::HttpRequest request, std::function<void(net::HttpResponse)> respond);

  rest::Router& router_;
  ddp::Service& ddp_;
  util::WorkerPool& workers_;
  store::Store& store_;
  metrics::Registry& metrics_;
  metrics::Counter& unexpected_errors_;
  unsigned http_forwarded_count_;
  const net::StaticFiles* web_;
  std::atomic<bool> draining_{false};
};

}  // namespace parley::app
