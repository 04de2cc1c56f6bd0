#pragma once
// A raw HTTP/1.1 and WebSocket client over loopback for the net/ tests. It deliberately avoids
// Beast: it speaks the bytes by hand, so the tests check what is on the wire rather than Beast
// agreeing with itself (and they compile in seconds).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

namespace parley::net::raw {

using namespace std::chrono_literals;

struct Response {
  int status = 0;
  std::map<std::string, std::string> headers;  // lowercased names
  std::string body;
};

struct Frame {
  int opcode = 0;
  std::string payload;
  int close_code() const {
    if (opcode != 8 || payload.size() < 2) return -1;
    return static_cast<unsigned char>(payload[0]) << 8 | static_cast<unsigned char>(payload[1]);
  }
};

class Client {
 public:
  explicit Client(uint16_t port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    timeval timeout{3, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    if (port != 0) connect(port);
  }
  ~Client() {
    if (fd_ >= 0) ::close(fd_);
  }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Before connect: a small receive buffer (and so a small TCP window), for tests that need
  // the server's writes to block while the client does not read.
  void set_receive_buffer(int bytes) {
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof bytes);
  }

  bool connect(uint16_t port) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }

  bool send(std::string_view data) {
    while (!data.empty()) {
      const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  std::optional<Response> response() {
    auto r = response_head();
    if (!r) return std::nullopt;
    const std::size_t length =
        r->headers.count("content-length") != 0 ? std::stoul(r->headers["content-length"]) : 0;
    while (buffer_.size() < length) {
      if (!fill()) return std::nullopt;
    }
    r->body = buffer_.substr(0, length);
    buffer_.erase(0, length);
    return r;
  }

  // The status line and headers only (a response to HEAD, or a body read separately).
  std::optional<Response> response_head() {
    std::size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!fill()) return std::nullopt;
    }
    Response r;
    const std::string head = buffer_.substr(0, end);
    buffer_.erase(0, end + 4);
    if (head.size() < 12) return std::nullopt;
    r.status = std::stoi(head.substr(9, 3));
    std::size_t pos = head.find("\r\n");
    while (pos != std::string::npos) {
      const std::size_t next = head.find("\r\n", pos + 2);
      const std::string line =
          head.substr(pos + 2, next == std::string::npos ? next : next - pos - 2);
      const std::size_t colon = line.find(':');
      std::string name = line.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      r.headers[name] = line.substr(colon + 2);
      pos = next;
    }
    return r;
  }

  // Everything the server sends from here until it closes (or the receive timeout).
  std::string read_until_closed() {
    while (fill()) {
    }
    std::string out = std::move(buffer_);
    buffer_.clear();
    return out;
  }

  // Whether the server has sent anything not yet read, without waiting.
  bool has_unread_bytes() {
    if (!buffer_.empty()) return true;
    char c;
    return ::recv(fd_, &c, 1, MSG_PEEK | MSG_DONTWAIT) > 0;
  }

  // Sends what the socket takes without blocking; returns how much it took. Once the peer stops
  // reading, the socket's buffers fill and this stops taking bytes.
  std::size_t send_without_blocking(std::string_view data) {
    std::size_t sent = 0;
    while (sent < data.size()) {
      const ssize_t n =
          ::send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0) {
        sent += static_cast<std::size_t>(n);
        continue;
      }
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        pollfd p{fd_, POLLOUT, 0};
        if (::poll(&p, 1, 200) > 0) continue;  // the peer took some: keep going
      }
      break;
    }
    return sent;
  }

  // Each send() its own segment, so the server sees the bytes trickle in.
  void no_delay() {
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }

  // Closes at once, with a reset rather than a FIN.
  void reset() {
    linger l{1, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    ::close(fd_);
    fd_ = -1;
  }

  void close() {
    ::close(fd_);
    fd_ = -1;
  }

  std::optional<Response> get(const std::string& target, const std::string& extra = "") {
    if (!send("GET " + target + " HTTP/1.1\r\nHost: test\r\n" + extra + "\r\n")) return {};
    return response();
  }

  // True when the server closed the connection (orderly or reset) before the timeout.
  bool closed_by_server() {
    for (;;) {
      char c[4096];
      const ssize_t n = ::recv(fd_, c, sizeof c, 0);
      if (n == 0) return true;
      if (n < 0) return errno == ECONNRESET;
    }
  }

  bool ws_handshake(const std::string& path = "/websocket") {
    send("GET " + path +
         " HTTP/1.1\r\nHost: test\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
         "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    auto r = response();
    return r && r->status == 101 &&
           r->headers["sec-websocket-accept"] == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";
  }

  // One final, masked frame, as RFC 6455 requires of clients.
  bool ws_send(int opcode, std::string_view payload) {
    std::string frame;
    frame.push_back(static_cast<char>(0x80 | opcode));
    if (payload.size() < 126) {
      frame.push_back(static_cast<char>(0x80 | payload.size()));
    } else if (payload.size() < 65536) {
      frame.push_back(static_cast<char>(0x80 | 126));
      frame.push_back(static_cast<char>(payload.size() >> 8));
      frame.push_back(static_cast<char>(payload.size() & 0xff));
    } else {
      frame.push_back(static_cast<char>(0x80 | 127));
      for (int shift = 56; shift >= 0; shift -= 8) {
        frame.push_back(static_cast<char>((payload.size() >> shift) & 0xff));
      }
    }
    const char mask[4] = {0x12, 0x34, 0x56, 0x78};
    frame.append(mask, 4);
    for (std::size_t i = 0; i < payload.size(); ++i) frame.push_back(payload[i] ^ mask[i % 4]);
    return send(frame);
  }

  // What a browser does once the close handshake is done; the server's teardown waits for it.
  void shutdown_write() { ::shutdown(fd_, SHUT_WR); }

  bool ws_close(uint16_t code) {
    const char payload[2] = {static_cast<char>(code >> 8), static_cast<char>(code & 0xff)};
    return ws_send(8, std::string_view(payload, 2));
  }

  std::optional<Frame> ws_frame() {
    if (!need(2)) return std::nullopt;
    Frame f;
    f.opcode = buffer_[0] & 0x0f;
    uint64_t length = buffer_[1] & 0x7f;
    std::size_t header = 2;
    if (length == 126 || length == 127) {
      const std::size_t bytes = length == 126 ? 2 : 8;
      if (!need(2 + bytes)) return std::nullopt;
      length = 0;
      for (std::size_t i = 0; i < bytes; ++i) {
        length = length << 8 | static_cast<unsigned char>(buffer_[2 + i]);
      }
      header += bytes;
    }
    if (!need(header + length)) return std::nullopt;
    f.payload = buffer_.substr(header, length);
    buffer_.erase(0, header + length);
    return f;
  }

 private:
  bool need(std::size_t n) {
    while (buffer_.size() < n) {
      if (!fill()) return false;
    }
    return true;
  }

  bool fill() {
    char chunk[65536];
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
  }

  int fd_;
  std::string buffer_;
};

template <class Pred>
bool wait_for(Pred pred, std::chrono::milliseconds limit = 3000ms) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

}  // namespace parley::net::raw
