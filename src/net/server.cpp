// DESIGN: listeners and loops (HTTP connections live in http_connection.cpp, WebSocket sessions
// in websocket_session.cpp; the loop/gate mechanics are described in loop.hpp).
//  - Threads: Server::run starts one thread per Loop and waits on Shared::cv. A connection is
//    accepted by a loop's own SO_REUSEPORT acceptor and lives on that loop; no strands are needed
//    because each io_context is run by exactly one thread.
//  - Drain: begin_shutdown posts Loop::drain to every loop; run() waits until each loop has no
//    connection left or shutdown_grace passes, stops the loops, then closes whatever is left on
//    its own thread so WebSocket handlers still get on_close.
#include "net/server.hpp"

#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cerrno>
#include <cstring>
#include <exception>
#include <random>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <vector>

#include "net/http_connection.hpp"
#include "net/loop.hpp"

namespace parley::net {
namespace detail {
namespace {

using asio::ip::tcp;
using boost::system::error_code;

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

int64_t system_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string to_base36(uint64_t n) {
  static constexpr char kDigits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::string out;
  do {
    out.push_back(kDigits[n % 36]);
    n /= 36;
  } while (n != 0);
  std::reverse(out.begin(), out.end());
  return out;
}

std::string random_prefix() {
  std::random_device rd;
  std::string out = to_base36((static_cast<uint64_t>(rd()) << 16 ^ rd()) % (36ULL * 36 * 36 * 36));
  out.insert(0, 4 - out.size(), '0');
  return out + "-";
}

bool is_resource_exhaustion(const error_code& ec) {
  if (ec.category() != boost::system::system_category()) return false;
  const int v = ec.value();
  return v == EMFILE || v == ENFILE || v == ENOBUFS || v == ENOMEM;
}

}  // namespace

// ---- Shared, Connection, Loop ----------------------------------------------------------------

Shared::Shared(ServerOptions opts, Application& application, metrics::Registry& metrics)
    : options(std::move(opts)),
      app(application),
      http_connections(
          metrics.gauge("parley_open_connections", "Open client connections", {{"kind", "http"}})),
      websocket_connections(metrics.gauge("parley_open_connections", "Open client connections",
                                          {{"kind", "websocket"}})),
      accept_emfile(metrics.counter("parley_accept_emfile_total",
                                    "accept() failures for lack of file descriptors or memory")),
      slow_consumer_cuts(metrics.counter(
          "parley_ws_slow_consumer_cuts_total",
          "WebSocket connections cut because their outbound queue was over the limit")),
      outbound_queued_bytes(metrics.gauge(
          "parley_ws_outbound_queued_bytes",
          "Bytes of frames queued to WebSocket clients and not yet written (fan-out queue depth)")),
      websocket_frames(metrics.counter("parley_ws_frames_sent_total",
                                       "WebSocket frames sent to clients (close frames excluded)")),
      websocket_frames_replaced(metrics.counter(
          "parley_ws_frames_replaced_total",
          "Last-value WebSocket frames dropped unsent because a newer one for the same key "
          "was queued behind them")),
      websocket_socket_writes(metrics.counter(
          "parley_ws_socket_writes_total",
          "Socket writes that carried WebSocket frames (frames are gathered per loop turn)")),
      protocol_errors(metrics.counter("parley_http_protocol_errors_total",
                                      "Malformed or over-limit HTTP requests (400/413/414/431)")),
      refused_per_ip(metrics.counter(
          "parley_connections_refused_total",
          "Connections refused by a limit (per_ip: its client address had the most allowed open)",
          {{"reason", "per_ip"}})),
      per_ip(options.max_connections_per_ip),
      request_id_prefix(random_prefix()) {}

void Shared::loop_drained() {
  {
    std::lock_guard lock(mu);
    ++drained_loops;
  }
  cv.notify_all();
}

Connection::Connection(Loop& loop) : loop_(loop), registry_pos_(loop.enter(this)) {}

Connection::~Connection() {
  loop_.leave(registry_pos_);
}

Loop::Loop(Shared& shared, unsigned index, unsigned count)
    : shared_(shared),
      index_(index),
      count_(count),
      ref_(std::make_shared<LoopRef>(ioc_)),
      work_(asio::make_work_guard(ioc_)),
      accept_backoff_(ioc_),
      tick_timer_(ioc_) {}

Loop::~Loop() {
  // Work posted by the application from now on is dropped rather than queued on an
  // io_context about to be destroyed.
  ref_->detach();
}

void Loop::bind(const tcp::endpoint& endpoint) {
  acceptor_.emplace(ioc_);
  acceptor_->open(endpoint.protocol());
  acceptor_->set_option(asio::socket_base::reuse_address(true));
  using reuse_port = asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;
  acceptor_->set_option(reuse_port(true));
  acceptor_->bind(endpoint);
  acceptor_->listen(asio::socket_base::max_listen_connections);
}

uint16_t Loop::bound_port() const {
  return acceptor_ ? acceptor_->local_endpoint().port() : 0;
}

void Loop::close_listener() {
  if (!acceptor_) return;
  error_code ignored;
  acceptor_->close(ignored);
}

void Loop::start() {
  if (acceptor_) {
    asio::co_spawn(ioc_, accept_loop(), [](const std::exception_ptr& e) {
      if (!e) return;
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        spdlog::critical("accept loop ended: {}", ex.what());
      }
    });
  }
  schedule_tick();
}

asio::awaitable<void> Loop::accept_loop() {
  for (;;) {
    auto [ec, socket] = co_await acceptor_->async_accept(kTuple);
    if (draining_ || shared_.draining.load() || !acceptor_->is_open()) co_return;
    if (ec) {
      if (is_resource_exhaustion(ec)) {
        shared_.accept_emfile.inc();
        // One line per ten seconds is enough to notice; one per retry would flood the log
        // exactly when the machine is already struggling.
        const int64_t now = system_now_ms();
        int64_t last = shared_.last_emfile_warning_ms.load();
        if (now - last >= 10'000 &&
            shared_.last_emfile_warning_ms.compare_exchange_strong(last, now)) {
          spdlog::warn("accept: {} (total {}); pausing accepts for 100 ms", ec.message(),
                       shared_.accept_emfile.value());
        }
        accept_backoff_.expires_after(std::chrono::milliseconds(100));
        co_await accept_backoff_.async_wait(kTuple);
        continue;
      }
      if (ec == asio::error::operation_aborted) co_return;
      spdlog::debug("accept: {}", ec.message());
      continue;
    }
    start_http_connection(*this, std::move(socket));
  }
}

void Loop::schedule_tick() {
  const auto interval = shared_.options.tick_interval;
  if (interval.count() <= 0 || draining_) return;
  tick_timer_.expires_after(interval);
  tick_timer_.async_wait([this](const error_code& ec) {
    if (ec || draining_) return;
    on_tick();
    schedule_tick();
  });
}

template <class Fn>
void Loop::for_each_connection(Fn&& fn) {
  // A snapshot, so a hook that ends a connection cannot invalidate the walk.
  std::vector<std::weak_ptr<Connection>> snapshot;
  snapshot.reserve(connections_.size());
  for (Connection* c : connections_) snapshot.push_back(c->weak_from_this());
  for (auto& weak : snapshot) {
    if (auto c = weak.lock()) fn(*c);
  }
}

void Loop::on_tick() {
  const int64_t now = system_now_ms();
  for_each_connection([now](Connection& c) { c.tick(now); });
}

void Loop::drain() {
  if (draining_) return;
  draining_ = true;
  close_listener();
  accept_backoff_.cancel();
  tick_timer_.cancel();
  for_each_connection([](Connection& c) { c.drain(); });
  maybe_report_drained();
}

void Loop::force_close_all() {
  draining_ = true;
  close_listener();
  accept_backoff_.cancel();
  tick_timer_.cancel();
  for_each_connection([](Connection& c) { c.force_close(); });
}

std::string Loop::next_request_id() {
  // Interleaved across loops, so ids are unique without a shared counter.
  return shared_.request_id_prefix + to_base36(request_counter_++ * count_ + index_);
}

std::list<Connection*>::iterator Loop::enter(Connection* connection) {
  return connections_.insert(connections_.end(), connection);
}

void Loop::leave(std::list<Connection*>::iterator pos) {
  connections_.erase(pos);
  maybe_report_drained();
}

void Loop::maybe_report_drained() {
  if (!draining_ || reported_drained_ || !connections_.empty()) return;
  reported_drained_ = true;
  shared_.loop_drained();
}

}  // namespace detail

