// The network layer over real loopback sockets. The client side deliberately avoids Beast: it
// speaks raw HTTP/1.1 and hand-written WebSocket frames, so these tests check the bytes on the
// wire rather than Beast agreeing with itself (and the test compiles in seconds).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "metrics/registry.hpp"
#include "net/server.hpp"
#include "raw_client.hpp"

namespace parley::net {
namespace {

using namespace std::chrono_literals;

// ---- A tiny application ----------------------------------------------------------------------

class TestApp;

class EchoHandler final : public WebSocketHandler {
 public:
  EchoHandler(std::shared_ptr<WebSocketPeer> peer, TestApp& app)
      : peer_(std::move(peer)), app_(app) {}
  void on_text(std::string message) override;
  void on_tick(int64_t now_ms) override;
  void on_close() override;

 private:
  std::shared_ptr<WebSocketPeer> peer_;
  TestApp& app_;
};

class TestApp final : public Application {
 public:
  ~TestApp() override { join(); }

  void handle_http(HttpRequest request, std::function<void(HttpResponse)> respond) override {
    ++requests;
    if (request.path == "/throw") throw std::runtime_error("handler bug");
    if (request.path == "/drop") return;  // a bug: respond is never called
    if (request.path == "/thread" || request.path == "/slow") {
      const auto delay = request.path == "/slow" ? 300ms : 10ms;
      std::lock_guard lock(mu_);
      threads_.emplace_back([respond = std::move(respond), delay] {
        std::this_thread::sleep_for(delay);
        HttpResponse response;
        response.body = R"({"success":true,"from":"thread"})";
        respond(std::move(response));
      });
      return;
    }
    HttpResponse response;
    response.content_type = "text/plain";
    response.body = request.method + " " + request.path + " ?" + request.query + " " +
                    std::string(request.header("x-test")) + " " + request.body;
    respond(std::move(response));
  }

  std::shared_ptr<WebSocketHandler> open_websocket(std::shared_ptr<WebSocketPeer> peer,
                                                   const HttpRequest&) override {
    ++opens;
    return std::make_shared<EchoHandler>(std::move(peer), *this);
  }

  bool is_websocket_path(std::string_view path) const override { return path == "/websocket"; }

  void join() {
    std::lock_guard lock(mu_);
    for (auto& t : threads_) t.join();
    threads_.clear();
  }

  std::atomic<int> requests{0};
  std::atomic<int> opens{0};
  std::atomic<int> ticks{0};
  std::atomic<int> closes{0};
  std::atomic<int> last_values{0};  // "last" commands handled

 private:
  std::mutex mu_;
  std::vector<std::thread> threads_;
};

void EchoHandler::on_text(std::string message) {
  if (message == "throw") throw std::runtime_error("on_text bug");
  if (message.starts_with("burst ")) {
    // "burst N SIZE": N numbered frames of about SIZE bytes, queued in one loop turn.
    int count = 0;
    std::size_t size = 0;
    std::sscanf(message.c_str(), "burst %d %zu", &count, &size);
    for (int i = 0; i < count; ++i) {
      std::string frame = "frame " + std::to_string(i) + " ";
      frame.resize(std::max(size, frame.size()), '.');
      peer_->send_text(std::make_shared<const std::string>(std::move(frame)));
    }
    return;
  }
  if (message.starts_with("last ")) {
    // "last KEY VALUE": one last-value frame "KEY=VALUE" under KEY.
    const auto space = message.find(' ', 5);
    const std::string key = message.substr(5, space - 5);
    peer_->send_replaceable(
        std::make_shared<const std::string>(key + "=" + message.substr(space + 1)), key);
    ++app_.last_values;
    return;
  }
  if (message == "many keys") {
    // In one loop turn: 100 last-value frames of 3,000 bytes under distinct keys (never
    // replaced): 300 KB queued, over the tests' 256 KiB limit.
    const auto value = std::make_shared<const std::string>(3000, 'v');
    for (int k = 0; k < 100; ++k) peer_->send_replaceable(value, "k" + std::to_string(k));
    return;
  }
  if (message == "mixed" || message == "mixed then close") {
    // In one loop turn: an ordinary frame (it goes straight to Beast), 3 keys x 50 values of
    // last-value frames, then three ordinary frames.
    peer_->send_text(std::make_shared<const std::string>("first"));
    for (int v = 0; v < 50; ++v) {
      for (const char* key : {"a", "b", "c"}) {
        peer_->send_replaceable(
            std::make_shared<const std::string>(std::string(key) + "=" + std::to_string(v)), key);
      }
    }
    for (int i = 0; i < 3; ++i) {
      peer_->send_text(std::make_shared<const std::string>("chat " + std::to_string(i)));
    }
    if (message == "mixed then close") peer_->close(1000, "bye");
    return;
  }
  if (message == "flood") {
    // Far more than the test's outbound limit, queued before any of it can be written.
    auto chunk = std::make_shared<const std::string>(64 * 1024, 'x');
    for (int i = 0; i < 64; ++i) peer_->send_text(chunk);
    return;
  }
  peer_->send_text(std::make_shared<const std::string>(std::move(message)));
}

void EchoHandler::on_tick(int64_t) {
  ++app_.ticks;
}

void EchoHandler::on_close() {
  ++app_.closes;
}

using raw::Client;
using raw::Frame;
using raw::Response;
using raw::wait_for;

// ---- Fixture ---------------------------------------------------------------------------------

class NetServerTest : public ::testing::Test {
 protected:
  static ServerOptions options() {
    ServerOptions o;
    o.address = "127.0.0.1";
    o.port = 0;
    o.threads = 2;
    o.body_limit = 1024;
    o.header_limit = 4096;
    o.websocket_message_limit = 4096;
    o.outbound_queue_limit = 256 * 1024;
    o.http_idle_timeout = 5s;
    o.tick_interval = 1s;
    o.shutdown_grace = 2000ms;
    return o;
  }

