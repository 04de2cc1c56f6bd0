// DESIGN: one WebSocket connection, living on one loop for its whole life.
//  - Reads: a coroutine reads one message at a time and hands text to the handler; binary gets
//    a 1003 close. Beast itself fails bad UTF-8 (1007), oversized messages (1009) and protocol
//    errors (1002) with the right close code. When the read loop ends, for whatever reason,
//    finish() calls on_close exactly once; that is the only place it is called (or, if the
//    server is torn down with the session still alive, the destructor).
//  - Writes: a deque of shared immutable buffers with exactly one Beast write in flight (Beast
//    chat-multi's websocket_session). Under Beast, a CoalescingStream gathers the frames into
//    one socket write: the stream is corked while the queues drain and uncorked when they are
//    empty, so every frame queued by one loop turn leaves in one system call. A close request
//    is queued behind the frames already queued, so the peer receives them before the close
//    frame. queued_bytes_ counts frames not yet handed to Beast, including the one in flight;
//    over outbound_queue_limit the connection is cut without a close handshake (a slow consumer
//    would not read it anyway). The stream adds at most its high-water mark (64 KiB) on top.
//  - Last-value frames (send_replaceable; the application uses them for presence, issue 12):
//    a second queue, written only when the ordinary one is empty, so a storm of them never
//    delays a chat frame by more than what the stream already holds (one socket write, at
//    most the 64 KiB mark). It keeps each key once, in the order the key was first queued,
//    with its newest frame: a newer frame for a waiting key replaces it in place and the older
//    is never sent. So a client behind a slow socket receives one frame per key however many
//    changes happened, memory is bounded by the number of keys rather than the number of
//    changes, and per key the values still arrive in order with the newest last (one already
//    handed to Beast is not recalled; the newer simply follows it). A close moves the waiting
//    ones into the ordinary queue first, so they are not lost behind the close frame.
//  - The session owns the connection's Lease on its client's address (from the HTTP connection
//    it was), given back in finish(), when the socket closes, or at the latest with the session.
//  - Threads: everything here runs on the loop's thread. Peer, the application's handle, holds
//    only a weak_ptr and reaches the session through LoopRef::dispatch; so the handler may keep
//    its peer without keeping the session (and its socket) alive.
#include "net/websocket_session.hpp"

#include "net/coalescing_stream.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <deque>
#include <exception>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace parley::net::detail {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using boost::system::error_code;

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
constexpr std::chrono::seconds kHandshakeTimeout{30};
constexpr std::string_view kTooManyConnections = "too many connections from this address";
// The most frames gathered into one socket write before it starts (see on_written).
constexpr uint64_t kFramesPerWrite = 16;

// Close codes an endpoint may put on the wire (RFC 6455 section 7.4).
bool sendable_close_code(uint16_t code) {
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1013) ||
         (code >= 3000 && code <= 4999);
}

websocket::close_reason make_close_reason(uint16_t code, const std::string& reason) {
  websocket::close_reason cr;
  cr.code = sendable_close_code(code) ? code : static_cast<uint16_t>(websocket::close_code::normal);
  // The reason must fit a control frame; cut on a UTF-8 character boundary.
  std::size_t n = std::min<std::size_t>(reason.size(), cr.reason.max_size());
  while (n > 0 && n < reason.size() && (static_cast<unsigned char>(reason[n]) & 0xC0) == 0x80) {
    --n;
  }
  cr.reason.assign(reason.data(), n);
  return cr;
}

class WebSocketSession final : public Connection {
 public:
  WebSocketSession(Loop& loop, beast::tcp_stream stream, std::string remote_ip,
                   ConnectionCounter::Lease lease, bool refused)
      : Connection(loop),
        ws_(std::move(stream)),
        remote_ip_(std::move(remote_ip)),
        lease_(std::move(lease)),
        refused_(refused) {
    loop.shared().websocket_connections.add(1);
    ws_.next_layer().count_socket_writes_in(loop.shared().websocket_socket_writes);
  }

  ~WebSocketSession() override {
    // Only reached with the handler still set when the server is torn down while this session
    // was waiting on an operation that never completed.
    if (!finished_ && handler_) notify_closed();
    loop_.shared().websocket_connections.add(-1);
    set_queued_bytes(0);
  }

