#pragma once
// The one narrow interface through which net/ calls inward. net/ owns sockets, parsing,
// limits and timers; the Application (wired in app/ from rest/ and ddp/) owns meaning.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
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
  // Queues one last-value text frame under `key`, an opaque name chosen by the application
  // (what the frame is the latest value of). Such frames have low priority: they are written
  // only when no frame queued by send_text is waiting, so they never delay those. While one
  // waits, a newer frame with the same key takes its place in the queue (the older is never
  // sent); a frame already handed to the socket is not recalled, so the newer follows it.
  // So the peer receives, for each key, values in the order they were queued, always the
  // newest last. They count against the same outbound limit as send_text.
  virtual void send_replaceable(std::shared_ptr<const std::string> frame, std::string key) = 0;
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

// One request body, read piece by piece (issue 10: uploads stream, they are never held whole).
// Implemented by net/. Thread-safe: read() may be called from any thread.
//
// DESIGN
// - Pull, not push: net reads from the socket only while a read() is outstanding, so a
//   consumer that is slower than the client (a busy disk) holds the client back through TCP
//   flow control instead of piling bytes up in memory. At most one read() at a time.
// - Each read waits at most ServerOptions::body_read_timeout for the client; a client that
//   stops sending gets kTimeout, not a held connection.
// - With `Expect: 100-continue`, "100 Continue" goes out with the first read(), so checks the
//   application makes before its first read (auth, room access, a cap on concurrent uploads)
//   refuse a request before its body is sent.
// - The application may respond before the body ended (a file over the size limit). net then
//   writes the response at once and discards the rest of the body, up to a bounded amount, to
//   keep the connection; beyond that bound the connection is closed after the response.
class BodyReader {
 public:
  enum class Error {
    kTimeout,       // the client sent nothing for body_read_timeout
    kDisconnected,  // the connection closed (or was force-closed) mid-body
    kMalformed,     // bad chunked encoding
  };
  struct Piece {
    std::string bytes;           // up to ~64 KiB; may be empty when `end` is set
    bool end = false;            // the body is complete: no more pieces follow
    std::optional<Error> error;  // the body cannot be read further (`end` is false)
  };
  virtual ~BodyReader() = default;
  // Reads the next piece; `done` is called exactly once, on the connection's loop (so it must
  // not block: post real work elsewhere). Calling read() after `end` or an error answers the
  // same again at once.
  virtual void read(std::function<void(Piece)> done) = 0;
  // The declared Content-Length, if the body is not chunked.
  virtual std::optional<uint64_t> content_length() const = 0;
};

class Application {
 public:
  virtual ~Application() = default;

  // Called on the event loop once a request's header is read, for requests that have a body.
  // true: the body is not buffered (ServerOptions::body_limit does not apply) and the request
  // goes to handle_streamed instead of handle_http. Must not block.
  virtual bool streams_body(const HttpRequest& /*head*/) const { return false; }

  // A request whose body streams: `head.body` is empty and `body` yields it. Called on the
  // event loop; must not block. `respond` may be called from any thread, exactly once, before or
  // after the body ended.
  virtual void handle_streamed(HttpRequest head, std::shared_ptr<BodyReader> body,
                               std::function<void(HttpResponse)> respond) {
    // Only reached by an application that streams some bodies and does not say how.
    (void)head;
    (void)body;
    HttpResponse response;
    response.status = 501;
    respond(std::move(response));
  }

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
