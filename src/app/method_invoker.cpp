#include "app/method_invoker.hpp"

#include "util/ids.hpp"

namespace parley::app {

namespace {

// One REST request seen as a DDP caller. A login inside the call (method.callAnon/login)
// lasts only for the rest of that call; logout revokes the token the request came with.
class RestCaller final : public ddp::Caller {
 public:
  RestCaller(rest::MethodRequest& request, ddp::Service& service)
      : request_(request), service_(service), id_("rest-" + util::random_id()) {}

  std::optional<store::UserRecord> user() const override { return request_.user; }
  void set_login(store::UserRecord user, std::string token) override {
    request_.user = std::move(user);
    request_.auth_token = std::move(token);
  }
  std::string clear_login() override {
    request_.user.reset();
    return std::exchange(request_.auth_token, {});
  }
  std::string login_token() const override { return request_.auth_token; }
  const std::string& remote_ip() const override { return request_.remote_ip; }
  const std::string& id() const override { return id_; }
  ddp::Service& service() override { return service_; }
  void send(std::shared_ptr<const std::string>) override {}

 private:
  rest::MethodRequest& request_;
  ddp::Service& service_;
  const std::string id_;
};

}  // namespace

boost::json::object DdpMethodInvoker::invoke(rest::MethodRequest request) {
  RestCaller caller(request, ddp_);
  return ddp_.invoke(caller, request.id, request.method, request.params);
}

}  // namespace parley::app
