// floor_server: the cheapest server `parley load` can drive, so parley's cost per delivered copy
// can be stated as a multiple of it (docs/benchmarks.md, "the floor").
//
// DESIGN: parley's own transport (parley_net: N event loops, SO_REUSEPORT, one write in flight
// and gathered writes per connection) with a DDP skin just thick enough for the generator's
// `bot` kind, and nothing else:
//  - connect -> connected; ping -> pong; login with a resume token from --tokens (or a
//    username from it, any password) -> the user; rooms/get and subscriptions/get -> that user's
//    rooms from --rooms (written by `parley load --write-rooms`); sub -> ready; unsub -> nosub.
//  - sendMessage {_id, rid, msg} -> one `changed` frame on stream-room-messages "<rid>",
//    serialised once and handed to every connection subscribed to that room, grouped by event
//    loop (one post per loop, as parley's stream hub does); then the result.
//  - Any other method answers an empty result (loadHistory: no messages).
// What it skips, on purpose: storage (no database, no history), permissions and membership
// checks (a sub to any room is granted), rate limits, presence, typing relays, message parsing,
// rooms-changed and __my_messages__. So it measures the transport and fan-out floor: the
// system calls and framing every delivered copy costs at least, on the same libraries.
#include <signal.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>
#include <unordered_map>
#include <vector>

#include "metrics/registry.hpp"
#include "net/application.hpp"
#include "net/server.hpp"

