#include "ddp/token_methods.hpp"

#include "chat/personal_tokens.hpp"
#include "chat/two_factor.hpp"
#include "ddp/method_helpers.hpp"
#include "util/hash.hpp"

namespace parley::ddp {

namespace json = boost::json;

namespace {

enum class Action { kGenerate, kRegenerate, kRemove };

MethodResult run(MethodCall& call, Action action) {
  if (call.params.empty() || !call.params[0].is_object()) return match_failed();
  const json::object& args = call.params[0].get_object();
  const json::value* name = args.if_contains("tokenName");
  if (name == nullptr || !name->is_string()) return match_failed();
  const json::value* bypass = args.if_contains("bypassTwoFactor");
  Service& service = call.session.service();
  auto session_user = call.session.user();
  auto me = session_user ? service.store().user_by_id(session_user->id) : std::nullopt;
  if (!me) return chat::domain_error("not-authorized", "Not Authorized");

  // twoFactorRequired: the code is the last argument's, when there is more than one.
  chat::SecondFactor given;
  if (call.params.size() > 1 && call.params.back().is_object()) {
    const auto& o = call.params.back().get_object();
    if (const json::value* c = o.if_contains("twoFactorCode"); c && c->is_string()) {
      given.code = std::string(c->get_string());
    }
    if (const json::value* m = o.if_contains("twoFactorMethod"); m && m->is_string()) {
      given.method = std::string(m->get_string());
    }
  }
  chat::SecondFactorPolicy policy;
  if (chat::Settings* settings = service.settings()) {
    if (auto enabled = settings->get("Accounts_TwoFactorAuthentication_Enabled");
        enabled && enabled->value.is_bool()) {
      policy.enabled = enabled->value.get_bool();
    }
  }
  const std::string token = call.session.login_token();
  if (!token.empty()) policy.token = service.store().login_token(util::sha256_base64(token));
  if (auto ok = chat::check_second_factor(*me, given, policy); !ok) return ok.error();

  chat::PersonalAccessTokens tokens(service.store(), service.clock(), &service.events());
  const std::string token_name(name->get_string());
  switch (action) {
    case Action::kGenerate: {
      auto made =
          tokens.generate(*me, token_name, bypass && bypass->is_bool() && bypass->get_bool());
      if (!made) return made.error();
      return std::optional<json::value>(json::value(made.value()));
    }
    case Action::kRegenerate: {
      auto made = tokens.regenerate(*me, token_name);
      if (!made) return made.error();
      return std::optional<json::value>(json::value(made.value()));
    }
    case Action::kRemove: {
      auto removed = tokens.remove(*me, token_name);
      if (!removed) return removed.error();
      return nothing();
    }
  }
  return chat::internal_error();
}

}  // namespace

MethodResult generate_token_method(MethodCall& call) {
  return run(call, Action::kGenerate);
}

MethodResult regenerate_token_method(MethodCall& call) {
  return run(call, Action::kRegenerate);
}

MethodResult remove_token_method(MethodCall& call) {
  return run(call, Action::kRemove);
}

}  // namespace parley::ddp
