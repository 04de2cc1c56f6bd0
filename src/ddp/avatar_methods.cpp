#include "ddp/avatar_methods.hpp"

#include "chat/permissions.hpp"
#include "ddp/method_helpers.hpp"
#include "util/hash.hpp"

namespace parley::ddp {

namespace json = boost::json;

namespace {

bool optional_string(const json::array& params, std::size_t i) {
  return params.size() <= i || params[i].is_string() || params[i].is_null();
}

}  // namespace

// setAvatarFromService(dataURI, contentType?, service?, targetUserId?). The declared content
// type is ignored (chat::Avatars sniffs the bytes). Service "initials" goes back to the
// generated avatar; "url" would make the server fetch a URL and is refused.
MethodResult set_avatar_from_service_method(MethodCall& call) {
  const auto& params = call.params;
  if (params.empty() || !params[0].is_string() || !optional_string(params, 1) ||
      !optional_string(params, 2) || !optional_string(params, 3)) {
    return match_failed();
  }
  chat::Avatars* avatars = call.session.service().avatars();
  chat::Settings* settings = call.session.service().settings();
  if (avatars == nullptr || settings == nullptr) return chat::internal_error();
  const std::string_view data_uri = params[0].get_string();
  if (data_uri.empty()) return chat::domain_error("error-invalid-data", "Invalid dataURI");
  if (!settings->boolean("Accounts_AllowUserAvatarChange")) {
    return chat::domain_error("error-not-allowed", "Not allowed");
  }
  const store::UserRecord me = *call.session.user();
  store::UserRecord target = me;
  if (params.size() > 3 && params[3].is_string() && params[3].get_string() != me.id) {
    if (!chat::has_permission(me, "edit-other-user-avatar")) {
      return chat::domain_error("error-unauthorized", "Unauthorized");
    }
    auto found = call.session.service().store().user_by_id(params[3].get_string());
    if (!found) return chat::domain_error("error-invalid-desired-user", "Invalid desired user");
    target = std::move(*found);
  }
  std::string service;
  if (params.size() > 2 && params[2].is_string()) service = params[2].get_string();
  if (service == "initials") {
    auto reset = avatars->reset_user_avatar(me, target);
    if (!reset) return reset.error();
    return nothing();
  }
  if (service == "url") {
    return chat::domain_error("error-not-allowed", "Setting an avatar from a URL is not allowed");
  }
  auto image = chat::decode_data_uri(data_uri);
  if (!image) return chat::domain_error("error-invalid-data", "Invalid dataURI");
  auto done = avatars->set_user_avatar(me, target, *image);
  if (!done) return done.error();
  return nothing();
}

}  // namespace parley::ddp
