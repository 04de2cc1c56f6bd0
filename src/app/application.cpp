#include "app/application.hpp"

#include <spdlog/spdlog.h>

#include "rest/buffered_body.hpp"
#include "rest/client_ip.hpp"
#include "rest/response.hpp"

namespace parley::app {

namespace {

// rc-api.md §1.8: browser clients (EmbeddedChat, the widget) call from other origins, for the
// API and for /file-upload (EmbeddedChat fetches attachments). The rate-limit headers are
// exposed so that a browser client on another origin can read them and back off before it
// meets a 429; the download headers so that it can resume a file and name it.
void add_cors(net::HttpResponse& response) {
  response.headers.emplace_back("Access-Control-Allow-Origin", "*");
  response.headers.emplace_back(
      "Access-Control-Expose-Headers",
      "X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Content-Range, "
      "Content-Disposition, Accept-Ranges, ETag");
}

net::HttpResponse preflight() {
  net::HttpResponse response;
  response.status = 204;
  response.content_type.clear();
  add_cors(response);
  response.headers.emplace_back("Access-Control-Allow-Methods",
                                "GET, POST, PUT, DELETE, HEAD, PATCH, OPTIONS");
  response.headers.emplace_back(
      "Access-Control-Allow-Headers",
      "Origin, X-Requested-With, Content-Type, Accept, X-User-Id, X-Auth-Token, "
      "x-visitor-token, Authorization, x-2fa-code, x-2fa-method, Range, If-None-Match, "
      "If-Range");
  response.headers.emplace_back("Access-Control-Max-Age", "86400");
  return response;
}

// Paths that belong to the server, never to the web client: the API and the WebSocket, the
// probes and metrics, and the file routes Rocket.Chat serves outside /api.
bool is_server_path(std::string_view path) {
  static constexpr std::string_view kExact[] = {"/api",    "/websocket", "/sockjs",
                                                "/livez",  "/readyz",    "/metrics",
                                                "/health", "/avatar",    "/file-upload"};
  for (std::string_view p : kExact) {
    if (path == p) return true;
    if (path.starts_with(p) && path.size() > p.size() && path[p.size()] == '/') return true;
  }
  return false;
}

constexpr std::string_view kNoWebRootPage = R"(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>parley</title></head>
<body>
<h1>parley</h1>
<p>This is parley's API: Rocket.Chat's REST API v1 under <code>/api/v1</code> and DDP over
WebSocket at <code>/websocket</code>. Rocket.Chat clients connect to this address.</p>
<p>No web app is served here. To serve parley's own web app, build it
(<code>cd web &amp;&amp; npm ci &amp;&amp; npm run build</code>) and start the server with
<code>--web-root web/dist</code> (or <code>PARLEY_WEB_ROOT</code>);
<code>sudo bash scripts/run.sh</code> does both.</p>
</body></html>
)";

}  // namespace

Application::Application(rest::Router& router, ddp::Service& ddp, util::WorkerPool& workers,
                         store::Store& store, metrics::Registry& metrics,
                         unsigned http_forwarded_count, const net::StaticFiles* web)
    : router_(router),
      ddp_(ddp),
      workers_(workers),
      store_(store),
      metrics_(metrics),
      unexpected_errors_(metrics.counter("parley_unexpected_errors_total",
                                         "Exceptions caught by an error boundary",
                                         {{"where", "http"}})),
      http_forwarded_count_(http_forwarded_count),
      web_(web) {}