namespace {

namespace json = boost::json;
using parley::net::WebSocketPeer;

struct User {
  std::string id;
  std::string username;
  std::string token;
};

struct Directory {
  std::unordered_map<std::string, const User*> by_token;
  std::unordered_map<std::string, const User*> by_username;
  std::unordered_map<std::string, json::array> rooms;  // userId -> [{_id, t}]
  std::vector<std::unique_ptr<User>> users;
};

Directory load_directory(const std::string& tokens_path, const std::string& rooms_path) {
  Directory d;
  std::ifstream tokens(tokens_path);
  if (!tokens) throw std::runtime_error("cannot read " + tokens_path);
  std::string line;
  while (std::getline(tokens, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream f(line);
    auto u = std::make_unique<User>();
    if (!std::getline(f, u->username, '\t') || !std::getline(f, u->id, '\t') ||
        !std::getline(f, u->token, '\t')) {
      continue;
    }
    d.by_token[u->token] = u.get();
    d.by_username[u->username] = u.get();
    d.users.push_back(std::move(u));
  }
  std::ifstream rooms(rooms_path);
  if (!rooms) throw std::runtime_error("cannot read " + rooms_path);
  while (std::getline(rooms, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream f(line);
    std::string uid, rid, type;
    if (std::getline(f, uid, '\t') && std::getline(f, rid, '\t') && std::getline(f, type, '\t')) {
      d.rooms[uid].push_back(json::object{{"_id", rid}, {"rid", rid}, {"t", type}});
    }
  }
  return d;
}

// topic ("stream-room-messages\n<rid>") -> the connections that follow it.
class Topics {
 public:
  void add(const std::string& topic, const void* session, std::shared_ptr<WebSocketPeer> peer) {
    std::lock_guard lock(mu_);
    topics_[topic][session] = std::move(peer);
  }
  void remove(const std::string& topic, const void* session) {
    std::lock_guard lock(mu_);
    auto it = topics_.find(topic);
    if (it == topics_.end()) return;
    it->second.erase(session);
    if (it->second.empty()) topics_.erase(it);
  }
  // One post per event loop, the frame shared by all: no lock held while sending.
  void publish(const std::string& topic, std::shared_ptr<const std::string> frame) {
    std::map<parley::net::EventLoop*, std::vector<std::shared_ptr<WebSocketPeer>>> by_loop;
    std::vector<std::shared_ptr<parley::net::EventLoop>> loops;
    {
      std::lock_guard lock(mu_);
      auto it = topics_.find(topic);
      if (it == topics_.end()) return;
      for (const auto& [session, peer] : it->second) {
        auto& list = by_loop[peer->loop().get()];
        if (list.empty()) loops.push_back(peer->loop());
        list.push_back(peer);
      }
    }
    for (const auto& loop : loops) {
      loop->run_on_loop([peers = std::move(by_loop[loop.get()]), frame] {
        for (const auto& p : peers) p->send_text(frame);
      });
    }
  }

 private:
  std::mutex mu_;
  std::unordered_map<std::string, std::unordered_map<const void*, std::shared_ptr<WebSocketPeer>>>
      topics_;
};

std::atomic<uint64_t> g_session_ids{0};

class FloorSession final : public parley::net::WebSocketHandler {
 public:
  FloorSession(std::shared_ptr<WebSocketPeer> peer, const Directory& dir, Topics& topics)
      : peer_(std::move(peer)), dir_(dir), topics_(topics) {}

  void on_text(std::string message) override {
    boost::system::error_code ec;
    json::value v = json::parse(message, ec);
    if (ec || !v.is_object()) return send(R"({"msg":"error","reason":"bad frame"})");
    const json::object& f = v.get_object();
    const json::value* msg = f.if_contains("msg");
    if (!msg || !msg->is_string()) return;
    const std::string_view kind = msg->get_string();
    const json::value* id = f.if_contains("id");
    const std::string sid = id && id->is_string() ? std::string(id->get_string()) : "";
    if (kind == "connect") {
      return send(R"({"msg":"connected","session":"floor)" + std::to_string(++g_session_ids) +
                  "\"}");
    }
    if (kind == "ping") return send(R"({"msg":"pong"})");
    if (kind == "sub") return subscribe(sid, f);
    if (kind == "unsub") {
      if (auto it = subs_.find(sid); it != subs_.end()) {
        topics_.remove(it->second, this);
        subs_.erase(it);
      }
      return send(json::serialize(json::object{{"msg", "nosub"}, {"id", sid}}));
    }
    if (kind == "method") return method(sid, f);
  }

  void on_tick(int64_t) override {}

  void on_close() override {
    for (const auto& [sid, topic] : subs_) topics_.remove(topic, this);
    subs_.clear();
  }

 private:
  void send(std::string frame) {
    peer_->send_text(std::make_shared<const std::string>(std::move(frame)));
  }

  void result(const std::string& id, json::value value) {
    json::object r{{"msg", "result"}, {"id", id}};
    if (!value.is_null()) r["result"] = std::move(value);
    send(json::serialize(r));
  }

  void error(const std::string& id, std::string_view what) {
    send(json::serialize(json::object{
        {"msg", "result"}, {"id", id}, {"error", {{"error", what}, {"reason", what}}}}));
  }

  void subscribe(const std::string& sid, const json::object& f) {
    const json::value* name = f.if_contains("name");
    const json::value* params = f.if_contains("params");
    std::string event;
    if (params && params->is_array() && !params->get_array().empty() &&
        params->get_array()[0].is_string()) {
      event = std::string(params->get_array()[0].get_string());
    }
    if (name && name->is_string() && name->get_string() == "stream-room-messages") {
      const std::string topic = "stream-room-messages\n" + event;
      topics_.add(topic, this, peer_);
      subs_[sid] = topic;
    }
    send(json::serialize(json::object{{"msg", "ready"}, {"subs", json::array{sid}}}));
  }

  void method(const std::string& id, const json::object& f) {
    const json::value* name = f.if_contains("method");
    const json::value* p = f.if_contains("params");
    if (!name || !name->is_string()) return error(id, "bad-method");
    const std::string_view m = name->get_string();
    const json::array empty;
    const json::array& params = p && p->is_array() ? p->get_array() : empty;
    const json::object* first =
        !params.empty() && params[0].is_object() ? &params[0].get_object() : nullptr;
    if (m == "login") {
      const User* u = nullptr;
      if (first) {
        if (auto* r = first->if_contains("resume"); r && r->is_string()) {
          auto it = dir_.by_token.find(std::string(r->get_string()));
          if (it != dir_.by_token.end()) u = it->second;
        } else if (auto* user = first->if_contains("user"); user && user->is_object()) {
          auto* un = user->get_object().if_contains("username");
          if (un && un->is_string()) {
            auto it = dir_.by_username.find(std::string(un->get_string()));
            if (it != dir_.by_username.end()) u = it->second;
          }
        }
      }
      if (!u) return error(id, "403");
      user_ = u;
      return result(id, json::object{{"id", u->id},
                                     {"token", u->token},
                                     {"tokenExpires", {{"$date", 4102444800000}}},
                                     {"type", "resume"}});
    }
    if (!user_) return error(id, "not-logged-in");
    if (m == "rooms/get" || m == "subscriptions/get") {
      auto it = dir_.rooms.find(user_->id);
      return result(id, it == dir_.rooms.end() ? json::array{} : it->second);
    }
    if (m == "loadHistory") {
      return result(id, json::object{{"messages", json::array{}}, {"unreadNotLoaded", 0}});
    }
    if (m == "sendMessage") {
      if (!first) return error(id, "bad-params");
      auto* rid = first->if_contains("rid");
      if (!rid || !rid->is_string()) return error(id, "bad-params");
      const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
      json::object message = *first;
      message["ts"] = json::object{{"$date", now}};
      message["_updatedAt"] = json::object{{"$date", now}};
      message["u"] = json::object{{"_id", user_->id}, {"username", user_->username}};
      const std::string room(rid->get_string());
      auto frame = std::make_shared<const std::string>(json::serialize(
          json::object{{"msg", "changed"},
                       {"collection", "stream-room-messages"},
                       {"id", "id"},
                       {"fields", {{"eventName", room}, {"args", json::array{message}}}}}));
      topics_.publish("stream-room-messages\n" + room, std::move(frame));
      return result(id, std::move(message));
    }
    result(id, nullptr);
  }

  std::shared_ptr<WebSocketPeer> peer_;
  const Directory& dir_;
  Topics& topics_;
  const User* user_ = nullptr;
  std::unordered_map<std::string, std::string> subs_;  // sub id -> topic
};

class FloorApp final : public parley::net::Application {
 public:
  FloorApp(const Directory& dir, Topics& topics) : dir_(dir), topics_(topics) {}

  void handle_http(parley::net::HttpRequest request,
                   std::function<void(parley::net::HttpResponse)> respond) override {
    parley::net::HttpResponse r;
    r.status = request.path == "/readyz" || request.path == "/livez" ? 200 : 404;
    r.content_type = "text/plain";
    r.body = r.status == 200 ? "ok\n" : "floor server: /websocket only\n";
    respond(std::move(r));
  }

  std::shared_ptr<parley::net::WebSocketHandler> open_websocket(
      std::shared_ptr<WebSocketPeer> peer, const parley::net::HttpRequest&) override {
    return std::make_shared<FloorSession>(std::move(peer), dir_, topics_);
  }

  bool is_websocket_path(std::string_view path) const override { return path == "/websocket"; }

 private:
  const Directory& dir_;
  Topics& topics_;
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"floor_server: the trivial fan-out server parley's cost is measured against"};
  std::string tokens_path, rooms_path, bind = "127.0.0.1";
  uint16_t port = 3100;
  unsigned threads = 0;
  cli.add_option("--tokens", tokens_path, "parley seed --tokens file")->required();
  cli.add_option("--rooms", rooms_path, "parley load --write-rooms file")->required();
  cli.add_option("--port", port, "TCP port")->capture_default_str();
  cli.add_option("--bind", bind, "Address")->capture_default_str();
  cli.add_option("--threads", threads, "Event loops (0 = one per core)")->capture_default_str();
  CLI11_PARSE(cli, argc, argv);

  try {
    const Directory dir = load_directory(tokens_path, rooms_path);
    Topics topics;
    FloorApp app(dir, topics);
    parley::metrics::Registry metrics;
    parley::net::ServerOptions options;
    options.address = bind;
    options.port = port;
    options.threads = threads;
    options.max_connections_per_ip = 0;
    options.outbound_queue_limit = 16 << 20;
    parley::net::raise_fd_limit();

    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    signal(SIGPIPE, SIG_IGN);

    parley::net::Server server(options, app, metrics);
    server.listen();
    std::fprintf(stderr, "floor_server: %zu users, %zu with rooms, listening on %s:%u\n",
                 dir.users.size(), dir.rooms.size(), bind.c_str(), server.port());
    std::thread waiter([&] {
      int sig = 0;
      sigwait(&stop_signals, &sig);
      server.begin_shutdown();
    });
    server.run();
    pthread_kill(waiter.native_handle(), SIGTERM);  // when run() ended for another reason
    waiter.join();
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "floor_server: %s\n", e.what());
    return 1;
  }
}
