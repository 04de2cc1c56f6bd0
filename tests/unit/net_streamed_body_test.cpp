// Streamed request bodies (Application::streams_body / handle_streamed, issue 10) against the
// real Server over loopback, driven by a raw client: bodies arrive whole and in order whatever
// their framing or pace, "100 Continue" waits for the application, early answers keep or close
// the connection as they should, and every failure reaches the application as an Error.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "metrics/registry.hpp"
#include "net/server.hpp"
#include "raw_client.hpp"

namespace parley::net {
namespace {

using namespace std::chrono_literals;
using raw::Client;
using raw::wait_for;
using Piece = BodyReader::Piece;
using Error = BodyReader::Error;

std::string pattern(std::size_t n, unsigned seed = 1) {
  std::string out(n, '\0');
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<char>((i * 131 + i / 7 + seed) & 0xff);
  return out;
}

uint64_t fnv1a(uint64_t h, std::string_view bytes) {
  for (unsigned char c : bytes) h = (h ^ c) * 1099511628211ULL;
  return h;
}
constexpr uint64_t kFnvBasis = 14695981039346656037ULL;

std::string summary(std::size_t bytes, uint64_t hash) {
  return std::to_string(bytes) + " " + std::to_string(hash);
}

std::string error_name(Error e) {
  switch (e) {
    case Error::kTimeout:
      return "timeout";
    case Error::kDisconnected:
      return "disconnected";
    case Error::kMalformed:
      return "malformed";
  }
  return "?";
}

HttpResponse text(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.content_type = "text/plain";
  r.body = std::move(body);
  return r;
}

// A request the test drives by hand (/stream/hold).
struct Held {
  HttpRequest head;
  std::shared_ptr<BodyReader> body;
  std::function<void(HttpResponse)> respond;
};

// ---- The application -------------------------------------------------------------------------
//  /stream/count  reads the whole body, answers "<bytes> <fnv1a>" (or 400 "error=<kind>")
//  /stream/refuse answers 403 without reading
//  /stream/early  reads one piece, then answers 413
//  /stream/hold   hands the request to the test
//  anything else  is not streamed: handle_http answers "plain <path> <body size>"
class StreamApp final : public Application {
 public:
  bool streams_body(const HttpRequest& head) const override {
    return head.path.starts_with("/stream/");
  }

  void handle_streamed(HttpRequest head, std::shared_ptr<BodyReader> body,
                       std::function<void(HttpResponse)> respond) override {
    ++streamed;
    declared = body->content_length() ? static_cast<int64_t>(*body->content_length()) : -1;
    if (head.path == "/stream/refuse") {
      respond(text(403, "refused"));
      return;
    }
    if (head.path == "/stream/early") {
      body->read([this, respond](Piece piece) {
        count(piece);
        respond(text(413, "early"));
      });
      return;
    }
    if (head.path == "/stream/hold") {
      std::lock_guard lock(mu_);
      held_ = Held{std::move(head), std::move(body), std::move(respond)};
      return;
    }
    // /stream/count: read() again from inside `done`, which runs on the connection's loop.
    struct Counter {
      std::shared_ptr<BodyReader> body;
      std::function<void(HttpResponse)> respond;
      StreamApp* app;
      std::size_t bytes = 0;
      uint64_t hash = kFnvBasis;
    };
    auto counter = std::make_shared<Counter>(Counter{body, std::move(respond), this});
    auto next = std::make_shared<std::function<void()>>();
    *next = [counter, next] {
      counter->body->read([counter, next](Piece piece) {
        counter->app->count(piece);
        counter->bytes += piece.bytes.size();
        counter->hash = fnv1a(counter->hash, piece.bytes);
        if (piece.error) {
          counter->respond(text(400, "error=" + error_name(*piece.error)));
          *next = nullptr;  // breaks the cycle
        } else if (piece.end) {
          counter->respond(text(200, summary(counter->bytes, counter->hash)));
          *next = nullptr;
        } else {
          (*next)();
        }
      });
    };
    (*next)();
  }

  void handle_http(HttpRequest request, std::function<void(HttpResponse)> respond) override {
    respond(text(200, "plain " + request.path + " " + std::to_string(request.body.size())));
  }

