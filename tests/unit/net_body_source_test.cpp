// Streamed response bodies (HttpResponse::source, issue 10: downloads) against the real Server
// over loopback: a large body arrives intact and the connection goes on, a failing or lying
// source closes the connection instead of sending a wrong body, HEAD never reads the source.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
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

std::string pattern(std::size_t from, std::size_t n) {
  std::string out(n, '\0');
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<char>(((from + i) * 131 + 7) & 0xff);
  return out;
}

// Hands out `total` bytes of pattern() in pieces of `piece` bytes, each from a thread of its own
// (as a worker reading a file would), then:
//  - fail_after: nullopt instead of the piece that would start at that offset
//  - extra: one piece `extra` bytes longer than what is left
class PatternSource final : public BodySource {
 public:
  PatternSource(uint64_t total, std::size_t piece, std::atomic<int>& reads)
      : total_(total), piece_(piece), reads_(reads) {}

  void read(std::function<void(std::optional<std::string>)> done) override {
    ++reads_;
    std::optional<std::string> bytes;
    if (!fail_after || offset_ < *fail_after) {
      std::size_t n = static_cast<std::size_t>(std::min<uint64_t>(piece_, total_ - offset_));
      if (n + offset_ == total_) n += extra;
      bytes = pattern(offset_, n);
      offset_ += n;
    }
    std::lock_guard lock(mu_);
    threads_.emplace_back(
        [done = std::move(done), bytes = std::move(bytes)]() mutable { done(std::move(bytes)); });
  }

  ~PatternSource() override {
    for (auto& t : threads_) t.join();
  }

  std::optional<uint64_t> fail_after;
  std::size_t extra = 0;

 private:
  const uint64_t total_;
  const std::size_t piece_;
  std::atomic<int>& reads_;
  uint64_t offset_ = 0;
  std::mutex mu_;
  std::vector<std::thread> threads_;
};

class SourceApp final : public Application {
 public:
  //  /big      20 MB in 256 KiB pieces
  //  /failing  1 MB declared, the source fails after 512 KiB
  //  /short    1000 declared, the source gives 600 and then an empty piece
  //  /long     1000 declared, the source gives 1500
  //  /dropped  the source drops `done` without calling it
  //  else      a plain text body
  void handle_http(HttpRequest request, std::function<void(HttpResponse)> respond) override {
    HttpResponse response;
    response.content_type = "application/octet-stream";
    if (request.path == "/big") {
      response.source = std::make_shared<PatternSource>(kBig, 256 * 1024, reads);
      response.source_length = kBig;
    } else if (request.path == "/failing") {
      auto source = std::make_shared<PatternSource>(1 << 20, 64 * 1024, reads);
      source->fail_after = 512 * 1024;
      response.source = source;
      response.source_length = 1 << 20;
    } else if (request.path == "/short") {
      // Gives its 600 bytes, then an empty piece: too few.
      response.source = std::make_shared<PatternSource>(600, 600, reads);
      response.source_length = 1000;
    } else if (request.path == "/long") {
      auto source = std::make_shared<PatternSource>(1000, 1000, reads);
      source->extra = 500;
      response.source = source;
      response.source_length = 1000;
    } else if (request.path == "/dropped") {
      struct Dropping final : BodySource {
        void read(std::function<void(std::optional<std::string>)>) override {}
      };
      response.source = std::make_shared<Dropping>();
      response.source_length = 10;
    } else {
      response.content_type = "text/plain";
      response.body = "plain " + request.path;
    }
    respond(std::move(response));
  }

  std::shared_ptr<WebSocketHandler> open_websocket(std::shared_ptr<WebSocketPeer>,
                                                   const HttpRequest&) override {
    return nullptr;
  }
  bool is_websocket_path(std::string_view) const override { return false; }

  static constexpr uint64_t kBig = 20 << 20;
  std::atomic<int> reads{0};
};

class BodySourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerOptions o;
    o.address = "127.0.0.1";
    o.port = 0;
    o.threads = 2;
    o.http_idle_timeout = 5s;
    o.shutdown_grace = 2000ms;
    server_ = std::make_unique<Server>(o, app_, metrics_);
    server_->listen();
    port_ = server_->port();
    runner_ = std::thread([this] { server_->run(); });
  }

  void TearDown() override {
    server_->begin_shutdown();
    runner_.join();
  }

  SourceApp app_;
  metrics::Registry metrics_;
  std::unique_ptr<Server> server_;
  std::thread runner_;
  uint16_t port_ = 0;
};

TEST_F(BodySourceTest, ALargeSourceArrivesIntactAndTheConnectionGoesOn) {
  Client c(port_);
  auto r = c.get("/big");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->headers["content-length"], std::to_string(SourceApp::kBig));
  EXPECT_EQ(r->headers["content-type"], "application/octet-stream");
  ASSERT_EQ(r->body.size(), SourceApp::kBig);
  EXPECT_TRUE(r->body == pattern(0, SourceApp::kBig));  // not EXPECT_EQ: 20 MB in a failure
  EXPECT_EQ(app_.reads.load(), 80);  // 20 MiB / 256 KiB, and no read past the length
  auto next = c.get("/after");
  ASSERT_TRUE(next);
  EXPECT_EQ(next->body, "plain /after");
}

TEST_F(BodySourceTest, AFailingSourceClosesTheConnection) {
  Client c(port_);
  ASSERT_TRUE(c.send("GET /failing HTTP/1.1\r\nHost: t\r\n\r\n"));
  auto head = c.response_head();
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->headers["content-length"], std::to_string(1 << 20));
  const std::string got = c.read_until_closed();  // returns once the server closed
  EXPECT_EQ(got, pattern(0, 512 * 1024));         // what the source gave, and nothing else
}

TEST_F(BodySourceTest, HeadSendsTheLengthAndNeverReads) {
  Client c(port_);
  ASSERT_TRUE(c.send("HEAD /big HTTP/1.1\r\nHost: t\r\n\r\n"));
  auto head = c.response_head();
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->headers["content-length"], std::to_string(SourceApp::kBig));
  auto next = c.get("/after");  // no body bytes came between the two responses
  ASSERT_TRUE(next);
  EXPECT_EQ(next->body, "plain /after");
  EXPECT_EQ(app_.reads.load(), 0);
}

TEST_F(BodySourceTest, ASourceThatLiesAboutItsLengthClosesTheConnection) {
  {
    Client c(port_);  // too few bytes
    ASSERT_TRUE(c.send("GET /short HTTP/1.1\r\nHost: t\r\n\r\n"));
    auto head = c.response_head();
    ASSERT_TRUE(head);
    EXPECT_EQ(head->headers["content-length"], "1000");
    EXPECT_EQ(c.read_until_closed(), pattern(0, 600));
  }
  {
    Client c(port_);  // too many: the piece that overshoots is not sent at all
    ASSERT_TRUE(c.send("GET /long HTTP/1.1\r\nHost: t\r\n\r\n"));
    auto head = c.response_head();
    ASSERT_TRUE(head);
    EXPECT_EQ(head->headers["content-length"], "1000");
    EXPECT_EQ(c.read_until_closed(), "");
  }
}

TEST_F(BodySourceTest, ASourceThatDropsItsCallbackClosesTheConnection) {
  Client c(port_);
  ASSERT_TRUE(c.send("GET /dropped HTTP/1.1\r\nHost: t\r\n\r\n"));
  auto head = c.response_head();
  ASSERT_TRUE(head);
  EXPECT_EQ(head->headers["content-length"], "10");
  EXPECT_EQ(c.read_until_closed(), "");
}

}  // namespace
}  // namespace parley::net