  void start(ServerOptions o = options()) {
    server_ = std::make_unique<Server>(o, app_, metrics_);
    server_->listen();
    port_ = server_->port();
    ASSERT_NE(port_, 0);
    runner_ = std::thread([this] {
      server_->run();
      stopped_ = true;
    });
  }

  void TearDown() override {
    if (!server_) return;
    server_->begin_shutdown();
    runner_.join();
    app_.join();
  }

  uint64_t counter(const std::string& name) { return metrics_.counter(name, "").value(); }
  int64_t open_connections(const std::string& kind) {
    return metrics_.gauge("parley_open_connections", "", {{"kind", kind}}).value();
  }

  TestApp app_;
  metrics::Registry metrics_;
  std::unique_ptr<Server> server_;
  std::thread runner_;
  std::atomic<bool> stopped_{false};
  uint16_t port_ = 0;
};

// ---- HTTP ------------------------------------------------------------------------------------

TEST_F(NetServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
  start();
  Client c(port_);
  auto first = c.get("/a%20b?x=1&y=%20", "X-Test: hello\r\n");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 200);
  EXPECT_EQ(first->body, "GET /a b ?x=1&y=%20 hello ");
  EXPECT_EQ(first->headers["content-type"], "text/plain");
  EXPECT_FALSE(first->headers["x-request-id"].empty());

  ASSERT_TRUE(c.send("POST /b HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello"));
  auto second = c.response();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->body, "POST /b ?  hello");
  EXPECT_NE(second->headers["x-request-id"], first->headers["x-request-id"]);
  EXPECT_EQ(app_.requests.load(), 2);
}

TEST_F(NetServerTest, PipelinedRequestsAreAnsweredInOrder) {
  start();
  Client c(port_);
  ASSERT_TRUE(c.send("GET /thread HTTP/1.1\r\n\r\nGET /second HTTP/1.1\r\n\r\n"));
  auto first = c.response();
  auto second = c.response();
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->body, R"({"success":true,"from":"thread"})");
  EXPECT_EQ(second->body, "GET /second ?  ");
}

TEST_F(NetServerTest, OversizeBodyGets413AndTheConnectionSurvives) {
  start();
  Client c(port_);
  const std::string body(4000, 'z');
  ASSERT_TRUE(c.send("POST /upload HTTP/1.1\r\nContent-Length: 4000\r\n\r\n" + body));
  auto r = c.response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(
      r->body,
      R"({"success":false,"error":"Request entity too large","errorType":"error-request-too-large"})");
  auto next = c.get("/after");
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
  EXPECT_EQ(next->body, "GET /after ?  ");
  EXPECT_EQ(app_.requests.load(), 1);  // the oversize request never reached the application
  EXPECT_EQ(counter("parley_http_protocol_errors_total"), 1u);
}

