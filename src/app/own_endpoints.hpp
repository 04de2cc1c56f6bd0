#pragma once
// What app::Application answers itself, before the REST router and DDP method table see a
// request: the probes, the metrics, the WebSocket and the web client. Listed here so that
// docs/compatibility.md (tests/compat) shows them; keep in step with Application::handle_http
// and is_websocket_path.
namespace parley::app {

struct OwnEndpoint {
  const char* method;
  const char* path;
  const char* what;
};

inline constexpr OwnEndpoint kOwnEndpoints[] = {
    {"GET", "/", "the web client (--web-root), or a page saying this is the API"},
    {"GET", "/livez", "liveness probe"},
    {"GET", "/readyz", "readiness probe: 503 while draining or when the store is unreachable"},
    {"GET", "/health", "the same as /readyz"},
    {"GET", "/metrics", "Prometheus metrics"},
    {"GET", "/websocket", "DDP over WebSocket (upgrade)"},
};

}  // namespace parley::app
