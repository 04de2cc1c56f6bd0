// DESIGN: one HTTP/1.1 connection, living on one loop for its whole life (server.cpp runs the
// loops and listeners; loop.hpp describes the loop and the shutdown gate).
//  - An HTTP connection is one coroutine: read header, check limits, read body, hand the request
//    to the Application, wait for the response, write it, repeat (a streamed body is read while
//    the Application handles the request, see below). It never reads the next
//    request while one is being handled, so pipelined requests are answered in order.
//  - respond() may come from any thread: a Responder posts the response back through the
//    loop's LoopRef and wakes the coroutine by cancelling a timer it waits on. A Responder
//    dropped without being called answers 500, so a lost callback cannot hang a connection.
//  - Streamed request bodies (Application::streams_body, issue 10): once the header passed the
//    checks above, a request with a body the application streams goes to handle_streamed with
//    a StreamedBody (streamed_body.hpp) instead of being read. The parser turns into a
//    buffer_body parser and the coroutine loops: wait until the application asks for a piece
//    (body_wanted() wakes it like deliver() does) or answers; read what the client has sent,
//    up to 64 KiB; hand it over; repeat. While no read is outstanding nothing is read from the
//    socket, so TCP holds a fast client back: the most a streamed body holds here is the read
//    buffer and one piece. "100 Continue" goes out with the first read. Each socket read is
//    bounded by body_read_timeout through body_timer_, which cancels the read instead of
//    closing the socket, so the application's answer to kTimeout is still written.
//  - An answer that comes before the body ended is written at once (deliver() cancels a read
//    in progress). The rest of the body is then read and thrown away, so the connection serves
//    the next request, unless that costs more than a reconnect: a failed body (timeout, bad
//    framing, gone), a client still waiting for "100 Continue", a declared remainder over
//    stream_discard_limit; those get Connection: close and a lingering close. A chunked body is
//    found to be over the bound only while discarding, after a keep-alive answer: the
//    connection then closes after that answer.
//  - Streamed response bodies (HttpResponse::source): the header with Content-Length =
//    source_length, then one piece pulled from the source and written before the next is asked
//    for, so a slow client holds the source back and the write timeout applies per piece. The
//    source answers from any thread; its answer is posted back and wakes the coroutine like a
//    response (a stale or late one, after force_close or for an earlier pull, is dropped by
//    its sequence number or a dead weak_ptr). A failed, dropped or lying source ends the
//    connection, so the client sees a short body, never a wrong one.
//  - Connections per client address: with clients connecting directly, a connection takes its
//    Lease on the socket's address when it is accepted; behind proxies, on the forwarded address
//    of each request (ServerOptions::client_address). Over the cap the connection still reads
//    one request header, so that the client gets an answer it can read: 429 and a close, or for
//    a WebSocket upgrade an accepted handshake closed with 1008. An upgrade hands the Lease to
//    the WebSocket session, so the count ends with the socket, whichever object owns it.
#include "net/http_connection.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <boost/url/parse.hpp>
#include <cstring>
#include <ctime>
#include <exception>
#include <iterator>
#include <string_view>

#include "net/streamed_body.hpp"
#include "net/websocket_session.hpp"

namespace parley::net::detail {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;
using boost::system::error_code;

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

// Longer targets get 414 (what nginx and Node accept by default).
constexpr std::size_t kMaxTarget = 8 * 1024;
// A body this many times over body_limit is still read and discarded so the connection
// survives its 413; anything larger costs us more than a reconnect costs the client.
constexpr std::size_t kDiscardFactor = 8;
// Beast's basic_fields stores a field's name and value lengths in 16 bits and throws
// std::length_error beyond 65533 bytes, from inside the read operation, where no handler of ours
// can catch it (the exception leaves io_context::run and the request is never answered). The
// parser sees only what fits in buffer_, and a field must be whole before it is stored, so a
// buffer no larger than this makes that throw unreachable for header fields and trailers alike.
constexpr std::size_t kMaxFieldBytes = 60 * 1024;
// How long an error response waits for the client's remaining bytes before closing, so the
// client reads the response instead of a reset.
constexpr std::chrono::seconds kLingerTime{1};
// A connection over the per-address cap gets this long to send the request it is refused for:
// refused connections are not counted, so they must not sit idle for http_idle_timeout.
constexpr std::chrono::seconds kRefusedReadTimeout{5};
// The most one BodyReader::read hands over: what the client has sent, up to this.
constexpr std::size_t kPieceBytes = 64 * 1024;
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

constexpr std::string_view kBadRequest =
    R"({"success":false,"error":"Bad request","errorType":"error-bad-request"})";
constexpr std::string_view kTooLarge =
    R"({"success":false,"error":"Request entity too large","errorType":"error-request-too-large"})";
constexpr std::string_view kUriTooLong =
    R"({"success":false,"error":"URI too long","errorType":"error-uri-too-long"})";
constexpr std::string_view kHeadersTooLarge =
    R"({"success":false,"error":"Request header fields too large","errorType":"error-headers-too-large"})";
constexpr std::string_view kTooManyConnections =
    R"({"success":false,"error":"Too many connections from this address","errorType":"error-too-many-connections"})";
constexpr std::string_view kNotFound = R"({"success":false,"error":"Not found"})";
constexpr std::string_view kShuttingDown = R"({"success":false,"error":"Server is shutting down"})";
constexpr std::string_view kInternalError = R"({"success":false,"error":"Internal server error"})";

HttpResponse json_response(int status, std::string_view body) {
  HttpResponse response;
  response.status = status;
  response.body = std::string(body);
  return response;
}

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && lowercase(a) == lowercase(b);
}

