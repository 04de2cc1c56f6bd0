#include "ddp/membership_methods.hpp"

#include "ddp/method_helpers.hpp"

namespace parley::ddp {

namespace json = boost::json;

namespace {

const json::object* object_arg(const MethodCall& call) {
  return !call.params.empty() && call.params[0].is_object() ? &call.params[0].get_object()
                                                            : nullptr;
}

MethodResult done(const chat::Status& status) {
  if (!status) return status.error();
  return std::optional<json::value>(true);
}

MethodResult visibility(MethodCall& call, bool open) {
  if (call.params.empty() || !call.params[0].is_string()) return match_failed();
  const bool changed = call.session.service().rooms().set_visible(
      *call.session.user(), call.params[0].get_string(), open);
  return std::optional<json::value>(changed ? 1 : 0);  // RC answers modifiedCount
}

}  // namespace

MethodResult add_users_to_room_method(MethodCall& call) {
  const json::object* data = object_arg(call);
  // RC checks the room id before anything else, and the users only after the permission.
  const json::value* rid = data ? data->if_contains("rid") : nullptr;
  if (!rid || !rid->is_string()) return chat::domain_error("error-invalid-room", "Invalid room");
  const json::value* users = data->if_contains("users");
  std::vector<std::string> usernames;
  bool bad_users = !users || !users->is_array();
  if (!bad_users) {
    for (const auto& u : users->get_array()) {
      if (!u.is_string()) {
        bad_users = true;
        break;
      }
      usernames.emplace_back(u.get_string());
    }
  }
  Service& s = call.session.service();
  if (bad_users) {
    // The room and permission errors still come first, as in RC: check them with no users.
    auto first = s.rooms().add_users(*call.session.user(), rid->get_string(), {});
    if (!first) return first.error();
    return chat::domain_error("error-invalid-arguments", "Invalid arguments");
  }
  return done(s.rooms().add_users(*call.session.user(), rid->get_string(), usernames));
}

MethodResult remove_user_from_room_method(MethodCall& call) {
  const json::object* data = object_arg(call);
  const json::value* rid = data ? data->if_contains("rid") : nullptr;
  const json::value* username = data ? data->if_contains("username") : nullptr;
  if (!rid || !rid->is_string() || !username || !username->is_string()) return match_failed();
  return done(call.session.service().rooms().remove_user(*call.session.user(), rid->get_string(),
                                                         username->get_string()));
}

MethodResult hide_room_method(MethodCall& call) {
  return visibility(call, false);
}

MethodResult open_room_method(MethodCall& call) {
  return visibility(call, true);
}

MethodResult toggle_favorite_method(MethodCall& call) {
  if (call.params.empty() || !call.params[0].is_string()) return match_failed();
  // RC's check(f, Match.Optional(Boolean)); a missing f stars the room.
  bool favorite = true;
  if (call.params.size() > 1 && !call.params[1].is_null()) {
    if (!call.params[1].is_bool()) return match_failed();
    favorite = call.params[1].get_bool();
  }
  auto changed = call.session.service().rooms().set_favorite(*call.session.user(),
                                                             call.params[0].get_string(), favorite);
  if (!changed) return changed.error();
  return std::optional<json::value>(*changed ? 1 : 0);  // RC answers modifiedCount
}

}  // namespace parley::ddp