  static asio::awaitable<void> run(std::shared_ptr<WebSocketSession> self,
                                   http::request<http::string_body> upgrade, HttpRequest request) {
    try {
      co_await self->serve(std::move(upgrade), std::move(request));
    } catch (const std::exception& e) {
      spdlog::error("websocket from {}: {}", self->remote_ip_, e.what());
      self->abort();
    }
    self->finish();
  }

  void send(std::shared_ptr<const std::string> frame) {
    if (closing_ || !frame) return;
    set_queued_bytes(queued_bytes_ + frame->size());
    if (over_limit()) return;
    queue_.push_back({std::move(frame), {}});
    write_if_idle();
  }

  void send_replaceable(std::shared_ptr<const std::string> frame, std::string key) {
    if (closing_ || !frame) return;
    auto [it, inserted] = last_values_.try_emplace(std::move(key));
    if (inserted) {
      last_value_order_.push_back(&it->first);  // node-based map: the key's address is stable
    } else {
      set_queued_bytes(queued_bytes_ - it->second->size());
      loop_.shared().websocket_frames_replaced.inc();
    }
    set_queued_bytes(queued_bytes_ + frame->size());
    it->second = std::move(frame);
    if (over_limit()) return;
    write_if_idle();
  }

  void close(uint16_t code, const std::string& reason) {
    if (closing_) return;
    closing_ = true;
    move_last_values_to_queue();
    queue_.push_back({nullptr, make_close_reason(code, reason)});
    write_if_idle();
  }

  void drain() override { close(websocket::close_code::going_away, "server shutting down"); }

  void force_close() override { abort(); }

  void tick(int64_t now_ms) override {
    if (closing_ || !handler_) return;
    try {
      handler_->on_tick(now_ms);
    } catch (const std::exception& e) {
      spdlog::error("websocket from {}: on_tick threw: {}", remote_ip_, e.what());
      close(websocket::close_code::internal_error, "internal error");
    } catch (...) {
      spdlog::error("websocket from {}: on_tick threw a non-exception", remote_ip_);
      close(websocket::close_code::internal_error, "internal error");
    }
  }

 private:
  struct Outbound {
    std::shared_ptr<const std::string> text;  // null for the close frame
    websocket::close_reason close;
  };

  asio::awaitable<void> serve(http::request<http::string_body> upgrade, HttpRequest request);
  bool over_limit();
  bool has_queued() const { return !queue_.empty() || !last_value_order_.empty(); }
  void move_last_values_to_queue();
  void write_if_idle();
  void uncork();
  void on_written(const error_code& ec);
  void abort();
  void finish();
  void notify_closed();

  websocket::stream<CoalescingStream> ws_;
  const std::string remote_ip_;
  ConnectionCounter::Lease lease_;
  const bool refused_;  // over the per-address cap: close with 1008, never open a handler
  beast::flat_buffer read_buffer_;
  std::shared_ptr<WebSocketHandler> handler_;
  std::deque<Outbound> queue_;  // ordinary frames, and the close
  // Last-value frames by key, and their keys in the order first queued (pointers to the map's
  // keys). Written only when queue_ is empty.
  std::unordered_map<std::string, std::shared_ptr<const std::string>> last_values_;
  std::deque<const std::string*> last_value_order_;
  Outbound in_flight_;  // handed to Beast; its buffer must live until the write completes
  std::size_t queued_bytes_ = 0;
  // Keeps the process-wide parley_ws_outbound_queued_bytes (the fan-out queue depth) equal
  // to the sum of every session's queued_bytes_.
  void set_queued_bytes(std::size_t bytes) {
    loop_.shared().outbound_queued_bytes.add(static_cast<int64_t>(bytes) -
                                             static_cast<int64_t>(queued_bytes_));
    queued_bytes_ = bytes;
  }
  uint64_t frames_since_uncork_ = 0;
  bool accepted_ = false;  // no write may start before the handshake completes
  bool writing_ = false;
  bool closing_ = false;  // a close is queued or the socket was cut: no more frames
  bool finished_ = false;
};

class Peer final : public WebSocketPeer {
 public:
  Peer(std::weak_ptr<WebSocketSession> session, std::shared_ptr<LoopRef> loop,
       std::string remote_ip)
      : session_(std::move(session)), loop_(std::move(loop)), remote_ip_(std::move(remote_ip)) {}

  void send_text(std::shared_ptr<const std::string> frame) override {
    loop_->dispatch([session = session_, frame = std::move(frame)]() mutable {
      if (auto s = session.lock()) s->send(std::move(frame));
    });
  }

