#pragma once
// DESIGN: one simulated client, speaking DDP the way its kind's real client does
// (docs/load.md; shared rc7-client-streams.md):
//   connect -> login (resume token or password) -> subscriptions/get + rooms/get ->
//   subscribe per kind -> ready (every sub answered) -> activity while the run says so.
//  - Everything runs on its io_context's one thread: frames, timers and the runner's posted
//    commands (start/stop activity, storm, close). Nothing here locks; shared state lives in
//    the RunContext (atomics, the ledger's and audience's own locks).
//  - Activity is one timer at the earliest of: the next send (Poisson at the run's per-client
//    rate, active clients only), the next room open (Poisson, active only), the next presence
//    change (Poisson, every client). A send is two typing notifications, then sendMessage with
//    a client-chosen _id that the ledger knows before the frame leaves.
//  - Every received frame is scanned once (frame_scan.hpp) and routed: method results to
//    their callbacks, message copies and rooms-changed to the ledger, the rest to counters.
//  - A connection that ends unasked is an error; the client reconnects after a second with
//    its resume token, as a real one would. The storm ends it on purpose (not an error) and
//    reconnects after a random delay within the spread.
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "load/client_kind.hpp"
#include "load/frame_scan.hpp"
#include "load/run_context.hpp"
#include "load/ws_connection.hpp"

namespace parley::load {

struct Credentials {
  std::string username;
  std::string user_id;  // known from a tokens file; else learned at login
  std::string token;    // resume token; empty: log in with the password
};

class LoadClient final : public WsConnection::Handler {
 public:
  LoadClient(uint32_t index, ClientKind kind, bool active, Credentials credentials,
             boost::asio::io_context& io, RunContext& run);

  // All of these must run on the client's io thread (post them).
  void connect();
  void start_activity();
  void stop_activity();
  void storm(std::chrono::milliseconds reconnect_after);
  void close();

  ClientKind kind() const { return kind_; }
  bool ever_ready() const { return first_ready_done_; }

 private:
  enum class State { kIdle, kConnecting, kLoggingIn, kLoadingRooms, kSubscribing, kReady };
  struct Room {
    std::string id;
    char type = 'c';
  };
  using ResultFn = std::function<void(std::string_view frame, const FrameFields& f)>;
  struct Pending {
    ResultFn on_result;
    int64_t sent_ns = 0;
  };

  // WsConnection::Handler
  void on_open() override;
  void on_text(std::string_view text) override;
  void on_close(const std::string& why) override;

  void call(std::string_view method, std::string params_json, ResultFn on_result = {});
  std::string subscribe(std::string_view stream, std::string params_json);
  void login();
  void on_logged_in(std::string_view frame);
  void load_rooms();
  void on_rooms(std::string_view frame);
  void subscribe_all();
  void subscribe_room_view(const std::string& rid);
  void became_ready();
  void on_changed(const FrameFields& f, int64_t now_ns);
  void connection_lost();

  void schedule();
  void on_timer();
  void send_message();
  void open_room();
  void change_presence();
  const Room* pick_room_for_send();
  std::string new_message_id();
  double exp_seconds(double mean_s);
  std::string who() const;

  const uint32_t index_;
  const ClientKind kind_;
  const bool active_;
  Credentials credentials_;
  boost::asio::io_context& io_;
  RunContext& run_;
  std::mt19937_64 rng_;     // the schedule: the same --seed, the same run
  std::mt19937_64 id_rng_;  // message ids: unique across runs against one database

  std::shared_ptr<WsConnection> conn_;
  State state_ = State::kIdle;
  bool closing_ = false;
  bool rooms_known_ = false;  // rooms are learned once, at the first login
  bool first_ready_done_ = false;
  bool after_storm_ = false;
  int64_t connect_started_ns_ = 0;
  uint64_t next_id_ = 1;
  std::unordered_map<std::string, Pending> pending_;
  int awaiting_ready_ = 0;
  int subscriptions_ = 0;

  std::vector<Room> rooms_;
  std::array<std::vector<uint32_t>, 3> rooms_by_type_;  // d, p, c: indexes into rooms_
  std::vector<std::string> presence_uids_;              // web: users "on screen"
  std::vector<std::string> open_rooms_;                 // web: rooms with their streams open
  std::unordered_map<std::string, std::vector<std::string>> open_room_subs_;
  std::vector<std::string> streamed_rooms_;  // legacy/bot: rooms subscribed

  boost::asio::steady_timer timer_;
  boost::asio::steady_timer reconnect_timer_;
  bool activity_ = false;
  std::chrono::steady_clock::time_point next_send_, next_open_, next_presence_;
  bool away_ = false;
};

}  // namespace parley::load
