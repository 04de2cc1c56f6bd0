// Login, logout, me, and a user's other tokens (rc-api.md §6.2). REST login errors are HTTP 401
// with the older {status:"error", error, message} body, and an unknown user reads "Unauthorized"
// while a wrong password reads error 403 (a number): EmbeddedChat tests exactly those two.
#include "chat/user_views.hpp"
#include "rest/response.hpp"
#include "rest/routes.hpp"
#include "util/hash.hpp"

namespace parley::rest::handlers {

namespace json = boost::json;

namespace {

net::HttpResponse login_failure(const chat::Error& error) {
  if (error.kind != chat::ErrorKind::kLoginFailed) return failure(error);
  json::object body{{"status", "error"}, {"success", false}};
  if (error.reason == "User not found") {
    body["error"] = "Unauthorized";
    body["message"] = "Unauthorized";
  } else {
    body["error"] = error.code;
    body["message"] = error.reason;
  }
  if (!error.details.empty()) body["details"] = error.details;
  return json_response(401, body);
}

net::HttpResponse bad_login_request(std::string reason) {
  return json_response(400, {{"status", "error"},
                             {"success", false},
                             {"error", reason},
                             {"errorType", "invalid-params"},
                             {"message", reason}});
}

}  // namespace

net::HttpResponse login(Services& s, RestRequest& r) {
  Reader p(r.body);
  std::string resume = p.optional_string("resume");
  // `user` is a name or an email, or (RC's Meteor form, issue 11) {username} / {email}.
  std::string user;
  chat::UserSelector named;
  if (const json::value* u = r.body.if_contains("user"); u && u->is_object()) {
    Reader o(u->get_object());
    named.username = o.optional_string("username");
    named.email = o.optional_string("email");
    if (o.error() || named.empty()) p.fail("The parameter \"user\" must name a username or email");
  } else {
    user = p.optional_string("user");
  }
  std::string username = p.optional_string("username");
  std::string email = p.optional_string("email");
  std::string password;
  const json::value* pw = r.body.if_contains("password");
  if (pw && pw->is_string()) {
    password = util::sha256_hex(pw->get_string());
  } else if (pw && pw->is_object() && pw->get_object().if_contains("digest") &&
             pw->get_object().at("digest").is_string()) {
    password = chat::normalise_digest(pw->get_object().at("digest").get_string());
  } else if (pw && !pw->is_null()) {
    p.fail("The parameter \"password\" must be a string");
  }
  if (p.error()) return bad_login_request(p.error()->reason);

  chat::Result<chat::LoginResult> result = chat::internal_error();
  if (!resume.empty()) {
    result = s.accounts.login_with_token(resume);
  } else {
    chat::UserSelector who;
    std::string name = !user.empty() ? user : !username.empty() ? username : email;
    if ((name.empty() && named.empty()) || pw == nullptr || pw->is_null()) {
      return bad_login_request("Missing \"user\" or \"password\" parameter");
    }
    if (!named.empty()) {
      // One field, as the lookup takes the first set: the username when both are given.
      if (!named.username.empty()) named.email.clear();
      who = named;
    } else if (name.find('@') != std::string::npos) {
      who.email = name;
    } else {
      who.username = name;
    }
    result = s.accounts.login_with_password(who, password, r.client_ip);
  }
  if (!result) return login_failure(result.error());

  const auto& login = result.value();
  json::object data{
      {"userId", login.user.id},
      {"authToken", login.token},
      {"me", chat::user_me(login.user, chat::DateStyle::kIso, s.config.effective_root_url())},
  };
  return success({{"status", "success"}, {"data", std::move(data)}});
}

net::HttpResponse logout(Services& s, RestRequest& r) {
  s.accounts.logout(r.auth_token);
  return success(
      {{"status", "success"}, {"data", json::object{{"message", "You've been logged out!"}}}});
}

net::HttpResponse me(Services& s, RestRequest& r) {
  return success(chat::user_me(r.me(), chat::DateStyle::kIso, s.config.effective_root_url()));
}

// users.logoutOtherClients answers the caller's own token and when it expires (RC computes
// that from the token's date; parley stores the expiry itself).
net::HttpResponse users_logout_other_clients(Services& s, RestRequest& r) {
  auto kept = s.accounts.remove_other_tokens(r.me().id, r.auth_token);
  if (!kept) return failure(kept.error());
  return success({{"token", r.auth_token},
                  {"tokenExpires", chat::date_value(kept.value(), chat::DateStyle::kIso)}});
}

net::HttpResponse users_remove_other_tokens(Services& s, RestRequest& r) {
  auto kept = s.accounts.remove_other_tokens(r.me().id, r.auth_token);
  if (!kept) return failure(kept.error());
  return success();
}

}  // namespace parley::rest::handlers