// IMF-fixdate, formatted once per second per thread.
std::string_view http_date() {
  thread_local std::time_t cached = -1;
  thread_local char buffer[64];
  thread_local std::size_t length = 0;
  const std::time_t now = std::time(nullptr);
  if (now != cached) {
    std::tm tm{};
    gmtime_r(&now, &tm);
    length = std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    cached = now;
  }
  return {buffer, length};
}

// The most the read buffer may hold. The header must fit whole in it, and so must the last-chunk
// line with the trailer section after a chunked body (and any single chunk-size line), so
// trailers count against the same limit as the header. Body bytes do not pile up here: the
// parser moves them into the body as they arrive, so a body up to body_limit still reads fine.
std::size_t read_buffer_limit(std::size_t header_limit) {
  return std::clamp<std::size_t>(header_limit, 1024, kMaxFieldBytes);
}

std::string remote_ip_of(const tcp::socket& socket) {
  error_code ec;
  auto endpoint = socket.remote_endpoint(ec);
  if (ec) return {};
  auto address = endpoint.address();
  // A dual-stack listener reports IPv4 clients as ::ffff:a.b.c.d; logs and rate limits want
  // the plain IPv4 form.
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6()).to_string();
  }
  return address.to_string();
}

// Errors that only mean the peer went away or we closed the socket: nothing to answer.
bool is_disconnect(const error_code& ec) {
  return ec == http::error::end_of_stream || ec == http::error::partial_message ||
         ec == asio::error::eof || ec == asio::error::operation_aborted ||
         ec == beast::error::timeout || ec == asio::error::connection_reset ||
         ec == asio::error::broken_pipe || ec == asio::error::bad_descriptor ||
         ec == asio::error::not_connected;
}