TEST_F(NetServerTest, FarOversizeBodyGets413AndClose) {
  start();
  Client c(port_);
  ASSERT_TRUE(c.send("POST /upload HTTP/1.1\r\nContent-Length: 10000000\r\n\r\n"));
  auto r = c.response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(r->headers["connection"], "close");
  EXPECT_TRUE(c.closed_by_server());
}

TEST_F(NetServerTest, GarbageGets400AndTheServerKeepsServing) {
  start();
  {
    Client c(port_);
    ASSERT_TRUE(c.send(std::string("\x01\x02\xff garbage \x7f\r\n\r\n", 17)));
    auto r = c.response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400);
    EXPECT_NE(r->body.find(R"("success":false)"), std::string::npos);
    EXPECT_TRUE(c.closed_by_server());
  }
  Client fresh(port_);
  auto r = fresh.get("/still-alive");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

// Browsers and Node leave these raw in a query (`sort={"name":1}`, `types[]=c`), and Node's
// server (Rocket.Chat's) accepts them: parley percent-encodes them instead of answering 400.
TEST_F(NetServerTest, RawCharactersBrowsersSendAreEncodedNotRefused) {
  start();
  Client c(port_);
  auto r = c.get("/api/x?sort={\"name\":1}&types[]=c&q=a|b^`<>\\");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "GET /api/x ?sort=%7B%22name%22:1%7D&types%5B%5D=c&q=a%7Cb%5E%60%3C%3E%5C  ");
  auto utf8 = c.get("/caf\xc3\xa9?n=\xc3\xa9");
  ASSERT_TRUE(utf8);
  EXPECT_EQ(utf8->status, 200);
  EXPECT_EQ(utf8->body, "GET /caf\xc3\xa9 ?n=%C3%A9  ");
}

TEST_F(NetServerTest, BadPercentEncodingGets400) {
  start();
  Client c(port_);
  auto r = c.get("/a%zzb");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
}

TEST_F(NetServerTest, LongTargetGets414AndBigHeadersGet431) {
  ServerOptions o = options();
  o.header_limit = 16 * 1024;
  start(o);
  {
    Client c(port_);
    auto r = c.get("/" + std::string(9000, 'a'));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 414);
  }
  {
    Client c(port_);
    auto r = c.get("/" + std::string(20000, 'a'));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 414);
  }
  {
    Client c(port_);
    auto r = c.get("/", "X-Big: " + std::string(20000, 'b') + "\r\n");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 431);
  }
}

TEST_F(NetServerTest, ChunkedTrailersCountAgainstTheHeaderLimit) {
  start();  // header_limit 4096
  const std::string head = "POST /t HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n";
  {
    Client c(port_);
    ASSERT_TRUE(c.send(head + "5\r\nhello\r\n0\r\nX-Test: trailer\r\n\r\n"));
    auto r = c.response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    // Trailer fields are not headers: the application never sees X-Test.
    EXPECT_EQ(r->body, "POST /t ?  hello");
  }
  for (const std::size_t size : {std::size_t{8000}, std::size_t{70000}}) {
    Client c(port_);
    ASSERT_TRUE(c.send(head + "5\r\nhello\r\n0\r\nX-Big: " + std::string(size, 't') + "\r\n\r\n"));
    auto r = c.response();
    ASSERT_TRUE(r) << size;
    EXPECT_EQ(r->status, 431) << size;
    EXPECT_TRUE(c.closed_by_server());
  }
  {
    Client c(port_);  // a chunk-size line is bounded the same way
    ASSERT_TRUE(c.send(head + "5;x=" + std::string(8000, 'e') + "\r\nhello\r\n0\r\n\r\n"));
    auto r = c.response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 431);
  }
  EXPECT_EQ(counter("parley_http_protocol_errors_total"), 3u);
  Client c(port_);
  auto r = c.get("/after");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

