#pragma once
// Internal to net/: an accepted socket becomes an HTTP/1.1 connection (http_connection.cpp),
// which may later hand itself over to a WebSocket session.
#include <boost/asio/ip/tcp.hpp>

#include "net/loop.hpp"

namespace parley::net::detail {

// Serves HTTP requests on `socket` until it closes. Call on the loop's thread.
void start_http_connection(Loop& loop, asio::ip::tcp::socket socket);

}  // namespace parley::net::detail
