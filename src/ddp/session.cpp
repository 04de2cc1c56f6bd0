#include "ddp/session.hpp"

#include <spdlog/spdlog.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "chat/permissions.hpp"
#include "ddp/method_helpers.hpp"
#include "ddp/stream_subscriptions.hpp"
#include "util/hash.hpp"
#include "util/ids.hpp"

namespace parley::ddp {

namespace json = boost::json;

namespace {

// WebSocket close codes used by Rocket.Chat's ddp-streamer.
constexpr uint16_t kCloseProtocolError = 1002;
constexpr uint16_t kCloseTimeout = 4000;
constexpr uint16_t kCloseNormal = 1000;

bool is_supported_version(std::string_view v) {
  return v == "1" || v == "pre2" || v == "pre1";
}

const json::string* string_field(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? &v->get_string() : nullptr;
}

// parley's own refusal (Rocket.Chat sets no such limit), shaped as a Meteor error.
chat::Error too_many_subscriptions(std::size_t max) {
  return chat::Error{chat::ErrorKind::kTooManyRequests,
                     "too-many-subscriptions",
                     "Too many subscriptions on this connection",
                     {{"max", max}}};
}

}  // namespace

Session::Session(std::shared_ptr<net::WebSocketPeer> peer, Service& service, std::string remote_ip)
    : peer_(std::move(peer)),
      service_(service),
      remote_ip_(std::move(remote_ip)),
      id_(util::random_id()) {
  service_.sessions().add(1);
}

Session::~Session() {
  service_.sessions().add(-1);
}

void Session::start() {
  last_received_ms_ = service_.clock().now_ms();
  // Exactly these bytes: ddp.js compares the greeting byte for byte (rc-api.md §2.1).
  static const Frame kGreeting = std::make_shared<const std::string>(R"({"server_id":"0"})");
  send(kGreeting);
}

void Session::on_text(std::string message) {
  if (state_ == State::kClosed) return;
  last_received_ms_ = service_.clock().now_ms();
  ping_sent_ms_ = 0;  // any frame proves the peer is alive

  boost::system::error_code ec;
  json::value parsed = json::parse(message, ec);
  if (ec) {
    send(parse_error_frame());
    return;
  }
  if (!parsed.is_object()) {
    send(bad_request_frame(parsed));
    return;
  }
  json::object& frame = parsed.get_object();
  const json::string* msg = string_field(frame, "msg");
  if (msg == nullptr) {
    send(bad_request_frame(parsed));
    return;
  }

  if (state_ == State::kAwaitingConnect) {
    if (*msg != "connect") {
      // ddp-streamer's rule: anything before connect is a protocol error.
      state_ = State::kClosed;
      close(kCloseProtocolError, "connect first");
      return;
    }
    handle_connect(frame);
    return;
  }

  if (*msg == "ping") {
    json::object pong{{"msg", "pong"}};
    if (const json::value* id = frame.if_contains("id"); id && id->is_string()) pong["id"] = *id;
    send(make_frame(pong));
  } else if (*msg == "pong") {
    // Heartbeat answered; last_received_ms_ already moved.
  } else if (*msg == "method") {
    const json::value* params = frame.if_contains("params");
    if (!string_field(frame, "id") || !string_field(frame, "method") ||
        (params && !params->is_array())) {
      send(bad_request_frame(parsed));
      return;
    }
    enqueue(std::move(frame));
  } else if (*msg == "sub" || *msg == "unsub") {
    const json::value* params = frame.if_contains("params");
    if (!string_field(frame, "id") || (*msg == "sub" && !string_field(frame, "name")) ||
        (params && !params->is_array())) {
      send(bad_request_frame(parsed));
      return;
    }
    enqueue(std::move(frame));
  } else {
    send(bad_request_frame(parsed));  // unknown msg, or a second connect
  }
}

void Session::handle_connect(const json::object& frame) {
  const json::string* version = string_field(frame, "version");
  if (version == nullptr || !is_supported_version(*version)) {
    send(make_frame({{"msg", "failed"}, {"version", "1"}}));
    state_ = State::kClosed;
    close(kCloseProtocolError, "unsupported DDP version");
    return;
  }
  state_ = State::kConnected;
  send(make_frame({{"msg", "connected"}, {"session", id_}}));
}

void Session::on_tick(int64_t now_ms) {
  if (state_ == State::kClosed) return;
  const auto options = service_.session_options();
  const int64_t idle = now_ms - last_received_ms_;
  if (ping_sent_ms_ != 0) {
    if (now_ms - ping_sent_ms_ >= options.timeout.count()) {
      state_ = State::kClosed;
      close(kCloseTimeout, "TIMEOUT");
    }
  } else if (idle >= options.ping_after.count() && state_ == State::kConnected) {
    ping_sent_ms_ = now_ms;
    static const Frame kPing = make_frame({{"msg", "ping"}});
    send(kPing);
  } else if (state_ == State::kAwaitingConnect &&
             idle >= options.ping_after.count() + options.timeout.count()) {
    // A socket that never says connect is not kept forever.
    state_ = State::kClosed;
    close(kCloseTimeout, "TIMEOUT");
  }
}

void Session::on_close() {
  state_ = State::kClosed;
  closed_ = true;
  // After closed_ is set: a stream sub added concurrently by the worker sees closed_ and
  // removes itself (run_stream_sub), so no listener outlives the connection.
  service_.streams().remove_session(id_);
  service_.logins().remove(id_);
  // The stored login, revoked or not: presence counted this connection either way.
  std::optional<store::UserRecord> gone;
  {
    std::lock_guard lock(login_mu_);
    gone = std::exchange(user_, std::nullopt);
  }
  if (gone) service_.presence().disconnected(gone->id, id_);
}

void Session::login_revoked() {
  revoked_ = true;  // drain() and user() see it from now on
  close(kCloseNormal, "logged out");
}

void Session::enqueue(json::object frame) {
  bool start_drain = false;
  {
    std::lock_guard lock(mu_);
    queue_.push_back(std::move(frame));
    if (!draining_) {
      draining_ = true;
      start_drain = true;
    }
  }
  if (start_drain) {
    service_.workers().post([self = shared_from_this()] { self->drain(); });
  }
}

void Session::drain() {
  for (;;) {
    json::object frame;
    {
      std::lock_guard lock(mu_);
      if (queue_.empty() || closed_ || revoked_) {
        queue_.clear();
        draining_ = false;
        return;
      }
      frame = std::move(queue_.front());
      queue_.pop_front();
    }
    const json::string& msg = frame.at("msg").get_string();
    if (msg == "method") {
      run_method(frame);
    } else {
      run_sub(frame);
    }
  }
}

void Session::run_method(const json::object& frame) {
  static const json::array kNoParams;
  const json::value& id = frame.at("id");
  const std::string name(frame.at("method").get_string());
  const json::value* params = frame.if_contains("params");
  report_activity(name);
  send(make_frame(service_.invoke(*this, id, name, params ? params->get_array() : kNoParams)));
  send(updated_frame(id));
}

void Session::report_activity(std::string_view method) {
  // UserPresence:* is the client speaking for its user's idleness, not activity; and once a
  // second is plenty for an idle limit counted in minutes.
  if (method.starts_with("UserPresence:")) return;
  const int64_t now = service_.clock().now_ms();
  if (now - activity_reported_ms_ < 1000) return;
  if (auto me = user()) {
    activity_reported_ms_ = now;
    service_.presence().active(me->id, id_);
  }
}

void Session::run_sub(const json::object& frame) {
  const std::string id(frame.at("id").get_string());
  if (frame.at("msg").get_string() == "unsub") {
    service_.streams().remove(id_, id);
    {
      std::lock_guard lock(subs_mu_);
      open_subs_.erase(id);
    }
    send(nosub_frame(id, nullptr));
    return;
  }
  const std::string name(frame.at("name").get_string());
  const bool stream = is_stream_publication(name);
  // Publications that clients subscribe to on connect and that need no data.
  const bool empty_publication =
      name == "meteor.loginServiceConfiguration" || name == "meteor_autoupdate_clientVersions";
  if (!stream && !empty_publication) {
    chat::Error error = chat::not_found("Subscription '" + name + "' not found");
    send(nosub_frame(id, &error));
    return;
  }
  if (!admit_sub(id)) return;
  bool opened = true;
  if (stream) {
    static const json::array kNoParams;
    const json::value* params = frame.if_contains("params");
    opened = run_stream_sub(id, name, params ? params->get_array() : kNoParams);
  } else {
    send(ready_frame(id));
  }
  if (opened) {
    std::lock_guard lock(subs_mu_);
    open_subs_.emplace(id, stream);
  }
}

bool Session::admit_sub(const std::string& id) {
  // Meteor's order: an unknown publication first (run_sub), then an id that is open already,
  // which Meteor ignores without an answer ("subs are idempotent"), then parley's cap.
  const std::size_t max = service_.session_options().max_subscriptions;
  std::lock_guard lock(subs_mu_);
  if (open_subs_.contains(id)) return false;
  if (open_subs_.size() < max) return true;
  service_.subscriptions_refused().inc();
  chat::Error error = too_many_subscriptions(max);
  send(nosub_frame(id, &error));
  return false;
}

bool Session::run_stream_sub(const std::string& sub_id, const std::string& name,
                             const json::array& params) {
  if (name == "stream-user-presence" && !params.empty() && params[0].is_string() &&
      params[0].get_string().empty()) {
    run_presence_sub(sub_id, params);
    return false;
  }
  auto sub = parse_stream_sub(name, params);
  if (!sub) {
    send(nosub_frame(sub_id, &sub.error()));
    return false;
  }
  const auto viewer = user();
  if (auto allowed = check_stream_read(service_, viewer, *sub); !allowed) {
    send(nosub_frame(sub_id, &allowed.error()));
    return false;
  }
  // `added` goes out before the listener exists, so no event can overtake it (Asteroid drops a
  // `changed` for a document it was never sent).
  if (sub->use_collection) send(stream_added_frame(sub->stream, sub->event_name));
  StreamListener listener;
  listener.session_id = id_;
  listener.sub_id = sub_id;
  listener.stream = sub->stream;
  listener.event_name = sub->event_name;
  if (viewer) {
    listener.user_id = viewer->id;
    listener.can_view_public = chat::has_permission(*viewer, "view-c-room");
  }
  listener.peer = peer_;
  service_.streams().add(std::move(listener));
  if (closed_) service_.streams().remove_session(id_);  // see on_close
  send(ready_frame(sub_id));
  return true;
}

// Rocket.Chat 7's web client (client/lib/presence.ts) batches the users it shows and subscribes
// with ['', {added, removed}] each time; its server (app/notifications/server/lib/Presence.ts)
// keeps one set of listened user ids per connection, which `added` joins and `removed` leaves
// whichever sub added them, and sends each change with eventName = the user's id. So the set
// belongs to the connection, not to the sub: its listeners carry kPresenceSet as their sub id,
// the batch sub is answered `ready` without taking a subscription slot, and the set ends with
// the connection or the login (remove_session). It is capped so a client cannot make the
// server hold unbounded listeners through many batches.
namespace {
constexpr std::string_view kPresenceSet = "\x1fpresence";
constexpr std::size_t kMaxPresenceUsers = 1000;
}  // namespace

void Session::run_presence_sub(const std::string& sub_id, const json::array& params) {
  const auto viewer = user();
  if (!viewer) {
    chat::Error error{chat::ErrorKind::kForbidden, "not-allowed", "Not allowed", {}};
    return send(nosub_frame(sub_id, &error));
  }
  const json::object* lists =
      params.size() > 1 && params[1].is_object() ? &params[1].get_object() : nullptr;
  auto ids = [&](std::string_view key, bool& bad) {
    std::vector<std::string> out;
    const json::value* v = lists ? lists->if_contains(key) : nullptr;
    if (v == nullptr) return out;
    if (!v->is_array()) {
      bad = true;
      return out;
    }
    for (const auto& id : v->get_array()) {
      if (!id.is_string() || id.get_string().empty()) {
        bad = true;
        return out;
      }
      out.emplace_back(id.get_string());
    }
    return out;
  };
  bool bad = lists == nullptr;
  const auto added = ids("added", bad);
  const auto removed = ids("removed", bad);
  if (bad) {
    chat::Error error = match_failed();
    return send(nosub_frame(sub_id, &error));
  }
  auto& hub = service_.streams();
  for (const auto& uid : removed) hub.remove_event(id_, "user-presence", uid);
  std::size_t held = hub.count(id_, "user-presence");
  for (const auto& uid : added) {
    if (hub.count(id_, "user-presence", uid) > 0) continue;
    if (held >= kMaxPresenceUsers) {
      service_.subscriptions_refused().inc();
      break;
    }
    StreamListener listener;
    listener.session_id = id_;
    listener.sub_id = std::string(kPresenceSet);
    listener.stream = "user-presence";
    listener.event_name = uid;
    listener.user_id = viewer->id;
    listener.can_view_public = chat::has_permission(*viewer, "view-c-room");
    listener.peer = peer_;
    hub.add(std::move(listener));
    ++held;
  }
  if (closed_) hub.remove_session(id_);  // see on_close
  send(ready_frame(sub_id));
}

void Session::forget_stream_subs() {
  std::lock_guard lock(subs_mu_);
  std::erase_if(open_subs_, [](const auto& entry) { return entry.second; });
}

std::optional<store::UserRecord> Session::user() const {
  if (revoked_) return std::nullopt;
  std::lock_guard lock(login_mu_);
  return user_;
}

void Session::set_login(store::UserRecord user, std::string token) {
  if (auto previous = this->user(); previous && previous->id != user.id) {
    service_.streams().remove_session(id_);  // they were opened as someone else
    forget_stream_subs();
    service_.presence().disconnected(previous->id, id_);
  }
  {
    std::lock_guard lock(login_mu_);
    user_ = user;
    token_ = token;
  }
  // After the login is visible: a revocation that arrives from here on finds the session.
  const std::string hash = util::sha256_base64(token);
  service_.logins().add(id_, user.id, hash, weak_from_this());
  // A revocation published between the token check and add() found nobody: look again. The
  // user must still be active too: a deactivation between a password check and its token
  // being stored revokes nothing this session holds.
  auto holder = service_.store().user_by_token(hash, service_.clock().now_ms());
  if (!holder || !holder->active) login_revoked();
  // The login is visible before the connection counts for presence, and closed_ is checked
  // after: whichever of this and on_close (loop thread) runs second takes the connection
  // out again, so a socket that closes mid-login never leaves its user online.
  service_.presence().connected(user, id_);
  if (closed_) {
    service_.presence().disconnected(user.id, id_);
    service_.logins().remove(id_);  // on_close ran before add(): its remove found nothing
  }
}

std::string Session::clear_login() {
  // Stream subscriptions were opened as the user who is leaving: they end with the login.
  service_.streams().remove_session(id_);
  forget_stream_subs();
  service_.logins().remove(id_);
  // Taken under the lock, so of this and on_close exactly one tells presence (and a revoked
  // login, which user() hides, is still counted out).
  std::optional<store::UserRecord> leaving;
  std::string token;
  {
    std::lock_guard lock(login_mu_);
    leaving = std::exchange(user_, std::nullopt);
    token = std::exchange(token_, {});
  }
  if (leaving) service_.presence().disconnected(leaving->id, id_);
  return token;
}

std::string Session::login_token() const {
  std::lock_guard lock(login_mu_);
  return token_;
}

}  // namespace parley::ddp