TEST_F(NetServerTest, AHeaderLimitAboveBeastsFieldSizeStillAnswers431) {
  // basic_fields throws past 65533 bytes per field, inside the read; the read buffer's bound
  // turns that into a 431 whatever header_limit says.
  ServerOptions o = options();
  o.header_limit = 256 * 1024;
  start(o);
  Client c(port_);
  auto r = c.get("/", "X-Big: " + std::string(70000, 'b') + "\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 431);
  Client d(port_);
  r = d.get("/after");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

TEST_F(NetServerTest, ConnectionsPerIpOverTheCapGet429OrA1008Close) {
  ServerOptions o = options();
  o.max_connections_per_ip = 2;
  start(o);
  auto refused = [&] {
    return metrics_.counter("parley_connections_refused_total", "", {{"reason", "per_ip"}}).value();
  };
  auto a = std::make_unique<Client>(port_);
  ASSERT_TRUE(a->ws_handshake());  // the WebSocket keeps the HTTP connection's count
  Client b(port_);
  auto r = b.get("/b");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  {
    Client c(port_);
    r = c.get("/c");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 429);
    EXPECT_NE(r->body.find(R"("errorType":"error-too-many-connections")"), std::string::npos);
    EXPECT_EQ(r->headers["connection"], "close");
    EXPECT_TRUE(c.closed_by_server());
  }
  {
    Client c(port_);
    ASSERT_TRUE(c.ws_handshake());
    auto f = c.ws_frame();
    ASSERT_TRUE(f);
    EXPECT_EQ(f->close_code(), 1008);
  }
  EXPECT_EQ(refused(), 2u);
  const int opens = app_.opens.load();
  EXPECT_EQ(opens, 1);  // the refused WebSocket never reached the application

  a.reset();  // the WebSocket ends: its place is free again
  ASSERT_TRUE(wait_for([&] { return open_connections("websocket") == 0; }));
  Client d(port_);
  r = d.get("/d");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

TEST_F(NetServerTest, BehindProxiesTheCapFollowsTheForwardedAddress) {
  ServerOptions o = options();
  o.max_connections_per_ip = 1;
  o.client_address = [](const HttpRequest& r) { return std::string(r.header("x-client")); };
  start(o);
  Client a(port_);
  auto r = a.get("/1", "X-Client: one\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  {
    Client b(port_);
    r = b.get("/2", "X-Client: one\r\n");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 429);
  }
  // A pooled proxy connection moves with the client it carries.
  r = a.get("/3", "X-Client: two\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  Client c(port_);
  r = c.get("/4", "X-Client: one\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

TEST_F(NetServerTest, HandlerExceptionGets500AndTheServerKeepsServing) {
  start();
  Client c(port_);
  auto r = c.get("/throw");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 500);
  EXPECT_EQ(r->body, R"({"success":false,"error":"Internal server error"})");
  auto next = c.get("/fine");
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
}

TEST_F(NetServerTest, DroppedRespondGets500) {
  start();
  Client c(port_);
  auto r = c.get("/drop");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 500);
  auto next = c.get("/fine");
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
}

TEST_F(NetServerTest, RespondFromAnotherThread) {
  start();
  Client c(port_);
  for (int i = 0; i < 3; ++i) {
    auto r = c.get("/thread");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->headers["content-type"], "application/json");
  }
}

TEST_F(NetServerTest, ListenOnABusyPortFails) {
  start();
  ServerOptions o = options();
  o.port = port_;
  TestApp other_app;
  metrics::Registry other_metrics;
  Server other(o, other_app, other_metrics);
  try {
    other.listen();
    FAIL() << "listen succeeded on a busy port";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()),
              "cannot listen on 127.0.0.1:" + std::to_string(port_) + ": Address already in use");
  }
}

TEST_F(NetServerTest, AcceptSurvivesRunningOutOfDescriptors) {
#if defined(__SANITIZE_ADDRESS__)
  // The sanitizer runtimes need descriptors of their own (UBSan's vptr check reports a false
  // "invalid vptr" inside Asio once none are left), so this runs in the plain build only.
  GTEST_SKIP() << "needs a process without sanitizer runtimes";
#endif
  ServerOptions o = options();
  o.threads = 1;
  start(o);
  Client c(0);  // the descriptor exists before the limit drops; connect needs no new one
  rlimit saved{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &saved), 0);
  const int lowest_free = ::dup(0);
  ASSERT_GE(lowest_free, 0);
  ::close(lowest_free);
  rlimit low = saved;
  low.rlim_cur = static_cast<rlim_t>(lowest_free);
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &low), 0);
  const bool connected = c.connect(port_);
  const bool hit = wait_for([&] { return counter("parley_accept_emfile_total") > 0; }, 2000ms);
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &saved), 0);
  ASSERT_TRUE(connected);
  EXPECT_TRUE(hit);
  auto r = c.get("/after-emfile");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