  std::shared_ptr<WebSocketHandler> open_websocket(std::shared_ptr<WebSocketPeer>,
                                                   const HttpRequest&) override {
    return nullptr;
  }
  bool is_websocket_path(std::string_view) const override { return false; }

  void count(const Piece& piece) {
    ++dones;
    std::lock_guard lock(mu_);
    if (!piece.bytes.empty()) ++pieces;
    max_piece = std::max(max_piece, piece.bytes.size());
    if (piece.error) errors.push_back(*piece.error);
  }

  std::optional<Held> take_held() {
    std::optional<Held> out;
    wait_for([&] {
      std::lock_guard lock(mu_);
      if (!held_) return false;
      out = std::move(held_);
      held_.reset();
      return true;
    });
    return out;
  }

  std::vector<Error> error_list() {
    std::lock_guard lock(mu_);
    return errors;
  }

  std::atomic<int> streamed{0};
  std::atomic<int> dones{0};
  std::atomic<int64_t> declared{0};
  std::size_t pieces = 0;
  std::size_t max_piece = 0;

 private:
  std::mutex mu_;
  std::vector<Error> errors;
  std::optional<Held> held_;
};

// One read from the test's thread; the piece arrives on the loop.
std::optional<Piece> read_one(BodyReader& body) {
  auto promise = std::make_shared<std::promise<Piece>>();
  auto future = promise->get_future();
  auto calls = std::make_shared<std::atomic<int>>(0);
  body.read([promise, calls](Piece piece) {
    if (++*calls == 1) promise->set_value(std::move(piece));
  });
  if (future.wait_for(5s) != std::future_status::ready) return std::nullopt;
  return future.get();
}

// Reads to the end; the bytes, or nullopt on an error.
std::optional<std::string> read_all(BodyReader& body) {
  std::string out;
  for (;;) {
    auto piece = read_one(body);
    if (!piece || piece->error) return std::nullopt;
    out += piece->bytes;
    if (piece->end) return out;
  }
}

std::string post_head(const std::string& path, std::size_t length, const std::string& extra = "") {
  return "POST " + path + " HTTP/1.1\r\nHost: t\r\nContent-Length: " + std::to_string(length) +
         "\r\n" + extra + "\r\n";
}

constexpr std::string_view kChunkedHead =
    "POST /stream/count HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";

std::string chunked(std::string_view body, std::size_t chunk_size) {
  std::string out;
  char line[32];
  for (std::size_t at = 0; at < body.size(); at += chunk_size) {
    const auto part = body.substr(at, chunk_size);
    std::snprintf(line, sizeof line, "%zx\r\n", part.size());
    out += line;
    out += part;
    out += "\r\n";
  }
  return out + "0\r\n\r\n";
}

// ---- Fixture ---------------------------------------------------------------------------------

class StreamedBodyTest : public ::testing::Test {
 protected:
  static ServerOptions options() {
    ServerOptions o;
    o.address = "127.0.0.1";
    o.port = 0;
    o.threads = 2;
    o.body_limit = 1024;  // streamed bodies are far larger and still arrive
    o.header_limit = 4096;
    o.http_idle_timeout = 5s;
    o.body_read_timeout = 5s;
    o.stream_discard_limit = 64 * 1024;
    o.shutdown_grace = 2000ms;
    return o;
  }

  void start(ServerOptions o = options()) {
    server_ = std::make_unique<Server>(o, app_, metrics_);
    server_->listen();
    port_ = server_->port();
    ASSERT_NE(port_, 0);
    runner_ = std::thread([this] { server_->run(); });
  }

  void stop() {
    if (!server_) return;
    server_->begin_shutdown();
    runner_.join();
    server_.reset();
  }

  void TearDown() override { stop(); }

  void expect_body_counted(Client& c, const std::string& body) {
    auto r = c.response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << r->body;
    EXPECT_EQ(r->body, summary(body.size(), fnv1a(kFnvBasis, body)));
  }

  void expect_connection_kept(Client& c) {
    auto next = c.get("/after");
    ASSERT_TRUE(next);
    EXPECT_EQ(next->body, "plain /after 0");
  }

  int64_t open_http_connections() {
    return metrics_.gauge("parley_open_connections", "", {{"kind", "http"}}).value();
  }