// ---- Server ----------------------------------------------------------------------------------

struct Server::Impl {
  Impl(ServerOptions options, Application& app, metrics::Registry& metrics)
      : shared(std::move(options), app, metrics) {
    unsigned n = shared.options.threads;
    if (n == 0) n = std::max(1U, std::thread::hardware_concurrency());
    loops.reserve(n);
    for (unsigned i = 0; i < n; ++i) loops.push_back(std::make_unique<detail::Loop>(shared, i, n));
  }

  detail::Shared shared;  // outlives the loops, whose connections report to it
  std::vector<std::unique_ptr<detail::Loop>> loops;
  uint16_t port = 0;
  bool listening = false;
};

Server::Server(ServerOptions options, Application& app, metrics::Registry& metrics)
    : impl_(std::make_unique<Impl>(std::move(options), app, metrics)) {}

Server::~Server() = default;

void Server::listen() {
  using detail::asio::ip::tcp;
  if (impl_->listening) return;
  const auto& options = impl_->shared.options;
  const std::string where =
      (options.address.find(':') != std::string::npos ? "[" + options.address + "]"
                                                      : options.address) +
      ":" + std::to_string(options.port);
  boost::system::error_code ec;
  auto address = detail::asio::ip::make_address(options.address, ec);
  if (ec) throw std::runtime_error("cannot listen on " + where + ": invalid address");
  tcp::endpoint endpoint(address, options.port);
  try {
    if (options.port != 0) {
      // SO_REUSEPORT would let us share the port with another process of the same user (a
      // second parley started by mistake) and silently split its traffic. A probe socket
      // without SO_REUSEPORT fails to bind when anyone already listens there.
      tcp::acceptor probe(impl_->loops[0]->io_context());
      probe.open(endpoint.protocol());
      probe.set_option(tcp::acceptor::reuse_address(true));
      probe.bind(endpoint);
    }
    for (auto& loop : impl_->loops) {
      loop->bind(endpoint);
      // With port 0 the first bind picks the port and the other loops join it.
      endpoint.port(loop->bound_port());
    }
  } catch (const boost::system::system_error& e) {
    for (auto& loop : impl_->loops) loop->close_listener();
    throw std::runtime_error("cannot listen on " + where + ": " + e.code().message());
  }
  impl_->port = endpoint.port();
  impl_->listening = true;
}