TEST_F(NetServerTest, RaiseFdLimitReturnsTheSoftLimit) {
  const uint64_t raised = raise_fd_limit();
  rlimit now{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &now), 0);
  EXPECT_EQ(raised, now.rlim_cur);
  EXPECT_EQ(now.rlim_cur, now.rlim_max);
}

// ---- WebSocket -------------------------------------------------------------------------------

TEST_F(NetServerTest, WebSocketEcho) {
  start();
  Client c(port_);
  ASSERT_TRUE(c.ws_handshake());
  EXPECT_TRUE(wait_for([&] { return open_connections("websocket") == 1; }));
  EXPECT_TRUE(wait_for([&] { return open_connections("http") == 0; }));
  ASSERT_TRUE(c.ws_send(1, "hello"));
  ASSERT_TRUE(c.ws_send(1, std::string(1000, 'q')));
  auto f = c.ws_frame();
  ASSERT_TRUE(f);
  EXPECT_EQ(f->opcode, 1);
  EXPECT_EQ(f->payload, "hello");
  f = c.ws_frame();
  ASSERT_TRUE(f);
  EXPECT_EQ(f->payload, std::string(1000, 'q'));

  ASSERT_TRUE(c.ws_close(1000));
  f = c.ws_frame();
  ASSERT_TRUE(f);
  EXPECT_EQ(f->close_code(), 1000);
  c.shutdown_write();
  EXPECT_TRUE(wait_for([&] { return app_.closes.load() == 1; }));
  EXPECT_TRUE(wait_for([&] { return open_connections("websocket") == 0; }));
}

TEST_F(NetServerTest, WebSocketBinaryFrameClosesWith1003) {
  start();
  Client c(port_);
  ASSERT_TRUE(c.ws_handshake());
  ASSERT_TRUE(c.ws_send(2, "\x01\x02"));
  auto f = c.ws_frame();
  ASSERT_TRUE(f);
  EXPECT_EQ(f->close_code(), 1003);
  ASSERT_TRUE(c.ws_close(1003));
  EXPECT_TRUE(c.closed_by_server());
  c.shutdown_write();
  EXPECT_TRUE(wait_for([&] { return app_.closes.load() == 1; }));
}

TEST_F(NetServerTest, WebSocketInvalidUtf8Closes) {
  start();
  Client c(port_);
  ASSERT_TRUE(c.ws_handshake());
  ASSERT_TRUE(c.ws_send(1, "ok \xff\xfe"));
  auto f = c.ws_frame();
  if (f) {
    EXPECT_EQ(f->close_code(), 1007);
  }
  EXPECT_TRUE(c.closed_by_server());
  c.shutdown_write();
  EXPECT_TRUE(wait_for([&] { return app_.closes.load() == 1; }));
}

TEST_F(NetServerTest, WebSocketMessageOverLimitClosesWith1009) {
  start();
  Client c(port_);
  ASSERT_TRUE(c.ws_handshake());
  ASSERT_TRUE(c.ws_send(1, std::string(8000, 'a')));
  auto f = c.ws_frame();
  ASSERT_TRUE(f);
  EXPECT_EQ(f->close_code(), 1009);
  EXPECT_TRUE(c.closed_by_server());
}

