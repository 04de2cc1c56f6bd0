#include "ddp/discussion_methods.hpp"

#include <boost/json/array.hpp>

#include "chat/discussions.hpp"
#include "chat/room_views.hpp"
#include "ddp/method_helpers.hpp"

namespace parley::ddp {

namespace json = boost::json;

namespace {

const json::object* object_arg(const MethodCall& call) {
  if (call.params.empty() || !call.params[0].is_object()) return nullptr;
  return &call.params[0].get_object();
}

// A string field, or nullopt when present with another type (check() fails); absent is "".
std::optional<std::string> string_field(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return std::string{};
  if (!v->is_string()) return std::nullopt;
  return std::string(v->get_string());
}

MethodResult follow(MethodCall& call, bool following) {
  const json::object* o = object_arg(call);
  const json::value* mid = o ? o->if_contains("mid") : nullptr;
  if (!mid || !mid->is_string()) return match_failed();
  auto done = call.session.service().messages().set_following(*call.session.user(),
                                                              mid->get_string(), following);
  if (!done) return done.error();
  return nothing();  // RC's follow() resolves to undefined
}

}  // namespace

MethodResult create_discussion_method(MethodCall& call) {
  chat::Discussions* discussions = call.session.service().discussions();
  if (!discussions) return chat::not_found("Method 'createDiscussion' not found");
  const json::object* o = object_arg(call);
  if (!o) return match_failed();
  chat::CreateDiscussion request;
  auto prid = string_field(*o, "prid");
  auto pmid = string_field(*o, "pmid");
  auto name = string_field(*o, "t_name");
  auto reply = string_field(*o, "reply");
  if (!prid || !pmid || !name || !reply) return match_failed();
  request.parent_id = std::move(*prid);
  request.parent_message_id = std::move(*pmid);
  request.name = std::move(*name);
  request.reply = std::move(*reply);
  if (const json::value* users = o->if_contains("users"); users && users->is_array()) {
    for (const auto& u : users->get_array()) {
      if (u.is_string() && !u.get_string().empty()) request.usernames.emplace_back(u.get_string());
    }
  }
  if (const json::value* encrypted = o->if_contains("encrypted");
      encrypted && encrypted->is_bool()) {
    request.encrypted = encrypted->get_bool();
  }
  auto created = discussions->create(*call.session.user(), std::move(request));
  if (!created) return created.error();
  json::object room = chat::room_view(*created);
  room["rid"] = created->id;
  room["inserted"] = true;
  return std::optional<json::value>(std::move(room));
}

MethodResult follow_message_method(MethodCall& call) {
  return follow(call, true);
}

MethodResult unfollow_message_method(MethodCall& call) {
  return follow(call, false);
}

// ignoreUser({rid, userId, ignore = true}) -> true.
MethodResult ignore_user_method(MethodCall& call) {
  const json::object* o = object_arg(call);
  if (!o) return match_failed();
  const json::value* rid = o->if_contains("rid");
  const json::value* user_id = o->if_contains("userId");
  const json::value* ignore = o->if_contains("ignore");
  if (!rid || !rid->is_string() || !user_id || !user_id->is_string()) return match_failed();
  if (ignore && !ignore->is_bool()) return match_failed();
  auto done = call.session.service().rooms().set_ignored(*call.session.user(), rid->get_string(),
                                                         user_id->get_string(),
                                                         ignore ? ignore->get_bool() : true);
  if (!done) return done.error();
  return std::optional<json::value>(true);
}

}  // namespace parley::ddp
