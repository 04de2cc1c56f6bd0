#pragma once
// DESIGN: N event loops (one io_context per thread), each with its own SO_REUSEPORT listener,
// so the kernel spreads connections and a connection lives on one loop for its whole life.
//  - Limits: request body (413, the connection survives), header and URL size (431/414; chunked
//    trailers count against the header limit), idle timeouts for HTTP keep-alive and WebSocket,
//    and open connections per client address (429 for HTTP, 1008 close for WebSocket).
//  - Streamed bodies (issue 10): a request body the application streams (streams_body) is not
//    buffered and not held to body_limit; it is read only as the application asks, each read
//    bounded by body_read_timeout, and an early answer discards at most stream_discard_limit
//    of the rest to keep the connection. A response body may come from a BodySource, pulled
//    one piece per write. http_connection.cpp says how.
//  - EMFILE/ENFILE in accept: count it, back off accepting for a moment, resume. Never exit.
//  - Shutdown (begin_shutdown, callable from a signal handler thread): listeners close, new
//    requests get 503, in-flight requests finish, WebSockets are closed with 1001 going-away,
//    then run() returns once everything closed or the grace period elapsed.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "metrics/registry.hpp"
#include "net/application.hpp"

namespace parley::net {

struct ServerOptions {
  std::string address = "0.0.0.0";
  uint16_t port = 3000;
  unsigned threads = 0;                           // 0 = one per core
  std::size_t body_limit = 1 << 20;               // bytes; larger bodies get 413
  std::size_t header_limit = 16 * 1024;           // bytes for the request line and headers
  std::size_t websocket_message_limit = 1 << 20;  // bytes per WebSocket message
  std::size_t outbound_queue_limit = 4 << 20;     // bytes pending per WebSocket before cut
  std::chrono::seconds http_idle_timeout{60};
  // Streamed request bodies (Application::streams_body): how long one BodyReader::read waits for
  // the client before answering kTimeout, and how much of a body the application answered early
  // is read and thrown away to keep the connection (more, and it is closed after the response).
  std::chrono::milliseconds body_read_timeout{30'000};
  uint64_t stream_discard_limit = 8 << 20;
  std::chrono::seconds tick_interval{5};  // WebSocketHandler::on_tick cadence
  std::chrono::milliseconds shutdown_grace{10'000};
  // Open connections per client address; 0 = no cap. Over it, an HTTP request gets 429 and the
  // connection closes; a WebSocket upgrade is accepted and closed with 1008.
  std::size_t max_connections_per_ip = 0;
  // The client's address as the proxies in front report it, from a request's headers (app/ passes
  // rest::client_ip when HTTP_FORWARDED_COUNT > 0). Unset, clients connect directly: a connection
  // counts against its socket's address from accept on. Set: against the address of the client
  // it carries, from its first request on (a proxy's pooled connection moves to the client of
  // each request, so it never counts for a client it no longer carries).
  std::function<std::string(const HttpRequest&)> client_address;
};

class Server {
 public:
  Server(ServerOptions options, Application& app, metrics::Registry& metrics);
  ~Server();

  // Binds every loop's listener. Throws std::runtime_error with a readable message on failure
  // (port in use, permission denied).
  void listen();
  // The port actually bound (useful with port 0).
  uint16_t port() const;
  // Runs the loops on `threads` threads; returns after shutdown completes.
  void run();
  // Thread-safe and idempotent.
  void begin_shutdown();
  bool draining() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Raises RLIMIT_NOFILE's soft limit to the hard limit; returns the new soft limit.
uint64_t raise_fd_limit();

}  // namespace parley::net