  void send_replaceable(std::shared_ptr<const std::string> frame, std::string key) override {
    loop_->dispatch([session = session_, frame = std::move(frame), key = std::move(key)]() mutable {
      if (auto s = session.lock()) s->send_replaceable(std::move(frame), std::move(key));
    });
  }

  void close(uint16_t code, std::string reason) override {
    loop_->dispatch([session = session_, code, reason = std::move(reason)] {
      if (auto s = session.lock()) s->close(code, reason);
    });
  }

  const std::string& remote_ip() const override { return remote_ip_; }
  const std::shared_ptr<EventLoop>& loop() const override { return loop_as_event_loop_; }

 private:
  std::weak_ptr<WebSocketSession> session_;
  std::shared_ptr<LoopRef> loop_;
  std::shared_ptr<EventLoop> loop_as_event_loop_ = loop_;
  const std::string remote_ip_;
};

asio::awaitable<void> WebSocketSession::serve(http::request<http::string_body> upgrade,
                                              HttpRequest request) {
  const ServerOptions& options = loop_.shared().options;
  // Beast's own timers replace the tcp_stream's; idle detection is the application's
  // heartbeat (on_tick), which knows the protocol's ping rules.
  beast::get_lowest_layer(ws_).expires_never();
  ws_.set_option(
      websocket::stream_base::timeout{kHandshakeTimeout, websocket::stream_base::none(), false});
  websocket::permessage_deflate deflate;
  deflate.server_enable = false;
  deflate.client_enable = false;
  ws_.set_option(deflate);
  ws_.read_message_max(options.websocket_message_limit);
  ws_.auto_fragment(false);

  auto [accept_ec] = co_await ws_.async_accept(upgrade, kTuple);
  if (accept_ec) {
    spdlog::debug("websocket handshake from {} failed: {}", remote_ip_, accept_ec.message());
    ws_.next_layer().write_pending_now();  // Beast's 400/426 answer, before finish() closes
    co_return;
  }
  accepted_ = true;

  if (refused_) {
    close(websocket::close_code::policy_error, std::string(kTooManyConnections));
  } else if (!closing_) {  // closing_ here means the server began draining during the handshake
    auto self = std::static_pointer_cast<WebSocketSession>(shared_from_this());
    auto peer = std::make_shared<Peer>(self, loop_.ref(), remote_ip_);
    try {
      handler_ = loop_.shared().app.open_websocket(std::move(peer), request);
    } catch (const std::exception& e) {
      spdlog::error("websocket {} from {}: open_websocket threw: {}", request.request_id,
                    remote_ip_, e.what());
      close(websocket::close_code::internal_error, "internal error");
    }
    if (!handler_) close(websocket::close_code::normal, "");
  }
  write_if_idle();

  for (;;) {
    auto [ec, n] = co_await ws_.async_read(read_buffer_, kTuple);
    if (ec) {
      if (ec != websocket::error::closed && ec != asio::error::operation_aborted &&
          ec != asio::error::eof) {
        spdlog::debug("websocket from {}: {}", remote_ip_, ec.message());
      }
      co_return;
    }
    if (closing_ || !handler_) {
      read_buffer_.clear();
      continue;
    }
    if (!ws_.got_text()) {
      read_buffer_.clear();
      close(websocket::close_code::unknown_data, "binary frames are not supported");
      continue;
    }
    std::string message = beast::buffers_to_string(read_buffer_.data());
    read_buffer_.clear();
    try {
      handler_->on_text(std::move(message));
    } catch (const std::exception& e) {
      spdlog::error("websocket {} from {}: on_text threw: {}", request.request_id, remote_ip_,
                    e.what());
      close(websocket::close_code::internal_error, "internal error");
    } catch (...) {
      spdlog::error("websocket {} from {}: on_text threw a non-exception", request.request_id,
                    remote_ip_);
      close(websocket::close_code::internal_error, "internal error");
    }
  }
}

// Cuts the connection when what it has queued is over the limit; true if it did.
bool WebSocketSession::over_limit() {
  if (queued_bytes_ <= loop_.shared().options.outbound_queue_limit) return false;
  loop_.shared().slow_consumer_cuts.inc();
  spdlog::info("websocket from {}: {} bytes queued, over the limit; cutting slow consumer",
               remote_ip_, queued_bytes_);
  abort();
  return true;
}