void Application::handle_http(net::HttpRequest request,
                              std::function<void(net::HttpResponse)> respond) {
  if (request.method == "OPTIONS") return respond(preflight());
  if (request.path == "/livez") {
    return respond(rest::json_response(200, {{"status", "ok"}}));
  }
  if (request.path == "/metrics") {
    net::HttpResponse response;
    response.content_type = "text/plain; version=0.0.4";
    response.body = metrics_.render();
    return respond(std::move(response));
  }
  if (request.path == "/readyz" || request.path == "/health") return readiness(std::move(respond));
  // Without a web root only `/` is the web's (a page saying what this is); everything else
  // goes to the router as before, which answers 404 in Rocket.Chat's shape.
  if ((request.method == "GET" || request.method == "HEAD") && !is_server_path(request.path) &&
      (web_ != nullptr || request.path == "/")) {
    return serve_web(std::move(request), std::move(respond));
  }

  // An upload whose body net buffered (a server that does not stream bodies, or a body that
  // came whole): the same streamed route, reading the buffer in pieces.
  if (router_.streams(request)) {
    auto body = std::make_shared<rest::BufferedBody>(std::move(request.body));
    request.body.clear();
    return handle_streamed(std::move(request), std::move(body), std::move(respond));
  }

  workers_.post([this, request = std::move(request), respond = std::move(respond)]() mutable {
    net::HttpResponse response;
    try {
      response = router_.dispatch(request);
    } catch (const std::exception& e) {
      // Router::dispatch has its own boundary; this one catches what escapes it (bad_alloc).
      unexpected_errors_.inc();
      spdlog::error("request {} {} failed outside the router: {}", request.request_id, request.path,
                    e.what());
      response = rest::failure(chat::internal_error());
    }
    add_cors(response);
    respond(std::move(response));
  });
}

bool Application::streams_body(const net::HttpRequest& head) const {
  return router_.streams(head);
}

void Application::handle_streamed(net::HttpRequest head, std::shared_ptr<net::BodyReader> body,
                                  std::function<void(net::HttpResponse)> respond) {
  workers_.post([this, head = std::move(head), body = std::move(body),
                 respond = std::move(respond)]() mutable {
    dispatch_streamed(std::move(head), std::move(body), std::move(respond));
  });
}

void Application::dispatch_streamed(net::HttpRequest head, std::shared_ptr<net::BodyReader> body,
                                    std::function<void(net::HttpResponse)> respond) {
  auto with_cors = [respond = std::move(respond)](net::HttpResponse response) {
    add_cors(response);
    respond(std::move(response));
  };
  try {
    router_.dispatch_streamed(std::move(head), std::move(body), std::move(with_cors));
  } catch (const std::exception& e) {
    unexpected_errors_.inc();
    spdlog::error("streamed request failed outside the router: {}", e.what());
  }
}

void Application::serve_web(net::HttpRequest request,
                            std::function<void(net::HttpResponse)> respond) {
  if (web_ == nullptr) {
    net::HttpResponse page;
    page.content_type = "text/html; charset=utf-8";
    page.body = kNoWebRootPage;
    return respond(std::move(page));
  }
  // stat and read are blocking (a slow disk): on a worker, like REST handlers.
  // An upload whose body net buffered (a server that does not stream bodies, or a body that
  // came whole): the same streamed route, reading the buffer in pieces.
  if (router_.streams(request)) {
    auto body = std::make_shared<rest::BufferedBody>(std::move(request.body));
    request.body.clear();
    return handle_streamed(std::move(request), std::move(body), std::move(respond));
  }

  workers_.post([this, request = std::move(request), respond = std::move(respond)]() mutable {
    net::HttpResponse response;
    try {
      response = web_->serve(request);
    } catch (const std::exception& e) {
      unexpected_errors_.inc();
      spdlog::error("request {} {}: serving a web file failed: {}", request.request_id,
                    request.path, e.what());
      response.status = 500;
      response.content_type = "text/plain; charset=utf-8";
      response.body = "Internal error\n";
    }
    respond(std::move(response));
  });
}

void Application::readiness(std::function<void(net::HttpResponse)> respond) {
  if (draining_) {
    return respond(rest::json_response(503, {{"status", "draining"}}));
  }
  // Touching the store is blocking work: never on the loop.
  workers_.post([this, respond = std::move(respond)] {
    bool ok = false;
    try {
      ok = store_.reachable();
    } catch (const std::exception& e) {
      spdlog::warn("readiness check: store unreachable: {}", e.what());
    }
    if (draining_) return respond(rest::json_response(503, {{"status", "draining"}}));
    respond(ok ? rest::json_response(200, {{"status", "ready"}})
               : rest::json_response(503, {{"status", "store unreachable"}}));
  });
}

std::shared_ptr<net::WebSocketHandler> Application::open_websocket(
    std::shared_ptr<net::WebSocketPeer> peer, const net::HttpRequest& upgrade) {
  return ddp_.open(std::move(peer), rest::client_ip(upgrade, http_forwarded_count_));
}

bool Application::is_websocket_path(std::string_view path) const {
  return path == "/websocket";
}

}  // namespace parley::app
