#include "load/load_client.hpp"

#include <algorithm>
#include <boost/asio/post.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <cmath>

namespace parley::load {
namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kMaxOpenRooms = 5;  // RC 7's maxRoomsOpen
constexpr std::size_t kPresenceOnScreen = 20;
constexpr auto kReconnectAfterCut = std::chrono::seconds(1);

// A JSON string literal for `s` (ids and usernames are plain, but the server decides them).
std::string quote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
  return out;
}

std::string stream_params(std::string_view event_name) {
  return "[" + quote(event_name) + R"(,{"useCollection":false,"args":[]}])";
}

// About 400 bytes, the workload's mean message size.
constexpr std::string_view kFiller =
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt "
    "ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation "
    "ullamco laboris nisi ut aliquip ex ea commodo consequat. Duis aute irure dolor in "
    "reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur. Excepteur "
    "sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt.";

int type_slot(char t) {
  return t == 'd' ? 0 : t == 'p' ? 1 : 2;
}

}  // namespace

int64_t steady_now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
      .count();
}

LoadClient::LoadClient(uint32_t index, ClientKind kind, bool active, Credentials credentials,
                       boost::asio::io_context& io, RunContext& run)
    : index_(index),
      kind_(kind),
      active_(active),
      credentials_(std::move(credentials)),
      io_(io),
      run_(run),
      rng_(run.options.seed * 1000003 + index),
      id_rng_((static_cast<uint64_t>(std::random_device{}()) << 32) ^ std::random_device{}() ^
              index),
      timer_(io),
      reconnect_timer_(io) {}

std::string LoadClient::who() const {
  return std::string(kind_name(kind_)) + " client " + std::to_string(index_) + " (" +
         credentials_.username + ")";
}

void LoadClient::connect() {
  if (closing_) return;
  state_ = State::kConnecting;
  connect_started_ns_ = steady_now_ns();
  pending_.clear();
  awaiting_ready_ = 0;
  subscriptions_ = 0;
  open_room_subs_.clear();
  conn_ = WsConnection::open(io_, run_.target, "", *this);
}

void LoadClient::on_open() {
  state_ = State::kLoggingIn;
  conn_->send(R"({"msg":"connect","version":"1","support":["1","pre2","pre1"]})");
}

void LoadClient::call(std::string_view method, std::string params_json, ResultFn on_result) {
  std::string id = std::to_string(next_id_++);
  std::string frame = R"({"msg":"method","id":")" + id + R"(","method":)" + quote(method) +
                      R"(,"params":)" + params_json + "}";
  pending_.emplace(std::move(id), Pending{std::move(on_result), steady_now_ns()});
  run_.stats.calls_outstanding.fetch_add(1);
  conn_->send(std::move(frame));
}

std::string LoadClient::subscribe(std::string_view stream, std::string params_json) {
  std::string id = "s" + std::to_string(next_id_++);
  conn_->send(R"({"msg":"sub","id":")" + id + R"(","name":)" + quote(stream) + R"(,"params":)" +
              params_json + "}");
  ++subscriptions_;
  return id;
}

void LoadClient::login() {
  std::string params;
  if (!credentials_.token.empty()) {
    params = R"([{"resume":)" + quote(credentials_.token) + "}]";
  } else {
    params = R"([{"user":{"username":)" + quote(credentials_.username) + R"(},"password":)" +
             quote(run_.options.password) + "}]";
  }
  call("login", std::move(params), [this](std::string_view frame, const FrameFields& f) {
    if (f.has_error) {
      run_.stats.error(ErrorKind::kLogin,
                       who() + ": login refused: " + std::string(frame.substr(0, 300)));
      state_ = State::kIdle;
      conn_->drop();
      return;
    }
    on_logged_in(frame);
  });
}

