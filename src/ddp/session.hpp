#pragma once
// DESIGN: one DDP session per WebSocket (rc-api.md §2).
//  - Loop thread (net calls on_text/on_tick/on_close there, one at a time): parses frames,
//    answers connect and ping/pong at once, tracks idleness for heartbeats, and appends
//    methods, subs and unsubs to the session's work queue.
//  - Worker thread: drains the queue one item at a time, so the methods of one connection run
//    in order (Meteor's rule) while blocking freely on the store and password hashing.
//    At most one drain runs per session (draining_ under mu_).
//  - Sending is thread-safe (WebSocketPeer posts to the loop), so workers send results
//    directly. The login state is guarded by login_mu_ because methods (worker) and later
//    stream permission checks may read it from different threads.
//  - Subscriptions: at most SessionOptions::max_subscriptions open at once, streams and other
//    publications alike (open_subs_). One more is a `nosub` with too-many-subscriptions and
//    registers nothing; an unsub frees its slot. A sub whose id is already open is ignored, as
//    Meteor ignores it, so a repeated id neither takes a second slot nor doubles the events.
// The session outlives its socket until the last queued work finishes: workers hold a
// shared_ptr, and a closed session skips remaining work.
#include <atomic>
#include <boost/json/object.hpp>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "ddp/frames.hpp"
#include "ddp/service.hpp"
#include "net/application.hpp"
#include "store/records.hpp"

namespace parley::ddp {

class Session final : public net::WebSocketHandler,
                      public Caller,
                      public RevocableLogin,
                      public std::enable_shared_from_this<Session> {
 public:
  Session(std::shared_ptr<net::WebSocketPeer> peer, Service& service, std::string remote_ip);
  ~Session() override;

  // The server greeting; called by Service::open right after construction.
  void start();

  void on_text(std::string message) override;
  void on_tick(int64_t now_ms) override;
  void on_close() override;

  // Caller, for method handlers (worker thread).
  void send(Frame frame) override { peer_->send_text(std::move(frame)); }
  std::optional<store::UserRecord> user() const override;
  void set_login(store::UserRecord user, std::string token) override;
  std::string clear_login() override;
  std::string login_token() const override;
  const std::string& remote_ip() const override { return remote_ip_; }
  const std::string& id() const override { return id_; }
  Service& service() override { return service_; }

  void close(uint16_t code, std::string reason) { peer_->close(code, std::move(reason)); }

  // The token this session logged in with was removed (any thread; ddp/login_registry.hpp):
  // no further method runs, the login is gone, and the socket closes, as Meteor closes a
  // connection whose login token is removed.
  void login_revoked() override;

 private:
  enum class State { kAwaitingConnect, kConnected, kClosed };

  void handle_connect(const boost::json::object& frame);
  void enqueue(boost::json::object frame);
  void drain();
  void run_method(const boost::json::object& frame);
  void run_sub(const boost::json::object& frame);
  void report_activity(std::string_view method);
  // Whether a new sub `id` may open; when not, it has been answered (or ignored, as Meteor does).
  bool admit_sub(const std::string& id);
  // Whether the subscription was opened (ready sent) rather than refused (nosub sent).
  bool run_stream_sub(const std::string& sub_id, const std::string& name,
                      const boost::json::array& params);
  // RC 7's presence form of stream-user-presence: ['', {added: [uids], removed: [uids]}].
  // Always answered (ready or nosub); never held open as a subscription.
  void run_presence_sub(const std::string& sub_id, const boost::json::array& params);
  // The stream listeners of this connection are gone (login changed): their ids no longer count.
  void forget_stream_subs();

  std::shared_ptr<net::WebSocketPeer> peer_;
  Service& service_;
  std::string remote_ip_;
  std::string id_;

  // Loop thread only.
  State state_ = State::kAwaitingConnect;
  int64_t last_received_ms_ = 0;
  int64_t ping_sent_ms_ = 0;  // 0 = no ping outstanding

  std::atomic<bool> closed_{false};
  std::atomic<bool> revoked_{false};  // login_revoked(): refuse everything from now on
  std::mutex mu_;
  std::deque<boost::json::object> queue_;
  bool draining_ = false;
  // Drain only (one drain at a time): when this connection last told presence it was active.
  int64_t activity_reported_ms_ = 0;

  // Sub ids answered `ready` and not unsubscribed yet; true for stream subscriptions, which
  // end with the login they were opened under. Subs and logins run in the drain; the lock
  // keeps that an implementation detail.
  std::mutex subs_mu_;
  std::unordered_map<std::string, bool> open_subs_;

  mutable std::mutex login_mu_;
  std::optional<store::UserRecord> user_;
  std::string token_;
};

}  // namespace parley::ddp
