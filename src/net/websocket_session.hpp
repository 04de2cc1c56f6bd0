#pragma once
// Internal to net/: the hand-off from an HTTP connection that received an upgrade request to
// a WebSocket session. Declared separately so the WebSocket half of Beast compiles in its own
// translation unit (websocket_session.cpp).
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "net/connection_counter.hpp"
#include "net/http_types.hpp"
#include "net/loop.hpp"

namespace parley::net::detail {

// Completes the handshake for `upgrade` on `stream` and runs the session on `loop`.
// `request` is the application's view of the upgrade request (path, headers, remote address).
// `lease` is the connection's count against its client's address, given back when the socket
// closes. Call on the loop's thread, after checking Application::is_websocket_path.
void start_websocket_session(Loop& loop, boost::beast::tcp_stream stream,
                             boost::beast::http::request<boost::beast::http::string_body> upgrade,
                             HttpRequest request, ConnectionCounter::Lease lease);

// The same handshake for a connection over the per-address cap: it never reaches the
// application and is closed at once with 1008 (policy violation) and a reason.
void refuse_websocket_session(Loop& loop, boost::beast::tcp_stream stream,
                              boost::beast::http::request<boost::beast::http::string_body> upgrade,
                              HttpRequest request);

}  // namespace parley::net::detail