  StreamApp app_;
  metrics::Registry metrics_;
  std::unique_ptr<Server> server_;
  std::thread runner_;
  uint16_t port_ = 0;
};

// ---- Bodies arrive whole ---------------------------------------------------------------------

TEST_F(StreamedBodyTest, AContentLengthBodyArrivesWholeInPieces) {
  start();
  Client c(port_);
  const std::string body = pattern(300'000);
  ASSERT_TRUE(c.send(post_head("/stream/count", body.size())));
  for (std::size_t at = 0; at < body.size(); at += 30'000) {
    ASSERT_TRUE(c.send(std::string_view(body).substr(at, 30'000)));
  }
  expect_body_counted(c, body);
  EXPECT_EQ(app_.declared.load(), 300'000);
  EXPECT_GE(app_.pieces, 5u);  // never more than 64 KiB at a time
  EXPECT_LE(app_.max_piece, 64u * 1024);
  expect_connection_kept(c);
}

TEST_F(StreamedBodyTest, AChunkedBodyArrivesWhole) {
  start();
  Client c(port_);
  const std::string body = pattern(100'000, 7);
  ASSERT_TRUE(c.send(std::string(kChunkedHead) + chunked(body, 3001)));
  expect_body_counted(c, body);
  EXPECT_EQ(app_.declared.load(), -1);  // no Content-Length to report
  // A trailer section is read past, not handed on.
  ASSERT_TRUE(c.send(std::string(kChunkedHead) + "3\r\nabc\r\n0\r\nX-Trailer: t\r\n\r\n"));
  expect_body_counted(c, "abc");
  expect_connection_kept(c);
}

TEST_F(StreamedBodyTest, AClientSendingOneByteAtATimeIsReadWhole) {
  start();
  const std::string body = pattern(300, 3);
  {
    Client c(port_);
    c.no_delay();
    ASSERT_TRUE(c.send(post_head("/stream/count", body.size())));
    for (char ch : body) ASSERT_TRUE(c.send(std::string_view(&ch, 1)));
    expect_body_counted(c, body);
  }
  {
    Client c(port_);  // chunk framing split anywhere, even inside a chunk-size line
    c.no_delay();
    const std::string wire = std::string(kChunkedHead) + chunked(body, 17);
    for (char ch : wire) ASSERT_TRUE(c.send(std::string_view(&ch, 1)));
    expect_body_counted(c, body);
    expect_connection_kept(c);
  }
}

TEST_F(StreamedBodyTest, ABodyFarOverBodyLimitStreams) {
  start();  // body_limit 1024
  Client c(port_);
  const std::string body = pattern(4 << 20, 5);
  ASSERT_TRUE(c.send(post_head("/stream/count", body.size()) + body));
  expect_body_counted(c, body);
  // The same size to a path that does not stream is still held to the limit.
  ASSERT_TRUE(c.send(post_head("/plain", 4000) + std::string(4000, 'x')));
  auto r = c.response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
}

// ---- Expect: 100-continue and early answers --------------------------------------------------

TEST_F(StreamedBodyTest, ContinueGoesOutWithTheFirstRead) {
  start();
  Client c(port_);
  const std::string body = pattern(1000);
  ASSERT_TRUE(c.send(post_head("/stream/hold", body.size(), "Expect: 100-continue\r\n")));
  auto held = app_.take_held();
  ASSERT_TRUE(held);
  // The application has the request and has not read: nothing is sent yet.
  EXPECT_FALSE(c.has_unread_bytes());

  auto reader = std::async(std::launch::async, [&] { return read_all(*held->body); });
  auto interim = c.response_head();
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100);
  ASSERT_TRUE(c.send(body));
  auto received = reader.get();
  ASSERT_TRUE(received);
  EXPECT_EQ(*received, body);
  held->respond(text(200, "stored"));
  auto r = c.response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "stored");
  expect_connection_kept(c);
}

TEST_F(StreamedBodyTest, ARefusalBeforeReadingSendsNoContinueAndCloses) {
  start();
  Client c(port_);
  ASSERT_TRUE(c.send(post_head("/stream/refuse", 1000, "Expect: 100-continue\r\n")));
  auto r = c.response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);  // the first thing on the wire: no 100 before it
  // The client may or may not send its body now: the stream cannot be trusted, so it closes.
  EXPECT_EQ(r->headers["connection"], "close");
  EXPECT_TRUE(c.closed_by_server());
}

TEST_F(StreamedBodyTest, ARefusalOfASmallBodyKeepsTheConnection) {
  start();
  Client c(port_);
  ASSERT_TRUE(c.send(post_head("/stream/refuse", 1000) + pattern(1000)));
  auto r = c.response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  EXPECT_EQ(r->headers.count("connection"), 0u);
  expect_connection_kept(c);
}

TEST_F(StreamedBodyTest, AnEarlyAnswerMidBodyKeepsTheConnection) {
  start();
  Client c(port_);
  const std::string body = pattern(20'000);
  ASSERT_TRUE(c.send(post_head("/stream/early", body.size()) + body.substr(0, 5000)));
  auto r = c.response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(r->headers.count("connection"), 0u);
  ASSERT_TRUE(c.send(body.substr(5000)));  // thrown away by the server
  expect_connection_kept(c);
}

TEST_F(StreamedBodyTest, AnEarlyAnswerWithAHugeRemainderCloses) {
  start();  // stream_discard_limit 64 KiB
  {
    Client c(port_);
    ASSERT_TRUE(c.send(post_head("/stream/early", 50 << 20) + pattern(5000)));
    auto r = c.response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 413);
    EXPECT_EQ(r->headers["connection"], "close");
    EXPECT_TRUE(c.closed_by_server());
  }
  {
    Client c(port_);  // chunked: the bound shows only while discarding
    ASSERT_TRUE(
        c.send("POST /stream/early HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n"
               "\r\n1000\r\n" +
               pattern(0x1000) + "\r\n"));
    auto r = c.response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 413);
    const std::string more = pattern(0x8000);
    for (int i = 0; i < 8; ++i) {
      if (!c.send("8000\r\n" + more + "\r\n")) break;  // the server may close before the end
    }
    EXPECT_TRUE(c.closed_by_server());
  }
}

// ---- Failures reach the application ----------------------------------------------------------

TEST_F(StreamedBodyTest, AStalledClientGetsTimeout) {
  ServerOptions o = options();
  o.body_read_timeout = 200ms;
  start(o);
  Client c(port_);
  ASSERT_TRUE(c.send(post_head("/stream/count", 1000) + pattern(100)));
  auto r = c.response();  // the application's answer still reaches the client
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(r->body, "error=timeout");
  EXPECT_EQ(r->headers["connection"], "close");
  EXPECT_TRUE(c.closed_by_server());
  EXPECT_EQ(app_.error_list(), std::vector<Error>{Error::kTimeout});
}

TEST_F(StreamedBodyTest, AClientGoneMidBodyGivesDisconnected) {
  start();
  {
    Client c(port_);
    ASSERT_TRUE(c.send(post_head("/stream/count", 100'000) + pattern(1000)));
    ASSERT_TRUE(wait_for([&] { return app_.dones.load() >= 1; }));
    c.close();
  }
  ASSERT_TRUE(wait_for([&] { return !app_.error_list().empty(); }));
  EXPECT_EQ(app_.error_list(), std::vector<Error>{Error::kDisconnected});
  EXPECT_TRUE(wait_for([&] { return open_http_connections() == 0; }));
}

TEST_F(StreamedBodyTest, BadChunkFramingGivesMalformed) {
  start();
  Client c(port_);
  ASSERT_TRUE(c.send(std::string(kChunkedHead) + "5\r\nhello\r\nzz\r\nmore\r\n"));
  auto r = c.response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(r->body, "error=malformed");
  EXPECT_EQ(r->headers["connection"], "close");
  EXPECT_TRUE(c.closed_by_server());
  EXPECT_EQ(app_.error_list(), std::vector<Error>{Error::kMalformed});
}

// ---- Backpressure and lifetimes --------------------------------------------------------------

TEST_F(StreamedBodyTest, NothingIsReadWhileTheApplicationDoesNotAsk) {
  start();
  Client c(port_);
  const std::size_t declared = 64 << 20;
  ASSERT_TRUE(c.send(post_head("/stream/hold", declared)));
  auto held = app_.take_held();
  ASSERT_TRUE(held);
  // The application does not read: what the client gets out is bounded by the sockets' buffers,
  // not by the body.
  const std::string body = pattern(declared);
  const std::size_t sent = c.send_without_blocking(body);
  EXPECT_LT(sent, std::size_t{16} << 20);
  // Each read then takes what is there, at most 64 KiB.
  for (int i = 0; i < 3; ++i) {
    auto piece = read_one(*held->body);
    ASSERT_TRUE(piece);
    ASSERT_FALSE(piece->error);
    EXPECT_GT(piece->bytes.size(), 0u);
    EXPECT_LE(piece->bytes.size(), 64u * 1024);
  }
  held->respond(text(413, "enough"));
  auto r = c.response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(r->headers["connection"], "close");
}

TEST_F(StreamedBodyTest, AReaderKeptAfterItsRequestAnswersDisconnected) {
  start();
  Client c(port_);
  ASSERT_TRUE(c.send(post_head("/stream/hold", 1000) + pattern(1000)));
  auto held = app_.take_held();
  ASSERT_TRUE(held);
  held->respond(text(200, "unread"));  // answered without reading: the body is thrown away
  auto r = c.response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  expect_connection_kept(c);  // the next request on the connection is not this body's
  auto late = read_one(*held->body);
  ASSERT_TRUE(late);
  EXPECT_EQ(late->error, Error::kDisconnected);
  EXPECT_TRUE(late->bytes.empty());
  c.close();
  ASSERT_TRUE(wait_for([&] { return open_http_connections() == 0; }));
  auto later = read_one(*held->body);  // the connection is gone now
  ASSERT_TRUE(later);
  EXPECT_EQ(later->error, Error::kDisconnected);
}

TEST_F(StreamedBodyTest, ShutdownAnswersAnOutstandingReadAndLaterReadsAtOnce) {
  ServerOptions o = options();
  o.shutdown_grace = 300ms;
  start(o);
  Client c(port_);
  ASSERT_TRUE(c.send(post_head("/stream/hold", 1000) + pattern(10)));
  auto held = app_.take_held();
  ASSERT_TRUE(held);
  auto first = read_one(*held->body);
  ASSERT_TRUE(first && !first->error);
  EXPECT_EQ(first->bytes, pattern(10));

  // An outstanding read while the client sends nothing: the grace ends, the connection is
  // force-closed, and the read is answered (once).
  auto calls = std::make_shared<std::atomic<int>>(0);
  auto outstanding = std::make_shared<std::promise<Piece>>();
  held->body->read([calls, outstanding](Piece piece) {
    if (++*calls == 1) outstanding->set_value(std::move(piece));
  });
  stop();  // the server and its loops are gone after this
  auto future = outstanding->get_future();
  ASSERT_EQ(future.wait_for(1s), std::future_status::ready);
  EXPECT_EQ(future.get().error, Error::kDisconnected);

  // With no loop left, read() answers on the caller's thread before it returns.
  bool answered = false;
  held->body->read([&](Piece piece) {
    answered = true;
    EXPECT_EQ(piece.error, Error::kDisconnected);
  });
  EXPECT_TRUE(answered);
  held->respond(text(200, "too late"));  // harmless
  held.reset();
  EXPECT_EQ(calls->load(), 1);
}

TEST_F(StreamedBodyTest, DrainLetsAStreamedRequestFinish) {
  start();
  Client c(port_);
  const std::string body = pattern(50'000);
  ASSERT_TRUE(c.send(post_head("/stream/hold", body.size())));
  auto held = app_.take_held();
  ASSERT_TRUE(held);
  server_->begin_shutdown();
  ASSERT_TRUE(c.send(body));
  auto received = read_all(*held->body);
  ASSERT_TRUE(received);
  EXPECT_EQ(*received, body);
  held->respond(text(200, "stored"));
  auto r = c.response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->headers["connection"], "close");
}

TEST_F(StreamedBodyTest, ARequestWithoutABodyIsNotStreamed) {
  start();
  Client c(port_);
  auto r = c.get("/stream/count");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "plain /stream/count 0");
  EXPECT_EQ(app_.streamed.load(), 0);
}

}  // namespace
}  // namespace parley::net
