#pragma once
// REST method.call runs DDP methods: this adapts rest::MethodInvoker to the DDP method table,
// with a Caller that lives for one request.
#include "ddp/service.hpp"
#include "rest/method_call.hpp"

namespace parley::app {

class DdpMethodInvoker final : public rest::MethodInvoker {
 public:
  explicit DdpMethodInvoker(ddp::Service& ddp) : ddp_(ddp) {}
  boost::json::object invoke(rest::MethodRequest request) override;

 private:
  ddp::Service& ddp_;
};

}  // namespace parley::app