TEST_F(NetServerTest, WebSocketHandlerExceptionClosesWith1011) {
  start();
  Client c(port_);
  ASSERT_TRUE(c.ws_handshake());
  ASSERT_TRUE(c.ws_send(1, "throw"));
  auto f = c.ws_frame();
  ASSERT_TRUE(f);
  EXPECT_EQ(f->close_code(), 1011);
  ASSERT_TRUE(c.ws_close(1011));
  EXPECT_TRUE(c.closed_by_server());
  Client other(port_);
  auto r = other.get("/alive");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

TEST_F(NetServerTest, WebSocketUpgradeOnAnotherPathGets404) {
  start();
  Client c(port_);
  EXPECT_FALSE(c.ws_handshake("/elsewhere"));
  EXPECT_EQ(app_.opens.load(), 0);
}

// Frame coalescing (net/coalescing_stream.hpp): frames queued in one loop turn leave in one
// socket write, in order, and each is still its own well-formed WebSocket frame.
std::string expect_numbered_frames(Client& c, int count) {
  for (int i = 0; i < count; ++i) {
    auto f = c.ws_frame();
    if (!f) return "connection ended before frame " + std::to_string(i);
    if (f->opcode != 1)
      return "frame " + std::to_string(i) + " has opcode " + std::to_string(f->opcode);
    const std::string head = "frame " + std::to_string(i) + " ";
    if (!f->payload.starts_with(head))
      return "expected '" + head + "', got '" + f->payload.substr(0, 20) + "'";
  }
  return "";
}

TEST_F(NetServerTest, WebSocketFramesQueuedTogetherShareSocketWrites) {
  start();
  Client c(port_);
  ASSERT_TRUE(c.ws_handshake());
  ASSERT_TRUE(c.ws_send(1, "hello"));
  ASSERT_TRUE(c.ws_frame());  // the echo: the session is open and idle
  const uint64_t writes_before = counter("parley_ws_socket_writes_total");
  const uint64_t frames_before = counter("parley_ws_frames_sent_total");

  ASSERT_TRUE(c.ws_send(1, "burst 100 40"));
  EXPECT_EQ(expect_numbered_frames(c, 100), "");
  EXPECT_EQ(counter("parley_ws_frames_sent_total") - frames_before, 100u);
  // Up to 16 frames a write (websocket_session.cpp, kFramesPerWrite): 7 writes, not 100.
  EXPECT_LE(counter("parley_ws_socket_writes_total") - writes_before, 7u);
}

TEST_F(NetServerTest, WebSocketBurstOverTheHighWaterMarkArrivesWholeAndInOrder) {
  // 24 x 8 KiB = 192 KiB: over the stream's 64 KiB mark, under the test's 256 KiB queue limit.
  start();
  Client c(port_);
  ASSERT_TRUE(c.ws_handshake());
  ASSERT_TRUE(c.ws_send(1, "burst 24 8192"));
  std::this_thread::sleep_for(100ms);  // let the socket buffers fill before reading
  EXPECT_EQ(expect_numbered_frames(c, 24), "");
  ASSERT_TRUE(c.ws_send(1, "after"));
  auto f = c.ws_frame();
  ASSERT_TRUE(f);
  EXPECT_EQ(f->payload, "after");
  EXPECT_EQ(counter("parley_ws_slow_consumer_cuts_total"), 0u);
}

TEST_F(NetServerTest, WebSocketPingDuringABurstGetsItsPongBetweenWholeFrames) {
  // Beast answers a ping by itself, through the same stream: its pong must not split a frame.
  start();
  Client c(port_);
  ASSERT_TRUE(c.ws_handshake());
  ASSERT_TRUE(c.ws_send(1, "burst 100 2000"));
  ASSERT_TRUE(c.ws_send(9, "are you there"));
  int text = 0;
  bool pong = false;
  while (text < 100 || !pong) {
    auto f = c.ws_frame();
    ASSERT_TRUE(f) << "after " << text << " frames, pong " << pong;
    if (f->opcode == 10) {
      EXPECT_EQ(f->payload, "are you there");
      pong = true;
      continue;
    }
    ASSERT_EQ(f->opcode, 1);
    ASSERT_TRUE(f->payload.starts_with("frame " + std::to_string(text) + " "))
        << f->payload.substr(0, 20);
    ++text;
  }
}

TEST_F(NetServerTest, WebSocketHandshakeWithAnUnknownVersionGets426) {
  // Beast answers and fails the accept; the answer must reach the client before the close.
  start();
  Client c(port_);
  ASSERT_TRUE(
      c.send("GET /websocket HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
             "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
             "Sec-WebSocket-Version: 12\r\n\r\n"));
  auto r = c.response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 426);
  EXPECT_EQ(r->headers["sec-websocket-version"], "13");
}

TEST_F(NetServerTest, WebSocketSlowConsumerIsCut) {
  start();
  Client c(port_);
  ASSERT_TRUE(c.ws_handshake());
  ASSERT_TRUE(c.ws_send(1, "flood"));
  EXPECT_TRUE(wait_for([&] { return app_.closes.load() == 1; }));
  EXPECT_EQ(counter("parley_ws_slow_consumer_cuts_total"), 1u);
  EXPECT_TRUE(c.closed_by_server());
  // What the cut session had queued no longer counts as queued.
  auto& queued = metrics_.gauge("parley_ws_outbound_queued_bytes", "");
  EXPECT_TRUE(wait_for([&] { return queued.value() == 0; })) << queued.value();
}