void LoadClient::on_logged_in(std::string_view frame) {
  boost::system::error_code ec;
  json::value v = json::parse(frame, ec);
  const json::object* result = nullptr;
  if (!ec && v.is_object()) {
    if (auto* r = v.get_object().if_contains("result"); r && r->is_object()) {
      result = &r->get_object();
    }
  }
  if (result) {
    if (auto* id = result->if_contains("id"); id && id->is_string()) {
      credentials_.user_id = std::string(id->get_string());
    }
    // The storm reconnects with a resume token, also for clients that logged in by password.
    if (auto* t = result->if_contains("token"); t && t->is_string()) {
      credentials_.token = std::string(t->get_string());
    }
  }
  if (credentials_.user_id.empty()) {
    run_.stats.error(ErrorKind::kLogin, who() + ": login answered without a user id");
    conn_->drop();
    state_ = State::kIdle;
    return;
  }
  load_rooms();
}

void LoadClient::load_rooms() {
  state_ = State::kLoadingRooms;
  // As RC 7's web client on start: its cached collections ask for subscriptions and rooms.
  auto answered = std::make_shared<int>(0);
  auto done = [this, answered] {
    if (++*answered == 2) subscribe_all();
  };
  call("subscriptions/get", "[]", [done](std::string_view, const FrameFields&) { done(); });
  call("rooms/get", "[]", [this, done](std::string_view frame, const FrameFields& f) {
    if (!f.has_error && !rooms_known_) on_rooms(frame);
    done();
  });
}