// `target` with every byte a URI may not hold raw percent-encoded: controls and space (which
// the request line cannot carry anyway), `"<>\\^`{|}`, `[` and `]` outside an IPv6 host, and
// bytes >= 0x80. Everything else, '%' included, is left as it is.
std::string encode_raw_characters(std::string_view target) {
  static constexpr std::string_view kRaw = "\"<>\\^`{|}[]";
  std::string out;
  out.reserve(target.size());
  // An absolute-form target keeps its authority's brackets (an IPv6 literal).
  std::size_t from = 0;
  if (!target.starts_with('/')) {
    auto scheme_end = target.find("://");
    if (scheme_end != std::string_view::npos) {
      from = target.find('/', scheme_end + 3);
      if (from == std::string_view::npos) from = target.size();
      out.append(target.substr(0, from));
    }
  }
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (std::size_t i = from; i < target.size(); ++i) {
    const auto c = static_cast<unsigned char>(target[i]);
    if (c <= 0x20 || c >= 0x7f || kRaw.find(static_cast<char>(c)) != std::string_view::npos) {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// Splits a request target into the decoded path and the raw query. Returns false when the
// target is not a valid origin-form or absolute-form target.
bool split_target(std::string_view target, std::string& path, std::string& query) {
  if (target == "*") {  // OPTIONS * HTTP/1.1
    path = "*";
    return true;
  }
  // Browsers and Node send some characters RFC 3986 does not allow raw (`{`, `"`, `[`, `|`,
  // UTF-8 bytes, ...) and Node's own server, Rocket.Chat's, accepts them; so does parley, by
  // percent-encoding them before parsing. A malformed %-escape stays an error.
  const std::string encoded = encode_raw_characters(target);
  auto parsed = encoded.starts_with('/') ? boost::urls::parse_origin_form(encoded)
                                         : boost::urls::parse_absolute_uri(encoded);
  if (!parsed) return false;
  path = parsed->path();
  if (path.empty()) path = "/";
  // A decoded NUL would truncate the path wherever it reaches a C string (file names, SQL).
  if (path.find('\0') != std::string::npos) return false;
  if (parsed->has_query()) query = std::string(parsed->encoded_query());
  return true;
}

class HttpConnection;

// The `respond` callback's state: delivers exactly once, from any thread, and answers 500 if
// the application drops the callback without calling it.
class Responder {
 public:
  Responder(std::weak_ptr<HttpConnection> connection, std::shared_ptr<LoopRef> loop,
            uint64_t sequence, std::string request_id)
      : connection_(std::move(connection)),
        loop_(std::move(loop)),
        sequence_(sequence),
        request_id_(std::move(request_id)) {}
  ~Responder();
  Responder(const Responder&) = delete;
  Responder& operator=(const Responder&) = delete;

  // Returns false if a response was already delivered.
  bool respond(HttpResponse response);

 private:
  std::weak_ptr<HttpConnection> connection_;
  std::shared_ptr<LoopRef> loop_;
  const uint64_t sequence_;
  const std::string request_id_;
  std::atomic<bool> done_{false};
};

class HttpConnection final : public Connection, public BodyPump {
 public:
  HttpConnection(Loop& loop, tcp::socket socket)
      : Connection(loop),
        remote_ip_(remote_ip_of(socket)),
        stream_(std::move(socket)),
        buffer_(read_buffer_limit(loop.shared().options.header_limit)),
        response_signal_(loop.io_context()),
        body_timer_(loop.io_context()) {
    loop.shared().http_connections.add(1);
    error_code ec;
    stream_.socket().set_option(tcp::no_delay(true), ec);
    const ServerOptions& options = loop.shared().options;
    if (options.max_connections_per_ip > 0 && !options.client_address) {
      over_cap_ = !count_against(remote_ip_);
      // Counted where it is decided, so a refused client that never sends a request shows too.
      if (over_cap_) loop.shared().refused_per_ip.inc();
    }
  }
  ~HttpConnection() override { loop_.shared().http_connections.add(-1); }

  static asio::awaitable<void> run(std::shared_ptr<HttpConnection> self) {
    try {
      co_await self->serve();
    } catch (const std::exception& e) {
      spdlog::error("http connection from {}: {}", self->remote_ip_, e.what());
    }
  }

  // Closes the connection now if it is idle between requests; otherwise the request in
  // progress finishes and the connection closes after its response.
  void drain() override {
    // The parser consumes the request line as soon as it is complete, so an empty buffer alone
    // does not mean idle.
    const bool started = parser_ && parser_->got_some();
    if (state_ == State::kReadingHeader && buffer_.size() == 0 && !started) stream_.close();
  }

  void force_close() override {
    if (state_ == State::kDone) return;
    force_closed_ = true;
    stream_.close();
    response_signal_.cancel();
    body_timer_.cancel();
  }

  void deliver(uint64_t sequence, HttpResponse response) {
    if (sequence != sequence_ || response_) return;
    if (state_ != State::kHandling && state_ != State::kStreaming) return;
    response_ = std::move(response);
    response_signal_.cancel();
    // A streamed body's read waiting for the client must not hold the response back.
    interrupt_body_read(false);
  }

  void body_wanted() override {
    if (state_ == State::kStreaming) response_signal_.cancel();
  }

  void deliver_piece(uint64_t sequence, std::optional<std::string> bytes) {
    if (sequence != pull_sequence_ || !pulling_ || piece_) return;
    piece_ = std::move(bytes);
    response_signal_.cancel();
  }

 private:
  // kStreaming: the application has a streamed request (handle_streamed) and its body is read
  // as it asks for pieces.
  enum class State { kReadingHeader, kReadingBody, kHandling, kStreaming, kWriting, kDone };
  using StreamParser = http::request_parser<http::buffer_body>;

  Shared& shared() { return loop_.shared(); }

  asio::awaitable<void> serve();
  asio::awaitable<std::optional<HttpResponse>> handle(HttpRequest request);
  asio::awaitable<bool> serve_streamed(HttpRequest request, unsigned version, bool keep_alive,
                                       bool expects_continue, bool head_only);
  void start_streamed(HttpRequest request, const std::shared_ptr<StreamedBody>& body);
  using RespondFn = std::function<void(HttpResponse)>;
  // Hands `request` to the application through `call` (handle_http or handle_streamed) with a
  // fresh Responder, inside the error boundary: a throw answers 500, and a respond callback
  // dropped without a call answers 500 from the Responder's destructor.
  void hand_to_application(HttpRequest request,
                           const std::function<void(HttpRequest, RespondFn)>& call);
  asio::awaitable<BodyReader::Piece> read_piece(StreamParser& parser);
  asio::awaitable<error_code> read_body_some(StreamParser& parser);
  void interrupt_body_read(bool timed_out);
  asio::awaitable<bool> discard_streamed(StreamParser& parser);
  asio::awaitable<bool> write_source(http::response<http::empty_body>& res,
                                     std::shared_ptr<BodySource> source, uint64_t length,
                                     bool head_only, std::string_view request_id);
  asio::awaitable<std::optional<std::string>> pull(BodySource& source);
  asio::awaitable<bool> write(HttpResponse response, unsigned version, bool keep_alive,
                              bool head_only, std::string_view request_id);
  asio::awaitable<void> reject(int status, std::string_view body, unsigned version);
  asio::awaitable<bool> discard_body(uint64_t length);
  asio::awaitable<void> linger_close();
  bool count_against(const std::string& address);
  bool admit(const http::request<http::string_body>& message);
  asio::awaitable<void> refuse_over_cap(http::request_parser<http::string_body>& parser);
  void copy_headers(const http::request<http::string_body>& message, HttpRequest& request) const;
  std::optional<HttpRequest> build_request(const http::request<http::string_body>& message);

  const std::string remote_ip_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;                                      // bounded: see read_buffer_limit
  std::optional<http::request_parser<http::string_body>> parser_;  // one per request
  // Fields in the header section. Beast appends trailer fields to the same list; only these
  // first ones reach the application (RFC 9110 section 6.5.1: trailers are not headers).
  std::size_t header_fields_ = 0;
  ConnectionCounter::Lease lease_;  // this connection's count against its client's address
  bool over_cap_ = false;           // refused at accept: answer the first request with a refusal
  State state_ = State::kReadingHeader;
  uint64_t sequence_ = 0;
  std::optional<HttpResponse> response_;
  // Never expires on its own: deliver(), body_wanted(), deliver_piece() and force_close() cancel
  // it to wake the coroutine.
  asio::steady_timer response_signal_;
  bool force_closed_ = false;
  // A streamed body's socket read: bounded by body_timer_ (body_read_timeout), which cancels
  // the read instead of closing the socket (as the stream's own timeout would), so a response
  // can still be written after kTimeout.
  asio::steady_timer body_timer_;
  bool body_read_in_flight_ = false;
  bool body_read_timed_out_ = false;
  // A response body pulled from a BodySource: one piece asked for at a time.
  uint64_t pull_sequence_ = 0;
  bool pulling_ = false;
  std::optional<std::optional<std::string>> piece_;  // set once the source answered
};

Responder::~Responder() {
  if (done_.load()) return;
  spdlog::error("request {}: the application dropped respond() without calling it", request_id_);
  respond(json_response(500, kInternalError));
}

bool Responder::respond(HttpResponse response) {
  if (done_.exchange(true)) return false;
  loop_->dispatch(
      [connection = connection_, sequence = sequence_, response = std::move(response)]() mutable {
        if (auto c = connection.lock()) c->deliver(sequence, std::move(response));
      });
  return true;
}

asio::awaitable<void> HttpConnection::serve() {
  const ServerOptions& options = shared().options;
  for (;;) {
    state_ = State::kReadingHeader;
    if (shared().draining.load() && buffer_.size() == 0) break;

    auto& parser = parser_.emplace();
    parser.header_limit(
        static_cast<uint32_t>(std::min<std::size_t>(options.header_limit, UINT32_MAX)));
    // Unlimited while reading the header: a Content-Length over the limit is answered below
    // (and may keep the connection) instead of failing the parse.
    parser.body_limit(boost::none);
    stream_.expires_after(over_cap_ ? kRefusedReadTimeout : options.http_idle_timeout);
    auto [ec, read] = co_await http::async_read_header(stream_, buffer_, parser, kTuple);
    if (ec) {
      if (ec == http::error::buffer_overflow) {
        // Only when header_limit is above kMaxFieldBytes: the header did not fit the buffer.
        co_await reject(431, kHeadersTooLarge, 11);
      } else if (ec == http::error::header_limit) {
        // A request line that did not fit (no target parsed yet) is a long URL, not big
        // headers.
        const auto target_length = parser.get().target().size();
        const bool long_target = target_length == 0 || target_length > kMaxTarget;
        const int status = long_target ? 414 : 431;
        const std::string_view body = long_target ? kUriTooLong : kHeadersTooLarge;
        co_await reject(status, body, 11);
      } else if (!is_disconnect(ec)) {
        spdlog::debug("http from {}: malformed request: {}", remote_ip_, ec.message());
        co_await reject(400, kBadRequest, 11);
      }
      break;
    }

    auto& message = parser.get();
    header_fields_ = static_cast<std::size_t>(std::distance(message.begin(), message.end()));
    const unsigned version = message.version();
    if (message.target().size() > kMaxTarget) {
      co_await reject(414, kUriTooLong, version);
      break;
    }
    if (!admit(message)) {
      co_await refuse_over_cap(parser);
      break;
    }
    const bool expects_continue = iequals(message[http::field::expect], "100-continue");
    // Note for this file: GCC 12 miscompiles co_await inside a condition (`a && co_await b`),
    // so every co_await below is a statement or an initializer.

    // A request with a body asks the application first whether that body streams: then it is
    // neither buffered nor held to body_limit (issue 10: uploads).
    std::optional<HttpRequest> head;
    const bool has_body = parser.chunked() || parser.content_length().value_or(0) > 0;
    if (has_body && !beast::websocket::is_upgrade(message)) {
      head = build_request(message);
      if (!head) {
        co_await reject(400, kBadRequest, version);
        break;
      }
      if (shared().app.streams_body(*head)) {
        const bool head_only = message.method() == http::verb::head;
        if (shared().draining.load()) {
          // The body is not read, so the connection cannot be reused.
          const bool written = co_await write(json_response(503, kShuttingDown), version, false,
                                              head_only, head->request_id);
          if (written) co_await linger_close();
          break;
        }
        const bool again = co_await serve_streamed(std::move(*head), version, parser.keep_alive(),
                                                   expects_continue, head_only);
        if (!again) break;
        continue;
      }
    }
    const auto declared_length = parser.content_length();
    if (declared_length && *declared_length > options.body_limit) {
      shared().protocol_errors.inc();
      // With Expect: 100-continue the client is waiting for our answer before it sends the
      // body, so no body follows the 413 and the stream cannot be resynchronised reliably.
      const bool survive = !expects_continue && parser.keep_alive() &&
                           *declared_length <= options.body_limit * kDiscardFactor &&
                           !shared().draining.load();
      bool usable = survive;
      if (survive) usable = co_await discard_body(*declared_length);
      if (!usable && survive) break;
      const bool written =
          co_await write(json_response(413, kTooLarge), version, survive, false, "");
      if (!written) break;
      if (!survive) {
        co_await linger_close();
        break;
      }
      continue;
    }
    if (expects_continue && version == 11 && !parser.is_done()) {
      stream_.expires_after(options.http_idle_timeout);
      auto [wec, wrote] = co_await asio::async_write(stream_, asio::buffer(kContinue), kTuple);
      if (wec) break;
    }
    if (!parser.is_done()) {
      parser.body_limit(options.body_limit);  // what remains unchecked: chunked bodies
      // Nothing the client sends can make the parser throw inside this read, where no handler
      // of ours would catch it: fields (trailers too) are bounded by the read buffer (see
      // kMaxFieldBytes), the buffer's own overflow comes back as an error code, and the body
      // grows only up to body_limit. What is left is std::bad_alloc, i.e. running out of memory
      // (or a PARLEY_BODY_LIMIT larger than the machine can hold).
      state_ = State::kReadingBody;
      stream_.expires_after(options.http_idle_timeout);
      auto [bec, body_read] = co_await http::async_read(stream_, buffer_, parser, kTuple);
      if (bec == http::error::body_limit) {
        co_await reject(413, kTooLarge, version);
        break;
      }
      // A trailer section (or a chunk-size line) that does not fit the read buffer: it is
      // header data over the header limit.
      if (bec == http::error::buffer_overflow) {
        co_await reject(431, kHeadersTooLarge, version);
        break;
      }
      if (bec) {
        if (!is_disconnect(bec)) {
          co_await reject(400, kBadRequest, version);
        }
        break;
      }
    }

    auto request = head ? std::move(head) : build_request(message);
    if (request) request->body = std::move(message.body());
    if (!request) {
      co_await reject(400, kBadRequest, version);
      break;
    }
    const bool head_only = message.method() == http::verb::head;
    const bool keep_alive = parser.keep_alive();

    if (beast::websocket::is_upgrade(message)) {
      if (!shared().app.is_websocket_path(request->path)) {
        co_await write(json_response(404, kNotFound), version, false, head_only,
                       request->request_id);
        break;
      }
      if (!shared().draining.load()) {
        state_ = State::kDone;
        start_websocket_session(loop_, std::move(stream_), parser.release(), std::move(*request),
                                std::move(lease_));
        co_return;
      }
    }
    if (shared().draining.load()) {
      co_await write(json_response(503, kShuttingDown), version, false, head_only,
                     request->request_id);
      break;
    }

    std::string request_id = request->request_id;
    auto response = co_await handle(std::move(*request));
    if (!response) break;  // force-closed while the application was working
    const bool again = keep_alive && !shared().draining.load();
    const bool written =
        co_await write(std::move(*response), version, again, head_only, request_id);
    if (!written) break;
    if (!again) {
      error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
      break;
    }
  }
  state_ = State::kDone;
}

asio::awaitable<std::optional<HttpResponse>> HttpConnection::handle(HttpRequest request) {
  state_ = State::kHandling;
  hand_to_application(std::move(request), [this](HttpRequest r, RespondFn respond) {
    shared().app.handle_http(std::move(r), std::move(respond));
  });
  if (!response_) {
    response_signal_.expires_at(asio::steady_timer::time_point::max());
    co_await response_signal_.async_wait(kTuple);
  }
  state_ = State::kWriting;
  co_return std::move(response_);
}

// One request whose body streams (see DESIGN). Returns whether the connection may serve another.
asio::awaitable<bool> HttpConnection::serve_streamed(HttpRequest request, unsigned version,
                                                     bool keep_alive, bool expects_continue,
                                                     bool head_only) {
  // The header is read and no body byte parsed yet, so the parser may change its body type.
  StreamParser parser(std::move(*parser_));
  parser.body_limit(boost::none);
  const auto declared_length = parser.content_length();
  auto self = std::static_pointer_cast<HttpConnection>(shared_from_this());
  auto body = std::make_shared<StreamedBody>(
      loop_.ref(), std::weak_ptr<BodyPump>(self),
      declared_length ? std::optional<uint64_t>(*declared_length) : std::nullopt);
  // However this ends (a response, force_close, the frame destroyed with its loop), the
  // application's reads stop here: an outstanding one is answered, later ones at once.
  struct FinishBody {
    std::shared_ptr<StreamedBody> body;
    ~FinishBody() { body->finish(BodyReader::Error::kDisconnected); }
  } finish_body{body};

  const std::string request_id = request.request_id;
  start_streamed(std::move(request), body);

  // The client waits for "100 Continue" before it sends the body; it goes out with the first
  // read, so a request the application refuses before reading is refused before it is sent.
  bool awaiting_continue = expects_continue && version == 11;
  while (!response_ && !force_closed_) {
    if (!body->wanted()) {
      response_signal_.expires_at(asio::steady_timer::time_point::max());
      co_await response_signal_.async_wait(kTuple);
      continue;
    }
    if (awaiting_continue) {
      awaiting_continue = false;
      stream_.expires_after(shared().options.body_read_timeout);
      auto [ec, n] = co_await asio::async_write(stream_, asio::buffer(kContinue), kTuple);
      if (ec) {
        body->answer(piece_with_error(BodyReader::Error::kDisconnected));
        continue;
      }
      if (response_ || force_closed_) continue;  // answered while "100 Continue" went out
    }
    auto piece = co_await read_piece(parser);
    if (piece.error == BodyReader::Error::kMalformed) shared().protocol_errors.inc();
    body->answer(std::move(piece));
  }
  if (!response_) co_return false;  // force-closed while the application was working
  const auto failure = body->failure();
  body->finish(BodyReader::Error::kDisconnected);  // no-op when the body ended

  auto response = std::move(*response_);
  const bool again = keep_alive && !shared().draining.load();
  if (parser.is_done()) {
    // The whole body was read: on with the next request, as for any other.
    const bool written = co_await write(std::move(response), version, again, head_only, request_id);
    if (!written) co_return false;
    if (!again) {
      error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    }
    co_return again;
  }
  // Answered before the body ended. The rest is read and thrown away to keep the connection,
  // unless that costs more than a reconnect: a body that failed (timeout, bad chunk, gone), a
  // client still waiting for "100 Continue" (it may never send the body), a declared remainder
  // over stream_discard_limit.
  const auto remaining = parser.content_length();  // what is left of a declared length
  const bool keep = again && !failure && !awaiting_continue &&
                    !(remaining && *remaining > shared().options.stream_discard_limit);
  const bool written = co_await write(std::move(response), version, keep, head_only, request_id);
  if (!written) co_return false;
  if (keep) {
    const bool synced = co_await discard_streamed(parser);
    if (synced) co_return true;
    // A chunked body past the bound: the response went out whole, the connection closes after
    // it like an idle keep-alive connection would.
  }
  if (failure != BodyReader::Error::kDisconnected) co_await linger_close();
  co_return false;
}

void HttpConnection::start_streamed(HttpRequest request,
                                    const std::shared_ptr<StreamedBody>& body) {
  state_ = State::kStreaming;
  hand_to_application(std::move(request), [this, &body](HttpRequest r, RespondFn respond) {
    shared().app.handle_streamed(std::move(r), body, std::move(respond));
  });
}

void HttpConnection::hand_to_application(HttpRequest request,
                                         const std::function<void(HttpRequest, RespondFn)>& call) {
  response_.reset();
  ++sequence_;
  const std::string request_id = request.request_id;
  const std::string path = request.path;
  auto self = std::static_pointer_cast<HttpConnection>(shared_from_this());
  auto responder = std::make_shared<Responder>(self, loop_.ref(), sequence_, request_id);
  try {
    call(std::move(request), [responder](HttpResponse response) {
      if (!responder->respond(std::move(response))) {
        spdlog::warn("respond() called more than once; extra response dropped");
      }
    });
  } catch (const std::exception& e) {
    spdlog::error("request {} {}: handler threw: {}", request_id, path, e.what());
    responder->respond(json_response(500, kInternalError));
  } catch (...) {
    spdlog::error("request {} {}: handler threw a non-exception", request_id, path);
    responder->respond(json_response(500, kInternalError));
  }
  // From here only the application's copies keep the Responder alive, so dropping them all
  // without a call is noticed by its destructor.
}

// What the client has sent of a streamed body, up to kPieceBytes: waits (at most
// body_read_timeout) for the first bytes, then takes whatever else is already there.
asio::awaitable<BodyReader::Piece> HttpConnection::read_piece(StreamParser& parser) {
  BodyReader::Piece piece;
  piece.bytes.resize(kPieceBytes);
  auto& body = parser.get().body();
  body.data = piece.bytes.data();
  body.size = piece.bytes.size();
  error_code ec;
  while (!parser.is_done()) {
    ec = co_await read_body_some(parser);
    if (ec == http::error::need_buffer) ec = {};  // the piece is full
    if (ec || body.size == 0 || response_) break;
    error_code ignored;
    const bool got_some = body.size < kPieceBytes;
    if (got_some && stream_.socket().available(ignored) == 0) break;
  }
  piece.bytes.resize(kPieceBytes - body.size);
  body.data = nullptr;
  body.size = 0;
  if (!ec) {
    piece.end = parser.is_done();
    co_return piece;
  }
  piece.bytes.clear();  // an incomplete body is of no use to the application
  if (ec == beast::error::timeout) {
    piece.error = BodyReader::Error::kTimeout;
  } else if (is_disconnect(ec)) {
    piece.error = BodyReader::Error::kDisconnected;
  } else {
    // Bad chunk framing, or a chunk line or trailer section over the read buffer.
    spdlog::debug("http from {}: malformed body: {}", remote_ip_, ec.message());
    piece.error = BodyReader::Error::kMalformed;
  }
  co_return piece;
}

// One parser read of a streamed body. The stream's own timeout would close the socket; this one
// only cancels the read (see body_timer_).
asio::awaitable<error_code> HttpConnection::read_body_some(StreamParser& parser) {
  stream_.expires_never();
  body_read_timed_out_ = false;
  body_timer_.expires_after(shared().options.body_read_timeout);
  body_timer_.async_wait([weak = weak_from_this()](const error_code& ec) {
    if (ec) return;
    if (auto c = weak.lock()) static_cast<HttpConnection&>(*c).interrupt_body_read(true);
  });
  body_read_in_flight_ = true;
  auto [ec, n] = co_await http::async_read_some(stream_, buffer_, parser, kTuple);
  body_read_in_flight_ = false;
  body_timer_.cancel();
  if (ec == asio::error::operation_aborted && body_read_timed_out_ && !force_closed_) {
    ec = beast::error::timeout;
  }
  co_return ec;
}

void HttpConnection::interrupt_body_read(bool timed_out) {
  if (!body_read_in_flight_) return;
  if (timed_out) body_read_timed_out_ = true;
  error_code ignored;
  stream_.socket().cancel(ignored);
}

// Reads the rest of a streamed body the application answered early, up to
// stream_discard_limit bytes. true: the connection is at the next request.
asio::awaitable<bool> HttpConnection::discard_streamed(StreamParser& parser) {
  state_ = State::kReadingBody;
  std::string scratch(kPieceBytes, '\0');
  uint64_t discarded = 0;
  auto& body = parser.get().body();
  while (!parser.is_done()) {
    body.data = scratch.data();
    body.size = scratch.size();
    auto ec = co_await read_body_some(parser);
    if (ec == http::error::need_buffer) ec = {};
    discarded += scratch.size() - body.size;
    if (ec || discarded > shared().options.stream_discard_limit) break;
  }
  body.data = nullptr;
  body.size = 0;
  co_return parser.is_done();
}

asio::awaitable<bool> HttpConnection::write(HttpResponse response, unsigned version,
                                            bool keep_alive, bool head_only,
                                            std::string_view request_id) {
  state_ = State::kWriting;
  http::response_header<> res;
  res.version(version);
  if (response.status < 100 || response.status > 599) {
    spdlog::error("request {}: invalid status {} from the application", request_id,
                  response.status);
    response = json_response(500, kInternalError);
  }
  res.result(static_cast<unsigned>(response.status));
  res.set(http::field::date, http_date());
  if (!response.content_type.empty()) res.set(http::field::content_type, response.content_type);
  bool has_request_id = false;
  for (auto& [name, value] : response.headers) {
    if (name.find_first_of("\r\n:") != std::string::npos ||
        value.find_first_of("\r\n") != std::string::npos) {
      spdlog::error("request {}: dropped header '{}' with a line break", request_id, name);
      continue;
    }
    // Framing belongs to us: a stray Content-Length from the application would corrupt the
    // connection for every later request.
    if (iequals(name, "content-length") || iequals(name, "transfer-encoding") ||
        iequals(name, "connection")) {
      continue;
    }
    if (iequals(name, "x-request-id")) has_request_id = true;
    res.insert(name, value);
  }
  // Error responses written before a request exists still get an id, so a client report
  // can always be matched with the log.
  if (!has_request_id) {
    res.set("X-Request-Id", request_id.empty() ? loop_.next_request_id() : std::string(request_id));
  }
  const int status = response.status;
  const bool bodiless = status < 200 || status == 204 || status == 304;
  if (response.source && !bodiless) {
    http::response<http::empty_body> message(std::move(res));
    message.keep_alive(keep_alive);
    message.content_length(response.source_length);
    co_return co_await write_source(message, std::move(response.source), response.source_length,
                                    head_only, request_id);
  }
  response.source.reset();
  if (bodiless) response.body.clear();
  http::response<http::string_body> message(std::move(res), std::move(response.body));
  message.keep_alive(keep_alive);
  message.prepare_payload();

  stream_.expires_after(shared().options.http_idle_timeout);
  if (head_only) {
    http::response_serializer<http::string_body> serializer(message);
    auto [ec, n] = co_await http::async_write_header(stream_, serializer, kTuple);
    co_return !ec;
  }
  auto [ec, n] = co_await http::async_write(stream_, message, kTuple);
  co_return !ec;
}

// A response whose body comes from a BodySource: the header with its Content-Length, then one
// piece at a time, each asked for once the previous one is written, so a slow client holds the
// source back. false (the caller closes the connection) when the source fails or its bytes do
// not add up to `length`: the client then sees a short body, never a wrong one.
asio::awaitable<bool> HttpConnection::write_source(http::response<http::empty_body>& res,
                                                   std::shared_ptr<BodySource> source,
                                                   uint64_t length, bool head_only,
                                                   std::string_view request_id) {
  http::response_serializer<http::empty_body> serializer(res);
  stream_.expires_after(shared().options.http_idle_timeout);
  auto [ec, n] = co_await http::async_write_header(stream_, serializer, kTuple);
  if (ec) co_return false;
  if (head_only) co_return true;
  uint64_t sent = 0;
  while (sent < length) {
    auto piece = co_await pull(*source);
    if (force_closed_) co_return false;
    if (!piece) {
      spdlog::warn("request {}: the body source failed after {} of {} bytes", request_id, sent,
                   length);
      co_return false;
    }
    if (piece->empty() || piece->size() > length - sent) {
      spdlog::error("request {}: the body source gave {} bytes, not the {} it declared", request_id,
                    piece->empty() ? sent : sent + piece->size(), length);
      co_return false;
    }
    stream_.expires_after(shared().options.http_idle_timeout);
    auto [wec, written] = co_await asio::async_write(stream_, asio::buffer(*piece), kTuple);
    if (wec) co_return false;
    sent += piece->size();
  }
  co_return true;
}

// The next piece from `source`, whichever thread it answers on.
asio::awaitable<std::optional<std::string>> HttpConnection::pull(BodySource& source) {
  ++pull_sequence_;
  pulling_ = true;
  piece_.reset();
  auto done = std::make_shared<OnceCallback<std::optional<std::string>>>(
      [weak = weak_from_this(), loop = loop_.ref(),
       sequence = pull_sequence_](std::optional<std::string> bytes) {
        // Once the connection (or its loop) is gone, the piece is dropped here.
        loop->dispatch([weak, sequence, bytes = std::move(bytes)]() mutable {
          if (auto c = weak.lock()) {
            static_cast<HttpConnection&>(*c).deliver_piece(sequence, std::move(bytes));
          }
        });
      },
      std::nullopt);  // a source that drops `done` uncalled fails the response
  try {
    source.read([done](std::optional<std::string> bytes) { (*done)(std::move(bytes)); });
  } catch (const std::exception& e) {
    spdlog::error("body source threw: {}", e.what());
    (*done)(std::nullopt);
  }
  done.reset();
  while (!piece_ && !force_closed_) {
    response_signal_.expires_at(asio::steady_timer::time_point::max());
    co_await response_signal_.async_wait(kTuple);
  }
  pulling_ = false;
  if (!piece_) co_return std::nullopt;
  co_return std::move(*piece_);
}

asio::awaitable<void> HttpConnection::reject(int status, std::string_view body, unsigned version) {
  shared().protocol_errors.inc();
  const bool written =
      co_await write(json_response(status, body), version == 10 ? 10 : 11, false, false, "");
  if (written) co_await linger_close();
}

asio::awaitable<bool> HttpConnection::discard_body(uint64_t length) {
  state_ = State::kReadingBody;
  const auto buffered = std::min<uint64_t>(length, buffer_.size());
  buffer_.consume(static_cast<std::size_t>(buffered));
  uint64_t remaining = length - buffered;
  while (remaining > 0) {
    stream_.expires_after(shared().options.http_idle_timeout);
    // Never read past this body: the bytes after it are the next request.
    const auto room = std::min<uint64_t>(buffer_.max_size(), 65536);
    auto space = buffer_.prepare(static_cast<std::size_t>(std::min<uint64_t>(remaining, room)));
    auto [ec, n] = co_await stream_.async_read_some(space, kTuple);
    if (ec) co_return false;
    remaining -= std::min<uint64_t>(n, remaining);
  }
  co_return true;
}

asio::awaitable<void> HttpConnection::linger_close() {
  error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream_.expires_after(kLingerTime);
  for (;;) {
    buffer_.clear();
    const auto room = std::min<std::size_t>(buffer_.max_size(), 65536);
    auto [ec, n] = co_await stream_.async_read_some(buffer_.prepare(room), kTuple);
    if (ec) break;
  }
}

bool HttpConnection::count_against(const std::string& address) {
  if (lease_.counted() && lease_.key() == address) return true;
  auto lease = shared().per_ip.try_acquire(address);
  if (!lease) return false;
  lease_ = std::move(*lease);  // gives back the count on the address it carried before
  return true;
}

// Whether this connection may go on with the request whose header was just read.
bool HttpConnection::admit(const http::request<http::string_body>& message) {
  const ServerOptions& options = shared().options;
  if (over_cap_) return false;
  if (options.max_connections_per_ip == 0 || !options.client_address) return true;
  HttpRequest view;  // what the proxies say about the client: the headers and the socket
  view.remote_ip = remote_ip_;
  copy_headers(message, view);
  if (count_against(options.client_address(view))) return true;
  shared().refused_per_ip.inc();
  return false;
}

asio::awaitable<void> HttpConnection::refuse_over_cap(
    http::request_parser<http::string_body>& parser) {
  auto& message = parser.get();
  HttpRequest request;
  request.remote_ip = remote_ip_;
  request.request_id = loop_.next_request_id();
  spdlog::debug("request {} from {}: over the connection cap for its address", request.request_id,
                remote_ip_);
  const bool websocket = beast::websocket::is_upgrade(message) &&
                         split_target(message.target(), request.path, request.query) &&
                         shared().app.is_websocket_path(request.path) && !shared().draining.load();
  if (websocket) {
    // Accepted and then closed with a reason, so a client sees why (a failed handshake reads
    // like a network error, and clients retry those at once).
    state_ = State::kDone;
    refuse_websocket_session(loop_, std::move(stream_), parser.release(), std::move(request));
    co_return;
  }
  const bool head_only = message.method() == http::verb::head;
  const bool written = co_await write(json_response(429, kTooManyConnections), message.version(),
                                      false, head_only, request.request_id);
  if (written) co_await linger_close();
}

void HttpConnection::copy_headers(const http::request<http::string_body>& message,
                                  HttpRequest& request) const {
  request.headers.reserve(std::min<std::size_t>(header_fields_, 64));
  std::size_t n = 0;
  for (const auto& field : message) {
    if (n++ == header_fields_) break;  // the rest are trailer fields
    request.headers.emplace_back(lowercase(field.name_string()), std::string(field.value()));
  }
}

// The request without its body: the caller moves the body in once it is read.
std::optional<HttpRequest> HttpConnection::build_request(
    const http::request<http::string_body>& message) {
  HttpRequest request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  if (!split_target(request.target, request.path, request.query)) return std::nullopt;
  copy_headers(message, request);
  request.remote_ip = remote_ip_;
  request.request_id = loop_.next_request_id();
  return request;
}

}  // namespace

void start_http_connection(Loop& loop, tcp::socket socket) {
  auto connection = std::make_shared<HttpConnection>(loop, std::move(socket));
  asio::co_spawn(loop.io_context(), HttpConnection::run(std::move(connection)), asio::detached);
}

}  // namespace parley::net::detail
