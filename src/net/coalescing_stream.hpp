#pragma once
// Internal to net/: the layer under Beast's WebSocket stream that turns many frame writes into
// one socket write.
//
// DESIGN: Beast writes one WebSocket frame per async_write_some on its next layer, and a DDP
// client is sent several frames per chat message (the room stream, rooms-changed,
// subscriptions-changed, a notification). One write system call per frame made the kernel's
// per-call cost the largest part of a delivered copy. This stream sits between Beast and the
// socket:
//  - A write copies the frame's bytes into `pending` and completes at once (posted, as Asio
//    requires), so Beast hands over the next frame in the same loop turn.
//  - One socket write is in flight at a time. It carries everything pending when it starts;
//    what arrives meanwhile waits in `pending` for the next one.
//  - The owner may cork() the stream while it still has frames to hand over, and uncork() when
//    its queue is empty; uncork starts the write. Writes Beast makes by itself (a pong, the
//    reply to a peer's close) arrive uncorked and are written on the next loop turn.
//  - Back-pressure: while a socket write is in flight and `pending` is over kHighWater, a write
//    is accepted but its completion waits until the socket write ends. So a slow reader stalls
//    Beast, the frames stay in the owner's queue, and the owner's queue limit applies as before.
//    `pending` never holds more than kHighWater plus one frame.
//  - Close: Beast tears the connection down through async_teardown on this stream, which first
//    writes everything pending (the close frame included), then tears the socket down.
//  - Lifetime: the bytes and flags live in a shared State that the in-flight socket write holds,
//    so a stream destroyed with a write in flight leaves nothing dangling. A failed socket write
//    fails every later write with the same error.
// Everything runs on the stream's executor (one loop thread): nothing here is locked.
#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/buffers_range.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/teardown.hpp>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "metrics/registry.hpp"

namespace parley::net::detail {

class CoalescingStream {
 public:
  using next_layer_type = boost::beast::tcp_stream;
  using executor_type = next_layer_type::executor_type;
  using error_code = boost::system::error_code;

  // Above this many pending bytes, with a socket write in flight, writes wait for it.
  static constexpr std::size_t kHighWater = 64 * 1024;
  // A buffer bigger than this is freed once written, not kept for the next burst.
  static constexpr std::size_t kKeptCapacity = 4 * 1024;

  explicit CoalescingStream(next_layer_type stream) : next_(std::move(stream)) {}
  // State points back at the stream, so it stays where it was made.
  CoalescingStream(const CoalescingStream&) = delete;
  CoalescingStream& operator=(const CoalescingStream&) = delete;
  ~CoalescingStream() {
    if (state_) state_->stream = nullptr;
  }

  executor_type get_executor() noexcept { return next_.get_executor(); }
  next_layer_type& next_layer() noexcept { return next_; }
  const next_layer_type& next_layer() const noexcept { return next_; }

  template <class MutableBuffers, class Token>
  auto async_read_some(const MutableBuffers& buffers, Token&& token) {
    return next_.async_read_some(buffers, std::forward<Token>(token));
  }

  template <class ConstBuffers, class Token>
  auto async_write_some(const ConstBuffers& buffers, Token&& token) {
    return boost::asio::async_initiate<Token, void(error_code, std::size_t)>(
        [this](auto handler, const ConstBuffers& bufs) { accept_write(std::move(handler), bufs); },
        token, buffers);
  }

  // While corked, pending bytes are not written (unless over kHighWater). Once Beast has asked
  // for the teardown, corking is ignored: the close must not wait for an owner that may never
  // uncork (its next frame is parked behind the close in Beast).
  void cork() {
    if (!state_->teardown) state_->corked = true;
  }
  void uncork() {
    state_->corked = false;
    start_write(state_);
  }

  // Writes what is pending now, blocking: for the answer to a failed handshake (Beast writes
  // the HTTP error, then fails the accept without a teardown), just before the socket closes.
  void write_pending_now() {
    auto& st = *state_;
    if (st.writing || st.pending.empty() || st.failed) return;
    error_code ec;
    boost::asio::write(next_.socket(), boost::asio::buffer(st.pending), ec);
    st.pending.clear();
  }

  // Counts every socket write this stream starts.
  void count_socket_writes_in(metrics::Counter& counter) { state_->socket_writes = &counter; }

  // Beast's teardown customisation point (found by argument-dependent lookup).
  template <class TeardownHandler>
  friend void async_teardown(boost::beast::role_type role, CoalescingStream& stream,
                             TeardownHandler&& handler) {
    stream.teardown_after_flush(role, std::forward<TeardownHandler>(handler));
  }
  friend void teardown(boost::beast::role_type role, CoalescingStream& stream, error_code& ec) {
    // Synchronous close is never used by parley; kept correct for completeness.
    auto& st = *stream.state_;
    if (!st.pending.empty() && !st.writing) {
      boost::asio::write(stream.next_, boost::asio::buffer(st.pending), ec);
      st.pending.clear();
      if (ec) return;
    }
    using boost::beast::websocket::teardown;
    teardown(role, stream.next_, ec);
  }