void LoadClient::on_rooms(std::string_view frame) {
  boost::system::error_code ec;
  json::value v = json::parse(frame, ec);
  if (ec || !v.is_object()) return;
  auto* result = v.get_object().if_contains("result");
  if (!result || !result->is_array()) return;
  for (const json::value& r : result->get_array()) {
    if (!r.is_object()) continue;
    const json::object& room = r.get_object();
    auto* id = room.if_contains("_id");
    auto* t = room.if_contains("t");
    if (!id || !id->is_string() || !t || !t->is_string() || t->get_string().empty()) continue;
    const char type = t->get_string()[0];
    if (type != 'c' && type != 'p' && type != 'd') continue;  // livechat and others: not ours
    rooms_.push_back({std::string(id->get_string()), type});
    rooms_by_type_[static_cast<std::size_t>(type_slot(type))].push_back(
        static_cast<uint32_t>(rooms_.size() - 1));
    if (auto* uids = room.if_contains("uids"); type == 'd' && uids && uids->is_array()) {
      for (const json::value& u : uids->get_array()) {
        if (u.is_string() && u.get_string() != credentials_.user_id &&
            presence_uids_.size() < kPresenceOnScreen) {
          presence_uids_.emplace_back(u.get_string());
        }
      }
    }
  }
  rooms_known_ = true;
  // Rooms on screen: RC 7 keeps up to five open; a user starts with a few.
  if (kind_ == ClientKind::kWeb && !rooms_.empty()) {
    std::uniform_int_distribution<std::size_t> count(1, std::min(kMaxOpenRooms, rooms_.size()));
    std::vector<std::size_t> order(rooms_.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::shuffle(order.begin(), order.end(), rng_);
    const std::size_t n = count(rng_);
    for (std::size_t i = 0; i < n; ++i) open_rooms_.push_back(rooms_[order[i]].id);
  }
  if (kind_ == ClientKind::kLegacy || kind_ == ClientKind::kBot) {
    const std::size_t cap = static_cast<std::size_t>(std::max(run_.options.max_room_streams, 0));
    for (std::size_t i = 0; i < rooms_.size() && i < cap; ++i) {
      streamed_rooms_.push_back(rooms_[i].id);
    }
  }
  std::vector<std::string> heard;
  if (kind_ == ClientKind::kWeb || kind_ == ClientKind::kSdk) {
    for (const Room& r : rooms_) heard.push_back(r.id);
  } else {
    heard = streamed_rooms_;
  }
  run_.audience.hears_rooms(index_, heard);
  if (!run_.options.write_rooms_path.empty()) {
    std::lock_guard lock(run_.rooms_mu);
    for (const Room& r : rooms_) {
      run_.room_lines.push_back(credentials_.user_id + "\t" + r.id + "\t" + r.type);
    }
  }
}

void LoadClient::subscribe_room_view(const std::string& rid) {
  auto& subs = open_room_subs_[rid];
  subs.push_back(subscribe("stream-room-messages", stream_params(rid)));
  for (const char* event :
       {"/deleteMessage", "/deleteMessageBulk", "/messagesRead", "/user-activity"}) {
    subs.push_back(subscribe("stream-notify-room", stream_params(rid + event)));
  }
}

void LoadClient::subscribe_all() {
  state_ = State::kSubscribing;
  const std::string& uid = credentials_.user_id;
  switch (kind_) {
    case ClientKind::kWeb:
      subscribe("stream-notify-all", stream_params("public-settings-changed"));
      // Not private-settings-changed: RC 7 follows it for users who may see private settings
      // (view-privileged-setting), and the load runs as ordinary users.
      for (const char* e : {"permissions-changed", "roles-change", "Users:NameChanged",
                            "Users:Deleted", "updateAvatar"}) {
        subscribe("stream-notify-logged", stream_params(e));
      }
      for (const char* e :
           {"/rooms-changed", "/subscriptions-changed", "/userData", "/message", "/notification",
            "/force_logout", "/webrtc", "/otr", "/video-conference"}) {
        subscribe("stream-notify-user", stream_params(uid + e));
      }
      if (!presence_uids_.empty()) {
        std::string added;
        for (const auto& u : presence_uids_) added += (added.empty() ? "" : ",") + quote(u);
        subscribe("stream-user-presence", R"(["",{"added":[)" + added + "]}]");
      }
      for (const auto& rid : open_rooms_) subscribe_room_view(rid);
      break;
    case ClientKind::kSdk:
      subscribe("stream-room-messages", stream_params("__my_messages__"));
      subscribe("stream-notify-user", stream_params(uid + "/message"));
      subscribe("stream-notify-user", stream_params(uid + "/notification"));
      break;
    case ClientKind::kLegacy:
      subscribe("stream-notify-logged", stream_params("user-status"));
      [[fallthrough]];
    case ClientKind::kBot:
      for (const auto& rid : streamed_rooms_) {
        subscribe("stream-room-messages", stream_params(rid));
      }
      break;
  }
  awaiting_ready_ = subscriptions_;
  if (awaiting_ready_ == 0) became_ready();
}

void LoadClient::became_ready() {
  state_ = State::kReady;
  const int64_t now = steady_now_ns();
  const int64_t took_us = (now - connect_started_ns_) / 1000;
  run_.audience.set_ready(index_, true);
  run_.stats.ready.fetch_add(1);
  {
    std::lock_guard lock(run_.stats.mu);
    if (!first_ready_done_) {
      run_.stats.login.record(took_us);
      run_.stats.last_ready_ns = std::max(run_.stats.last_ready_ns, now);
    } else if (after_storm_) {
      run_.stats.storm_login.record(took_us);
      ++run_.stats.storm_back;
      run_.stats.storm_last_back_ns = std::max(run_.stats.storm_last_back_ns, now);
    }
  }
  if (!first_ready_done_) run_.stats.ever_ready.fetch_add(1);
  first_ready_done_ = true;
  after_storm_ = false;
  if (activity_) schedule();
}

void LoadClient::on_text(std::string_view text) {
  const int64_t now = steady_now_ns();
  run_.stats.frames.fetch_add(1, std::memory_order_relaxed);
  run_.stats.bytes.fetch_add(text.size(), std::memory_order_relaxed);
  const FrameFields f = scan_frame(text);
  if (!f.ok) {
    // Meteor's first frame, {"server_id":"0"}, has no msg; anything else unreadable counts.
    if (text.find("server_id") == std::string_view::npos) {
      run_.stats.error(ErrorKind::kBadFrame, who() + ": " + std::string(text.substr(0, 200)));
    }
    return;
  }
  if (f.msg == "changed") return on_changed(f, now);
  if (f.msg == "result") {
    auto it = pending_.find(std::string(f.id));
    if (it == pending_.end()) return;
    Pending p = std::move(it->second);
    pending_.erase(it);
    run_.stats.calls_outstanding.fetch_sub(1);
    if (f.has_error && p.on_result == nullptr) {
      run_.stats.error(ErrorKind::kMethod, who() + ": " + std::string(text.substr(0, 300)));
    }
    if (p.on_result) p.on_result(text, f);
    return;
  }
  if (f.msg == "ready") {
    if (state_ == State::kSubscribing) {
      awaiting_ready_ -= static_cast<int>(f.subs_count);
      if (awaiting_ready_ <= 0) became_ready();
    }
    return;
  }
  if (f.msg == "ping") {
    conn_->send(f.id.empty() ? std::string(R"({"msg":"pong"})")
                             : R"({"msg":"pong","id":)" + quote(f.id) + "}");
    return;
  }
  if (f.msg == "connected") {
    login();
    return;
  }
  if (f.msg == "nosub") {
    if (f.has_error) {
      run_.stats.error(ErrorKind::kNosub, who() + ": " + std::string(text.substr(0, 300)));
    }
    if (state_ == State::kSubscribing && --awaiting_ready_ <= 0) became_ready();
    return;
  }
  if (f.msg == "error") {
    run_.stats.error(ErrorKind::kErrorFrame, who() + ": " + std::string(text.substr(0, 300)));
    return;
  }
  // added/changed/removed of collections (users after login), updated, pong: nothing to do.
}

void LoadClient::on_changed(const FrameFields& f, int64_t now_ns) {
  auto& s = run_.stats;
  const auto relaxed = std::memory_order_relaxed;
  if (f.collection == "stream-room-messages") {
    if (f.event_name == "__my_messages__") {
      s.my_messages_frames.fetch_add(1, relaxed);
      if (!f.arg0_id.empty()) run_.ledger.copy(index_, f.arg0_rid, f.arg0_id, now_ns);
    } else {
      s.room_stream_frames.fetch_add(1, relaxed);
      if (!f.arg0_id.empty()) run_.ledger.copy(index_, f.event_name, f.arg0_id, now_ns);
    }
  } else if (f.collection == "stream-notify-user" && f.event_name.ends_with("/rooms-changed")) {
    s.rooms_changed_frames.fetch_add(1, relaxed);
    if (!f.arg1_id.empty() && !f.arg1_last_message_id.empty()) {
      run_.ledger.sidebar(index_, f.arg1_id, f.arg1_last_message_id, now_ns);
    }
  } else if (f.collection == "stream-user-presence") {
    s.presence_frames.fetch_add(1, relaxed);
  } else if (f.collection == "stream-notify-room" &&
             (f.event_name.ends_with("/user-activity") || f.event_name.ends_with("/typing"))) {
    s.activity_frames.fetch_add(1, relaxed);
  } else if (f.collection == "stream-notify-logged" && f.event_name == "user-status") {
    s.user_status_frames.fetch_add(1, relaxed);
  } else {
    s.other_changed_frames.fetch_add(1, relaxed);
  }
}

void LoadClient::on_close(const std::string& why) {
  if (closing_) return;
  run_.stats.error(state_ == State::kConnecting ? ErrorKind::kConnect : ErrorKind::kDisconnect,
                   who() + ": " + why);
  connection_lost();
  reconnect_timer_.expires_after(kReconnectAfterCut);
  reconnect_timer_.async_wait([this](boost::system::error_code ec) {
    if (!ec) connect();
  });
}

void LoadClient::connection_lost() {
  if (state_ == State::kReady) run_.stats.ready.fetch_sub(1);
  run_.audience.set_ready(index_, false);
  run_.ledger.connection_ended(index_);
  // Unanswered sendMessage calls stay unconfirmed in the ledger (not counted either way).
  run_.stats.calls_outstanding.fetch_sub(static_cast<int64_t>(pending_.size()));
  pending_.clear();
  state_ = State::kIdle;
  timer_.cancel();
}

void LoadClient::start_activity() {
  activity_ = true;
  const auto now = Clock::now();
  auto after = [&](double mean_s) {
    return mean_s > 0 ? now + std::chrono::duration_cast<Clock::duration>(
                                  std::chrono::duration<double>(exp_seconds(mean_s)))
                      : Clock::time_point::max();
  };
  const double send_mean =
      active_ && run_.send_rate_per_client > 0 ? 1.0 / run_.send_rate_per_client : 0;
  next_send_ = after(send_mean);
  next_open_ = after(active_ ? run_.options.open_every_s : 0);
  next_presence_ = after(run_.options.presence_every_s);
  if (state_ == State::kReady) schedule();
}

void LoadClient::stop_activity() {
  activity_ = false;
  timer_.cancel();
}

void LoadClient::storm(std::chrono::milliseconds reconnect_after) {
  if (closing_) return;
  if (conn_) conn_->drop();
  connection_lost();
  after_storm_ = true;
  reconnect_timer_.cancel();
  reconnect_timer_.expires_after(reconnect_after);
  reconnect_timer_.async_wait([this](boost::system::error_code ec) {
    if (!ec) connect();
  });
}

void LoadClient::close() {
  closing_ = true;
  activity_ = false;
  timer_.cancel();
  reconnect_timer_.cancel();
  // Calls still unanswered after the drain never got their answer.
  for (const auto& [id, p] : pending_) {
    (void)p;
    run_.stats.error(ErrorKind::kTimeout, who() + ": no answer to call " + id);
  }
  run_.stats.calls_outstanding.fetch_sub(static_cast<int64_t>(pending_.size()));
  pending_.clear();
  if (conn_) conn_->drop();
  if (state_ == State::kReady) run_.stats.ready.fetch_sub(1);
  state_ = State::kIdle;
}

double LoadClient::exp_seconds(double mean_s) {
  std::exponential_distribution<double> d(1.0 / mean_s);
  return d(rng_);
}

void LoadClient::schedule() {
  if (!activity_ || state_ != State::kReady) return;
  const auto next = std::min({next_send_, next_open_, next_presence_});
  if (next == Clock::time_point::max()) return;
  timer_.expires_at(next);
  timer_.async_wait([this](boost::system::error_code ec) {
    if (!ec) on_timer();
  });
}

void LoadClient::on_timer() {
  if (!activity_ || state_ != State::kReady) return;
  const auto now = Clock::now();
  auto later = [&](double mean_s) {
    return now + std::chrono::duration_cast<Clock::duration>(
                     std::chrono::duration<double>(exp_seconds(mean_s)));
  };
  if (next_send_ <= now) {
    send_message();
    next_send_ = later(1.0 / run_.send_rate_per_client);
  }
  if (next_open_ <= now) {
    open_room();
    next_open_ = later(run_.options.open_every_s);
  }
  if (next_presence_ <= now) {
    change_presence();
    next_presence_ = later(run_.options.presence_every_s);
  }
  schedule();
}

// 82 % direct, 17 % private groups, 1 % channels (docs/workload.md); a client without a room
// of the drawn type draws again among the types it has, by the same weights.
const LoadClient::Room* LoadClient::pick_room_for_send() {
  constexpr std::array<double, 3> kWeights{82, 17, 1};
  std::array<double, 3> w{};
  double sum = 0;
  for (std::size_t i = 0; i < w.size(); ++i) {
    w[i] = rooms_by_type_[i].empty() ? 0 : kWeights[i];
    sum += w[i];
  }
  if (sum == 0) return nullptr;
  std::discrete_distribution<std::size_t> type(w.begin(), w.end());
  const auto& list = rooms_by_type_[type(rng_)];
  std::uniform_int_distribution<std::size_t> pick(0, list.size() - 1);
  return &rooms_[list[pick(rng_)]];
}

std::string LoadClient::new_message_id() {
  static constexpr std::string_view kAlphabet =
      "23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz";
  std::uniform_int_distribution<std::size_t> d(0, kAlphabet.size() - 1);
  std::string id(17, ' ');
  for (char& c : id) c = kAlphabet[d(id_rng_)];
  return id;
}

void LoadClient::send_message() {
  const Room* room = pick_room_for_send();
  if (!room) return;
  const std::string& rid = room->id;
  const std::string& me = credentials_.username;
  // Two typing notifications, as RC 7 emits them around composing: typing, then done.
  if (kind_ == ClientKind::kLegacy) {
    call("stream-notify-room", "[" + quote(rid + "/typing") + "," + quote(me) + ",true]");
    call("stream-notify-room", "[" + quote(rid + "/typing") + "," + quote(me) + ",false]");
  } else {
    call("stream-notify-room",
         "[" + quote(rid + "/user-activity") + "," + quote(me) + R"(,["user-typing"],{}])");
    call("stream-notify-room", "[" + quote(rid + "/user-activity") + "," + quote(me) + ",[],{}]");
  }
  run_.stats.typing_calls.fetch_add(2, std::memory_order_relaxed);

  std::string mid = new_message_id();
  const int64_t sent_ns = steady_now_ns();
  const auto wall_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
  // Every copy carries its send time (wall clock, for anyone reading the room); the ledger keeps
  // the steady-clock time that latency is measured from.
  std::string text = "load t=" + std::to_string(wall_ms) + " " + std::string(kFiller);
  run_.ledger.expect(mid, rid, index_, sent_ns, run_.audience.recipients(rid, room->type, index_));
  run_.stats.sends.fetch_add(1, std::memory_order_relaxed);
  run_.stats.calls_outstanding.fetch_add(1);

  std::string id = std::to_string(next_id_++);
  std::string frame = R"({"msg":"method","id":")" + id +
                      R"(","method":"sendMessage","params":[{"_id":)" + quote(mid) + R"(,"rid":)" +
                      quote(rid) + R"(,"msg":)" + quote(text) + "}]}";
  pending_.emplace(std::move(id),
                   Pending{[this, mid, rid](std::string_view frame_text, const FrameFields& f) {
                             if (f.has_error) {
                               run_.ledger.fail(mid, rid);
                               run_.stats.error(ErrorKind::kMethod,
                                                who() + ": sendMessage: " +
                                                    std::string(frame_text.substr(0, 300)));
                             } else {
                               run_.ledger.confirm(mid, rid);
                             }
                           },
                           sent_ns});
  conn_->send(std::move(frame));
}

void LoadClient::open_room() {
  if (rooms_.empty()) return;
  std::uniform_int_distribution<std::size_t> pick(0, rooms_.size() - 1);
  const std::string rid = rooms_[pick(rng_)].id;
  run_.stats.room_opens.fetch_add(1, std::memory_order_relaxed);
  const int64_t started = steady_now_ns();
  call("loadHistory", "[" + quote(rid) + R"(,null,50,{"$date":0}])",
       [this, rid, started](std::string_view text, const FrameFields& f) {
         if (f.has_error) {
           run_.stats.error(ErrorKind::kMethod,
                            who() + ": loadHistory: " + std::string(text.substr(0, 300)));
         } else {
           std::lock_guard lock(run_.stats.mu);
           run_.stats.history.record((steady_now_ns() - started) / 1000);
         }
         call("readMessages", "[" + quote(rid) + "]");
       });
  if (kind_ != ClientKind::kWeb) return;
  // The web client follows the room's streams while it is on screen, up to five rooms.
  if (std::find(open_rooms_.begin(), open_rooms_.end(), rid) != open_rooms_.end()) return;
  open_rooms_.push_back(rid);
  subscribe_room_view(rid);
  if (open_rooms_.size() > kMaxOpenRooms) {
    const std::string oldest = open_rooms_.front();
    open_rooms_.erase(open_rooms_.begin());
    for (const std::string& sub : open_room_subs_[oldest]) {
      conn_->send(R"({"msg":"unsub","id":")" + sub + "\"}");
    }
    open_room_subs_.erase(oldest);
  }
}

void LoadClient::change_presence() {
  away_ = !away_;
  run_.stats.presence_changes.fetch_add(1, std::memory_order_relaxed);
  call(away_ ? "UserPresence:away" : "UserPresence:online", "[]");
}

}  // namespace parley::load