uint16_t Server::port() const {
  return impl_->port;
}

void Server::run() {
  listen();
  auto& shared = impl_->shared;
  std::vector<std::thread> threads;
  threads.reserve(impl_->loops.size());
  for (auto& loop : impl_->loops) {
    loop->start();
    threads.emplace_back([&ioc = loop->io_context()] {
      for (;;) {
        try {
          ioc.run();
          return;
        } catch (const std::exception& e) {
          // Handlers catch their own errors; this is the last line of defence.
          spdlog::critical("event loop: uncaught exception: {}", e.what());
        }
      }
    });
  }

  {
    std::unique_lock lock(shared.mu);
    shared.cv.wait(lock, [&] { return shared.shutdown_requested; });
    const bool drained = shared.cv.wait_until(
        lock, shared.deadline, [&] { return shared.drained_loops == impl_->loops.size(); });
    if (!drained) {
      spdlog::warn("shutdown grace of {} ms elapsed; closing the remaining connections",
                   shared.options.shutdown_grace.count());
    }
  }

  for (auto& loop : impl_->loops) {
    loop->release_work();
    loop->io_context().stop();
  }
  for (auto& t : threads) t.join();
  // Whatever is left is closed here, on this thread, with the loop threads gone: aborted
  // operations unwind, WebSocket handlers get on_close.
  for (auto& loop : impl_->loops) {
    auto& ioc = loop->io_context();
    ioc.restart();
    detail::asio::post(ioc, [l = loop.get()] { l->force_close_all(); });
    try {
      ioc.poll();
    } catch (const std::exception& e) {
      spdlog::error("shutdown: {}", e.what());
    }
  }
}

void Server::begin_shutdown() {
  auto& shared = impl_->shared;
  if (shared.draining.exchange(true)) return;
  spdlog::info("draining: refusing new connections and requests");
  {
    std::lock_guard lock(shared.mu);
    shared.shutdown_requested = true;
    shared.deadline = std::chrono::steady_clock::now() + shared.options.shutdown_grace;
  }
  shared.cv.notify_all();
  for (auto& loop : impl_->loops) {
    detail::asio::post(loop->io_context(), [l = loop.get()] { l->drain(); });
  }
}

bool Server::draining() const {
  return impl_->shared.draining.load();
}

uint64_t raise_fd_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) return raised.rlim_cur;
    spdlog::warn("cannot raise the open file limit to {}: {}", limit.rlim_max,
                 std::strerror(errno));
  }
  return limit.rlim_cur;
}

}  // namespace parley::net
