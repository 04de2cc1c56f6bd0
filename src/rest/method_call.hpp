#pragma once
// What POST /api/v1/method.call/:method and method.callAnon/:method (rc-api.md §8) run: a DDP
// method, for the REST caller. rest/ does not know ddp/; app/ implements this over the DDP
// method table so both transports run the same code.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>

#include "store/records.hpp"

namespace parley::rest {

struct MethodRequest {
  std::optional<store::UserRecord> user;  // unset for method.callAnon
  std::string auth_token;
  std::string remote_ip;
  boost::json::value id;  // echoed; EmbeddedChat sends null
  std::string method;
  boost::json::array params;
};

class MethodInvoker {
 public:
  virtual ~MethodInvoker() = default;
  // The DDP result message: {"msg":"result","id":..,"result"|"error":..}.
  virtual boost::json::object invoke(MethodRequest request) = 0;
};

}  // namespace parley::rest
