#pragma once
// DESIGN: one client WebSocket of the load generator, on Boost.Beast. The only translation
// unit of src/load that includes Beast (it costs tens of seconds to compile), so the rest of
// the generator sees this small interface.
//  - A connection lives on one io_context run by one thread; every call (send, drop) and every
//    callback happens on that thread, so nothing here locks.
//  - One write in flight, a queue behind it. Reads run back to back; each message's bytes are
//    handed to the handler as a view valid only during the callback.
//  - drop() ends the connection abruptly (the TCP socket closes without a WebSocket close
//    handshake, as a network blip or a killed client does) and silences the handler: no
//    callback follows. A connection that ends any other way calls on_close once.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace boost::asio {
class io_context;
}

namespace parley::load {

// Where to connect: ws://host:port/path (or http://, as the server's URL is usually written).
struct Target {
  std::string host;     // for the Host header
  std::string address;  // resolved once: the address every connection dials
  uint16_t port = 0;
  std::string path = "/websocket";
};

// Parses and resolves `url`; throws std::runtime_error with a readable message.
Target resolve_target(const std::string& url);

class WsConnection {
 public:
  class Handler {
   public:
    virtual ~Handler() = default;
    virtual void on_open() = 0;
    virtual void on_text(std::string_view text) = 0;
    virtual void on_close(const std::string& why) = 0;
  };

  virtual ~WsConnection() = default;
  // Dials `target` from `source_address` (empty: the kernel picks) and opens the WebSocket.
  static std::shared_ptr<WsConnection> open(boost::asio::io_context& io, const Target& target,
                                            const std::string& source_address, Handler& handler);
  virtual void send(std::string frame) = 0;
  virtual void drop() = 0;
};

}  // namespace parley::load