// Last-value frames (WebSocketPeer::send_replaceable): low priority and replaced while queued.
TEST_F(NetServerTest, LastValueFramesWaitBehindOrdinaryOnesAndKeepOnlyTheNewestPerKey) {
  start();
  Client c(port_);
  ASSERT_TRUE(c.ws_handshake());
  ASSERT_TRUE(c.ws_send(1, "mixed"));
  std::vector<std::string> got;
  for (int i = 0; i < 7; ++i) {
    auto f = c.ws_frame();
    ASSERT_TRUE(f) << "after " << i << " frames";
    got.push_back(f->payload);
  }
  // The first ordinary frame was already handed over; the chat frames queued after 150
  // last-value frames overtake them all, and each key is sent once, newest value, in the
  // order the keys were first queued.
  EXPECT_EQ(got, (std::vector<std::string>{"first", "chat 0", "chat 1", "chat 2", "a=49", "b=49",
                                           "c=49"}));
  EXPECT_EQ(counter("parley_ws_frames_replaced_total"), 147u);
  ASSERT_TRUE(c.ws_send(1, "after"));
  auto f = c.ws_frame();
  ASSERT_TRUE(f);
  EXPECT_EQ(f->payload, "after");  // nothing else was left queued
}

TEST_F(NetServerTest, LastValueFramesBehindABlockedSocketAreReplacedAndYieldToChat) {
  ServerOptions o = options();
  o.websocket_message_limit = 64 * 1024;
  o.outbound_queue_limit = 16 * 1024 * 1024;
  start(o);
  Client c(0);
  c.set_receive_buffer(4096);
  ASSERT_TRUE(c.connect(port_));
  ASSERT_TRUE(c.ws_handshake());
  // 4 MiB the client does not read: the socket blocks, the rest waits in the session's queue.
  ASSERT_TRUE(c.ws_send(1, "burst 512 8192"));
  auto& queued = metrics_.gauge("parley_ws_outbound_queued_bytes", "");
  ASSERT_TRUE(wait_for([&] { return queued.value() > 1024 * 1024; })) << queued.value();

  // 20 statuses of each of 5 keys, each its own message (so its own loop turn), then chat.
  constexpr int kKeys = 5, kValues = 20;
  for (int v = 0; v < kValues; ++v) {
    for (int k = 0; k < kKeys; ++k) {
      ASSERT_TRUE(c.ws_send(1, "last u" + std::to_string(k) + " " + std::to_string(v)));
    }
  }
  ASSERT_TRUE(c.ws_send(1, "chat after the statuses"));
  ASSERT_TRUE(wait_for([&] { return app_.last_values.load() == kKeys * kValues; }));
  // Only one frame per key is held, however many were queued.
  EXPECT_EQ(counter("parley_ws_frames_replaced_total"),
            static_cast<uint64_t>(kKeys * (kValues - 1)));

  EXPECT_EQ(expect_numbered_frames(c, 512), "");
  auto chat = c.ws_frame();
  ASSERT_TRUE(chat);
  EXPECT_EQ(chat->payload, "chat after the statuses");
  std::map<std::string, std::vector<std::string>> by_key;
  for (int i = 0; i < kKeys; ++i) {
    auto f = c.ws_frame();
    ASSERT_TRUE(f) << "after " << i << " last-value frames";
    const auto eq = f->payload.find('=');
    by_key[f->payload.substr(0, eq)].push_back(f->payload.substr(eq + 1));
  }
  ASSERT_EQ(by_key.size(), static_cast<std::size_t>(kKeys));
  for (const auto& [key, values] : by_key) {
    EXPECT_EQ(values, std::vector<std::string>{std::to_string(kValues - 1)}) << key;
  }
  EXPECT_TRUE(wait_for([&] { return queued.value() == 0; })) << queued.value();
  EXPECT_FALSE(c.has_unread_bytes());
}