 private:
  using WriteHandler = boost::asio::any_completion_handler<void(error_code, std::size_t)>;
  using TeardownCompletion = boost::asio::any_completion_handler<void(error_code)>;

  struct State {
    CoalescingStream* stream = nullptr;  // null once the stream is gone
    std::string pending;                 // accepted, not yet handed to the socket
    std::string in_flight;               // the bytes of the socket write in progress
    bool writing = false;
    bool corked = false;
    error_code failed;  // the error of a failed socket write; set once
    metrics::Counter* socket_writes = nullptr;
    std::vector<std::pair<WriteHandler, std::size_t>> held;  // completions waiting (back-pressure)
    std::optional<std::pair<boost::beast::role_type, TeardownCompletion>> teardown;
  };

  template <class Handler, class ConstBuffers>
  void accept_write(Handler handler, const ConstBuffers& buffers) {
    State& st = *state_;
    if (st.failed) {
      complete_later(std::move(handler), st.failed, 0);
      return;
    }
    std::size_t n = 0;
    for (auto b : boost::beast::buffers_range_ref(buffers)) {
      st.pending.append(static_cast<const char*>(b.data()), b.size());
      n += b.size();
    }
    if (st.pending.size() > kHighWater) {
      if (st.writing) {
        st.held.emplace_back(WriteHandler(std::move(handler)), n);
        return;
      }
      begin_socket_write(state_);  // over the mark: write now, corked or not
    }
    complete_later(std::move(handler), error_code{}, n);
    if (!st.corked && !st.writing) {
      // Beast's own writes (pong, close reply): write on the next turn, with whatever else
      // arrives in this one.
      boost::asio::post(next_.get_executor(), [st = state_] { start_write(st); });
    }
  }

  // Asio forbids completing inside the initiating call, so completions are posted to the loop
  // (the executor every handler here is bound to).
  template <class Handler>
  void complete_later(Handler handler, error_code ec, std::size_t n) {
    boost::asio::post(next_.get_executor(),
                      [h = std::move(handler), ec, n]() mutable { std::move(h)(ec, n); });
  }

  static void start_write(const std::shared_ptr<State>& st) {
    if ((st->corked && !st->teardown) || st->writing || !st->stream) return;
    if (st->pending.empty()) {
      if (st->teardown) st->stream->run_teardown();
      return;
    }
    begin_socket_write(st);
  }

  static void begin_socket_write(const std::shared_ptr<State>& st) {
    if (st->writing || st->pending.empty() || !st->stream || st->failed) return;
    st->in_flight.swap(st->pending);
    st->writing = true;
    if (st->socket_writes) st->socket_writes->inc();
    boost::asio::async_write(
        st->stream->next_, boost::asio::buffer(st->in_flight),
        [st](const error_code& ec, std::size_t) { on_socket_written(st, ec); });
  }

  static void on_socket_written(const std::shared_ptr<State>& st, const error_code& ec) {
    st->writing = false;
    // The two buffers swap roles, so each keeps the capacity of the biggest burst it carried.
    // Across 10,000 mostly idle connections that is hundreds of MiB: give big ones back.
    if (st->in_flight.capacity() > kKeptCapacity) {
      std::string().swap(st->in_flight);
    } else {
      st->in_flight.clear();
    }
    if (ec && !st->failed) st->failed = ec;
    auto held = std::move(st->held);
    st->held.clear();
    for (auto& [handler, n] : held) {
      if (st->stream)
        st->stream->complete_later(std::move(handler), st->failed, st->failed ? 0 : n);
    }
    if (st->failed) {
      if (st->teardown && st->stream) st->stream->run_teardown();
      return;
    }
    start_write(st);
  }

  template <class TeardownHandler>
  void teardown_after_flush(boost::beast::role_type role, TeardownHandler&& handler) {
    state_->teardown.emplace(role, TeardownCompletion(std::forward<TeardownHandler>(handler)));
    state_->corked = false;
    if (state_->writing) return;  // on_socket_written continues
    if (state_->pending.empty() || state_->failed) {
      run_teardown();
    } else {
      begin_socket_write(state_);
    }
  }

  void run_teardown() {
    auto [role, handler] = std::move(*state_->teardown);
    state_->teardown.reset();
    using boost::beast::websocket::async_teardown;
    // Bound to the loop: Asio 1.81 cannot post through a type-erased handler's own executor.
    async_teardown(role, next_,
                   boost::asio::bind_executor(next_.get_executor(), std::move(handler)));
  }

  next_layer_type next_;
  std::shared_ptr<State> state_ = make_state();
  std::shared_ptr<State> make_state() {
    auto st = std::make_shared<State>();
    st->stream = this;
    return st;
  }
};

}  // namespace parley::net::detail
