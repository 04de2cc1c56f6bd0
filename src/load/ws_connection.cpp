#include "load/ws_connection.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/url/parse.hpp>
#include <deque>
#include <stdexcept>

namespace parley::load {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

class BeastConnection final : public WsConnection,
                              public std::enable_shared_from_this<BeastConnection> {
 public:
  BeastConnection(asio::io_context& io, const Target& target, Handler& handler)
      : ws_(io), target_(target), handler_(&handler) {}

  void start(const std::string& source_address) {
    boost::system::error_code ec;
    auto& sock = ws_.next_layer();
    const auto address = asio::ip::make_address(target_.address, ec);
    if (ec) return fail("bad address " + target_.address);
    sock.open(address.is_v4() ? tcp::v4() : tcp::v6(), ec);
    if (!ec && !source_address.empty()) {
      sock.bind(tcp::endpoint(asio::ip::make_address(source_address, ec), 0), ec);
    }
    if (ec) return fail("socket: " + ec.message());
    sock.async_connect(
        tcp::endpoint(address, target_.port),
        [self = shared_from_this()](boost::system::error_code e) { self->on_connect(e); });
  }

  void send(std::string frame) override {
    if (!handler_) return;
    pending_.push_back(std::move(frame));  // before the handshake, the queue waits for it
    if (open_ && !writing_) write_next();
  }

  void drop() override {
    handler_ = nullptr;
    boost::system::error_code ec;
    auto& sock = ws_.next_layer();
    // RST rather than FIN: the server sees what it sees when a client vanishes.
    sock.set_option(asio::socket_base::linger(true, 0), ec);
    sock.close(ec);
    // pending_ stays: a write in flight still points into its front; it goes with this object.
  }

 private:
  void fail(const std::string& why) {
    if (Handler* h = handler_) {
      handler_ = nullptr;
      boost::system::error_code ec;
      ws_.next_layer().close(ec);
      h->on_close(why);
    }
  }

  void on_connect(boost::system::error_code ec) {
    if (!handler_) return;
    if (ec) return fail("connect: " + ec.message());
    ws_.next_layer().set_option(tcp::no_delay(true), ec);
    ws_.read_message_max(64 << 20);
    ws_.set_option(websocket::stream_base::timeout{std::chrono::seconds(30),
                                                   websocket::stream_base::none(), false});
    ws_.async_handshake(
        target_.host, target_.path,
        [self = shared_from_this()](boost::system::error_code e) { self->on_handshake(e); });
  }

  void on_handshake(boost::system::error_code ec) {
    if (!handler_) return;
    if (ec) return fail("handshake: " + ec.message());
    open_ = true;
    ws_.text(true);
    read_next();
    handler_->on_open();
    if (handler_ && !pending_.empty() && !writing_) write_next();
  }

  void read_next() {
    ws_.async_read(buffer_, [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
      self->on_read(ec);
    });
  }

  void on_read(boost::system::error_code ec) {
    if (!handler_) return;
    if (ec) {
      if (ec == websocket::error::closed) {
        const auto& r = ws_.reason();
        return fail("closed by the server: " + std::to_string(r.code) + " " +
                    std::string(r.reason.data(), r.reason.size()));
      }
      return fail("read: " + ec.message());
    }
    const auto data = buffer_.cdata();
    handler_->on_text(std::string_view(static_cast<const char*>(data.data()), data.size()));
    buffer_.consume(buffer_.size());
    if (handler_) read_next();
  }

  void write_next() {
    writing_ = true;
    ws_.async_write(asio::buffer(pending_.front()),
                    [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                      self->on_write(ec);
                    });
  }

  void on_write(boost::system::error_code ec) {
    writing_ = false;
    if (!handler_) return;
    if (ec) return fail("write: " + ec.message());
    pending_.pop_front();
    if (!pending_.empty()) write_next();
  }

  websocket::stream<tcp::socket> ws_;
  const Target& target_;
  Handler* handler_;
  beast::flat_buffer buffer_;
  std::deque<std::string> pending_;
  bool open_ = false;
  bool writing_ = false;
};

}  // namespace

Target resolve_target(const std::string& url) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) throw std::runtime_error("not a URL: " + url);
  const std::string scheme(parsed->scheme());
  if (scheme != "http" && scheme != "ws") {
    throw std::runtime_error("only http:// and ws:// URLs are supported (no TLS): " + url);
  }
  Target t;
  t.host = std::string(parsed->encoded_host());
  t.port = parsed->has_port() ? static_cast<uint16_t>(parsed->port_number()) : 80;
  if (parsed->has_port()) t.host += ":" + std::string(parsed->port());
  std::string path(parsed->encoded_path());
  while (!path.empty() && path.back() == '/') path.pop_back();
  t.path = path.ends_with("/websocket") ? path : path + "/websocket";
  asio::io_context io;
  tcp::resolver resolver(io);
  boost::system::error_code ec;
  auto results = resolver.resolve(std::string(parsed->encoded_host()), std::to_string(t.port), ec);
  if (ec || results.empty()) {
    throw std::runtime_error("cannot resolve " + std::string(parsed->encoded_host()) + ": " +
                             ec.message());
  }
  t.address = results.begin()->endpoint().address().to_string();
  return t;
}

std::shared_ptr<WsConnection> WsConnection::open(asio::io_context& io, const Target& target,
                                                 const std::string& source_address,
                                                 Handler& handler) {
  auto c = std::make_shared<BeastConnection>(io, target, handler);
  c->start(source_address);
  return c;
}

}  // namespace parley::load