TEST_F(NetServerTest, LastValueFramesCountAgainstTheOutboundLimit) {
  start();  // 256 KiB limit
  Client c(port_);
  ASSERT_TRUE(c.ws_handshake());
  ASSERT_TRUE(c.ws_send(1, "many keys"));
  EXPECT_TRUE(wait_for([&] { return app_.closes.load() == 1; }));
  EXPECT_EQ(counter("parley_ws_slow_consumer_cuts_total"), 1u);
}

TEST_F(NetServerTest, CloseSendsTheWaitingLastValueFramesFirst) {
  start();
  Client c(port_);
  ASSERT_TRUE(c.ws_handshake());
  ASSERT_TRUE(c.ws_send(1, "mixed then close"));
  std::vector<std::string> text;
  bool close_seen = false;
  while (auto f = c.ws_frame()) {
    if (f->opcode == 8) {
      close_seen = true;
      break;
    }
    text.push_back(f->payload);
  }
  EXPECT_TRUE(close_seen);
  EXPECT_EQ(text, (std::vector<std::string>{"first", "chat 0", "chat 1", "chat 2", "a=49", "b=49",
                                            "c=49"}));
}

TEST_F(NetServerTest, OnTickReachesEveryWebSocket) {
  start();
  Client a(port_);
  Client b(port_);
  ASSERT_TRUE(a.ws_handshake());
  ASSERT_TRUE(b.ws_handshake());
  EXPECT_TRUE(wait_for([&] { return app_.ticks.load() >= 2; }, 2500ms));
}

// ---- Shutdown --------------------------------------------------------------------------------

TEST_F(NetServerTest, ShutdownDrainsAndReturnsWithinGrace) {
  start();
  Client ws(port_);
  ASSERT_TRUE(ws.ws_handshake());
  Client idle(port_);
  ASSERT_TRUE(idle.get("/warm"));
  Client busy(port_);
  ASSERT_TRUE(busy.send("GET /slow HTTP/1.1\r\n\r\n"));
  ASSERT_TRUE(wait_for([&] { return app_.requests.load() == 2; }));

  const auto started = std::chrono::steady_clock::now();
  server_->begin_shutdown();
  server_->begin_shutdown();  // idempotent
  EXPECT_TRUE(server_->draining());

  auto f = ws.ws_frame();
  ASSERT_TRUE(f);
  EXPECT_EQ(f->close_code(), 1001);
  ASSERT_TRUE(ws.ws_close(1001));
  ws.shutdown_write();

  EXPECT_TRUE(idle.closed_by_server());  // idle keep-alive connections are closed

  auto r = busy.response();  // the in-flight request still gets its answer
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->headers["connection"], "close");

  EXPECT_TRUE(wait_for([&] { return stopped_.load(); }, 2500ms));
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1500ms);
  EXPECT_EQ(app_.closes.load(), 1);
  Client late(0);  // the listeners are gone
  EXPECT_FALSE(late.connect(port_));
}

TEST_F(NetServerTest, ShutdownGraceBoundsAnUnresponsiveClient) {
  ServerOptions o = options();
  o.shutdown_grace = 300ms;
  start(o);
  Client ws(port_);
  ASSERT_TRUE(ws.ws_handshake());
  EXPECT_TRUE(wait_for([&] { return app_.opens.load() == 1; }));
  const auto started = std::chrono::steady_clock::now();
  server_->begin_shutdown();
  // The client never answers the close frame, so only the grace period ends the run.
  EXPECT_TRUE(wait_for([&] { return stopped_.load(); }, 2000ms));
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1000ms);
  EXPECT_EQ(app_.closes.load(), 1);
}

TEST_F(NetServerTest, RequestAfterDrainStartsGets503) {
  ServerOptions o = options();
  o.shutdown_grace = 1000ms;
  start(o);
  Client busy(port_);
  // Half a request: the connection is not idle, so draining lets it finish and answers 503.
  ASSERT_TRUE(busy.send("GET /late HTTP/1.1\r\n"));
  std::this_thread::sleep_for(50ms);
  server_->begin_shutdown();
  std::this_thread::sleep_for(50ms);
  ASSERT_TRUE(busy.send("Host: t\r\n\r\n"));
  auto r = busy.response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 503);
  EXPECT_EQ(r->body, R"({"success":false,"error":"Server is shutting down"})");
  EXPECT_EQ(r->headers["connection"], "close");
  EXPECT_EQ(app_.requests.load(), 0);
}

}  // namespace
}  // namespace parley::net
