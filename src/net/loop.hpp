#pragma once
// DESIGN (internal to net/): the per-thread event loop and what its connections share.
//  - A Loop owns one io_context run by exactly one thread, plus that loop's listener, its
//    accept back-off timer and its tick timer. Everything inside a Loop (connection registry,
//    flags, counters) is touched only on that thread, so nothing in it is locked.
//  - Other threads reach a loop only through LoopRef::dispatch. A LoopRef is shared with the
//    application's respond callbacks and WebSocketPeers, which may outlive the server: once the
//    Loop is gone, dispatch drops the work instead of posting to a destroyed io_context.
//  - Shutdown gate (STYLE.md idea 7): every connection registers itself with its loop for its
//    whole life (Connection's constructor/destructor). Once draining starts, the loop whose last
//    connection ends reports to Shared, which wakes Server::run.
//  - Teardown order: members that connection destructors touch (the registry) are declared
//    before the io_context, so they are still alive when the io_context destroys the handlers
//    (and with them the connections) it still holds.
#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "metrics/registry.hpp"
#include "net/application.hpp"
#include "net/connection_counter.hpp"
#include "net/server.hpp"

namespace parley::net::detail {

namespace asio = boost::asio;

// State shared by all loops. Options and metric references are fixed at construction; the rest
// is atomic or guarded by `mu`.
struct Shared {
  Shared(ServerOptions opts, Application& application, metrics::Registry& metrics);

  const ServerOptions options;
  Application& app;
  metrics::Gauge& http_connections;
  metrics::Gauge& websocket_connections;
  metrics::Counter& accept_emfile;
  metrics::Counter& slow_consumer_cuts;
  metrics::Gauge& outbound_queued_bytes;
  metrics::Counter& websocket_frames;           // frames handed to Beast
  metrics::Counter& websocket_frames_replaced;  // last-value frames superseded while queued
  metrics::Counter& websocket_socket_writes;    // the socket writes that carried them
  metrics::Counter& protocol_errors;
  metrics::Counter& refused_per_ip;
  // Open connections per client address (ServerOptions::max_connections_per_ip). Declared
  // before the loops in Server::Impl, so it outlives every Lease a connection holds.
  ConnectionCounter per_ip;
  // Random per process, so request ids from two runs do not collide in aggregated logs.
  const std::string request_id_prefix;

  std::atomic<bool> draining{false};
  std::atomic<int64_t> last_emfile_warning_ms{0};

  // Shutdown progress, read by Server::run.
  std::mutex mu;
  std::condition_variable cv;
  bool shutdown_requested = false;
  std::chrono::steady_clock::time_point deadline;
  unsigned drained_loops = 0;

  void loop_drained();
};

// A handle on a loop's io_context that other threads may hold for as long as they like.
class LoopRef final : public EventLoop {
 public:
  explicit LoopRef(asio::io_context& ioc) : ioc_(&ioc) {}

  // Runs `fn` on the loop: inline when the caller already is the loop's thread (a handler that
  // answers synchronously, or fan-out to a peer on the same loop, costs no post), else posted.
  // Does nothing once the loop is gone.
  template <class Fn>
  void dispatch(Fn&& fn) {
    std::unique_lock lock(mu_);
    if (ioc_ == nullptr) return;
    if (ioc_->get_executor().running_in_this_thread()) {
      lock.unlock();
      fn();
      return;
    }
    asio::post(*ioc_, std::forward<Fn>(fn));
  }

  void run_on_loop(std::function<void()> fn) override { dispatch(std::move(fn)); }

  void detach() {
    std::lock_guard lock(mu_);
    ioc_ = nullptr;
  }

 private:
  std::mutex mu_;
  asio::io_context* ioc_;
};

class Loop;

// Base of HTTP connections and WebSocket sessions: registration with the loop (the gate) and
// the hooks the loop calls on all of its connections. All calls happen on the loop's thread.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  explicit Connection(Loop& loop);
  virtual ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // The server started draining.
  virtual void drain() = 0;
  // The grace period is over: drop the connection now.
  virtual void force_close() = 0;
  virtual void tick(int64_t /*now_ms*/) {}

 protected:
  Loop& loop_;

 private:
  std::list<Connection*>::iterator registry_pos_;
};

class Loop {
 public:
  Loop(Shared& shared, unsigned index, unsigned count);
  ~Loop();
  Loop(const Loop&) = delete;
  Loop& operator=(const Loop&) = delete;

  asio::io_context& io_context() { return ioc_; }
  Shared& shared() { return shared_; }
  const std::shared_ptr<LoopRef>& ref() const { return ref_; }
  unsigned index() const { return index_; }

  // Called on the thread that calls Server::listen, before the loop runs.
  // Throws boost::system::system_error.
  void bind(const asio::ip::tcp::endpoint& endpoint);
  uint16_t bound_port() const;
  void close_listener();
  // Starts accepting and ticking; the loop's thread then calls io_context().run().
  void start();
  // The work guard keeps run() alive while no connection or accept is pending.
  void release_work() { work_.reset(); }

  // Loop thread only from here on.
  void drain();
  void force_close_all();
  std::string next_request_id();

  std::list<Connection*>::iterator enter(Connection* connection);
  void leave(std::list<Connection*>::iterator pos);

 private:
  asio::awaitable<void> accept_loop();
  void schedule_tick();
  void on_tick();
  void maybe_report_drained();
  template <class Fn>
  void for_each_connection(Fn&& fn);

  Shared& shared_;
  const unsigned index_;
  const unsigned count_;
  bool draining_ = false;
  bool reported_drained_ = false;
  uint64_t request_counter_ = 0;
  std::list<Connection*> connections_;

  // Destroyed before the members above (see DESIGN).
  asio::io_context ioc_{1};
  std::shared_ptr<LoopRef> ref_;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_;
  std::optional<asio::ip::tcp::acceptor> acceptor_;
  asio::steady_timer accept_backoff_;
  asio::steady_timer tick_timer_;
};

}  // namespace parley::net::detail