void WebSocketSession::move_last_values_to_queue() {
  for (const std::string* key : last_value_order_) {
    queue_.push_back({std::move(last_values_.at(*key)), {}});
  }
  last_value_order_.clear();
  last_values_.clear();
}

void WebSocketSession::write_if_idle() {
  if (!accepted_ || writing_ || !has_queued() || finished_) return;
  if (!queue_.empty()) {
    in_flight_ = std::move(queue_.front());
    queue_.pop_front();
  } else {
    // Nothing ordinary waits: the oldest key's newest frame.
    auto it = last_values_.find(*last_value_order_.front());
    last_value_order_.pop_front();
    in_flight_ = {std::move(it->second), {}};
    last_values_.erase(it);
  }
  writing_ = true;
  auto self = std::static_pointer_cast<WebSocketSession>(shared_from_this());
  const Outbound& item = in_flight_;
  if (item.text) {
    ws_.next_layer().cork();
    ws_.text(true);
    ws_.async_write(asio::buffer(*item.text),
                    [self](const error_code& ec, std::size_t) { self->on_written(ec); });
  } else {
    uncork();
    ws_.async_close(item.close, [self](const error_code& ec) { self->on_written(ec); });
  }
}

void WebSocketSession::on_written(const error_code& ec) {
  writing_ = false;
  if (in_flight_.text) {
    set_queued_bytes(queued_bytes_ - in_flight_.text->size());
    ++frames_since_uncork_;
  }
  in_flight_ = {};
  if (ec) {
    abort();
    return;
  }
  // Uncorked when nothing is queued, or every kFramesPerWrite frames: each frame takes a trip
  // through the loop's queue, so a long drain must not hold the first frames back.
  if (!has_queued() || frames_since_uncork_ >= kFramesPerWrite) uncork();
  write_if_idle();
}

// Lets the stream write what it gathered; the frame count is batched here, not per frame.
void WebSocketSession::uncork() {
  if (frames_since_uncork_ > 0) loop_.shared().websocket_frames.inc(frames_since_uncork_);
  frames_since_uncork_ = 0;
  ws_.next_layer().uncork();
}

// Drops the connection without a close handshake. The read loop then fails and finishes.
void WebSocketSession::abort() {
  closing_ = true;
  queue_.clear();
  last_value_order_.clear();
  last_values_.clear();
  // The frame in flight stays: Beast still reads its buffer until the write completes.
  set_queued_bytes(writing_ && in_flight_.text ? in_flight_.text->size() : 0);
  beast::get_lowest_layer(ws_).close();
}

void WebSocketSession::finish() {
  if (finished_) return;
  finished_ = true;
  closing_ = true;
  // Releases the descriptor now, not when the last completion handler lets go of the session;
  // the connection is over, so its count against the client's address is too.
  beast::get_lowest_layer(ws_).close();
  lease_.release();
  notify_closed();
}

void WebSocketSession::notify_closed() {
  auto handler = std::move(handler_);
  if (!handler) return;
  try {
    handler->on_close();
  } catch (const std::exception& e) {
    spdlog::error("websocket from {}: on_close threw: {}", remote_ip_, e.what());
  } catch (...) {
    spdlog::error("websocket from {}: on_close threw a non-exception", remote_ip_);
  }
}

}  // namespace

namespace {

void spawn_session(Loop& loop, beast::tcp_stream stream, http::request<http::string_body> upgrade,
                   HttpRequest request, ConnectionCounter::Lease lease, bool refused) {
  std::string remote_ip = request.remote_ip;
  auto session = std::make_shared<WebSocketSession>(loop, std::move(stream), std::move(remote_ip),
                                                    std::move(lease), refused);
  asio::co_spawn(loop.io_context(),
                 WebSocketSession::run(std::move(session), std::move(upgrade), std::move(request)),
                 asio::detached);
}

}  // namespace

void start_websocket_session(Loop& loop, beast::tcp_stream stream,
                             http::request<http::string_body> upgrade, HttpRequest request,
                             ConnectionCounter::Lease lease) {
  spawn_session(loop, std::move(stream), std::move(upgrade), std::move(request), std::move(lease),
                false);
}

void refuse_websocket_session(Loop& loop, beast::tcp_stream stream,
                              http::request<http::string_body> upgrade, HttpRequest request) {
  spawn_session(loop, std::move(stream), std::move(upgrade), std::move(request), {}, true);
}

}  // namespace parley::net::detail
