// net/coalescing_stream.hpp on its own, over a real loopback socket: the cases a whole server
// cannot time (what happens between a teardown's start and its socket write ending).
#include "net/coalescing_stream.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <chrono>
#include <string>
#include <thread>

namespace parley::net::detail {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using boost::system::error_code;

// A connected pair: the server end wrapped in a CoalescingStream, the client end plain.
struct Pair {
  asio::io_context ioc;
  tcp::socket client{ioc};
  std::unique_ptr<CoalescingStream> stream;

  Pair() {
    tcp::acceptor acceptor(ioc, {asio::ip::make_address("127.0.0.1"), 0});
    client.connect(acceptor.local_endpoint());
    tcp::socket server(ioc);
    acceptor.accept(server);
    stream = std::make_unique<CoalescingStream>(boost::beast::tcp_stream(std::move(server)));
  }

  // Reads on a thread until the server shuts its side down, then closes the client end (what
  // a peer does after a close handshake, which the server's teardown waits for).
  std::thread read_until_eof(std::string& into) {
    // (After a failed case, stop() unblocks the read.)
    return std::thread([this, &into] {
      error_code ec;
      char buf[4096];
      for (;;) {
        const std::size_t n = client.read_some(asio::buffer(buf), ec);
        into.append(buf, n);
        if (ec) break;
      }
      client.close(ec);
    });
  }
  // Unblocks the reader when the server never shut its side (the failure being tested for).
  void stop() {
    error_code ec;
    client.shutdown(tcp::socket::shutdown_both, ec);
  }
};

TEST(CoalescingStreamTest, ATeardownIsNotHeldBackByACorkThatCameAfterIt) {
  // The review's case: Beast writes its close reply and asks for the teardown; before that
  // write ends, the session queues another frame and corks. The teardown must still run.
  Pair p;
  const std::string reply = "close reply";
  std::size_t written = 0;
  p.stream->async_write_some(asio::buffer(reply), [&](error_code, std::size_t n) { written = n; });
  bool torn_down = false;
  async_teardown(boost::beast::role_type::server, *p.stream, [&](error_code) { torn_down = true; });
  p.stream->cork();

  std::string received;
  auto reader = p.read_until_eof(received);
  p.ioc.run_for(std::chrono::seconds(3));
  if (!torn_down) p.stop();
  reader.join();
  EXPECT_EQ(written, reply.size());
  EXPECT_TRUE(torn_down);
  EXPECT_EQ(received, reply);
}

TEST(CoalescingStreamTest, CorkedWritesLeaveInOneSocketWriteOnUncork) {
  Pair p;
  metrics::Counter writes;
  p.stream->count_socket_writes_in(writes);
  p.stream->cork();
  std::string expected;
  for (int i = 0; i < 50; ++i) {
    auto frame = std::make_shared<std::string>("frame " + std::to_string(i) + ";");
    expected += *frame;
    p.stream->async_write_some(asio::buffer(*frame), [frame](error_code, std::size_t) {});
  }
  p.ioc.poll();  // every write completes while corked: nothing is on the wire yet
  p.ioc.restart();
  EXPECT_EQ(writes.value(), 0u);
  p.stream->uncork();
  bool torn_down = false;
  async_teardown(boost::beast::role_type::server, *p.stream, [&](error_code) { torn_down = true; });
  std::string received;
  auto reader = p.read_until_eof(received);
  p.ioc.run_for(std::chrono::seconds(3));
  if (!torn_down) p.stop();
  reader.join();
  EXPECT_EQ(received, expected);
  EXPECT_EQ(writes.value(), 1u);
  EXPECT_TRUE(torn_down);
}

}  // namespace
}  // namespace parley::net::detail
