#pragma once
// The one narrow interface through which net/ calls inward. net/ owns sockets, parsing,
// limits and timers; the Application (wired in app/ from rest/ and ddp/) owns meaning.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "net/http_types.hpp"

namespace parley::net {

// One event loop (one thread). Fan-out groups the connections it writes to by loop so an event
// costs one hand-off per loop, not one per connection (ARCHITECTURE.md, fan-out).
class EventLoop {
 public:
  virtual ~EventLoop() = default;
  // Runs `fn` on the loop's thread: inline when already there, else posted. Work posted from
  // one thread runs in the order it was posted. Dropped once the loop is gone.
  virtual void run_on_loop(std::function<void()> fn) = 0;
};

// A live WebSocket as the application sees it. Implemented by net/.
// Every method is thread-safe: calls from other threads are posted to the connection's loop.
class WebSocketPeer {
 public:
  virtual ~WebSocketPeer() = default;
  // Queues one text frame. The buffer is shared, immutable and may go to many peers.
  // If the peer's outbound queue is over its limit the connection is cut (slow consumer).
  virtual void send_text(std::shared_ptr<const std::string> frame) = 0;
  // Sends a close frame with `code` after the queued frames, then closes.
  virtual void close(uint16_t code, std::string reason) = 0;
  virtual const std::string& remote_ip() const = 0;
  // The loop the connection lives on; the same object for every peer on that loop. On that
  // loop's thread, send_text writes straight into the connection's queue (no further post).
  virtual const std::shared_ptr<EventLoop>& loop() const = 0;
};

// The application's side of one WebSocket. Implemented by ddp/. Called on the connection's
// event loop only, one call at a time.
class WebSocketHandler {
 public:
  virtual ~WebSocketHandler() = default;
  virtual void on_text(std::string message) = 0;
  // Called every few seconds by the loop's sweep timer (one timer per loop, not per
  // connection) so the handler can run heartbeats without a timer of its own.
  virtual void on_tick(int64_t now_ms) = 0;
  // The connection is gone (either side). No more calls follow.
  virtual void on_close() = 0;
};

class Application {
 public:
  virtual ~Application() = default;

  // Called on an event loop. Must not block: hand blocking work to a worker pool.
  // `respond` may be called from any thread, exactly once.
  virtual void handle_http(HttpRequest request, std::function<void(HttpResponse)> respond) = 0;

  // Called on the event loop after a successful upgrade on a WebSocket path.
  virtual std::shared_ptr<WebSocketHandler> open_websocket(std::shared_ptr<WebSocketPeer> peer,
                                                           const HttpRequest& upgrade) = 0;

  // Whether `path` accepts a WebSocket upgrade ("/websocket"); others get 404.
  virtual bool is_websocket_path(std::string_view path) const = 0;
};

}  // namespace parley::net
