#include "ddp/settings_methods.hpp"

#include "chat/permissions.hpp"
#include "chat/setting_documents.hpp"
#include "ddp/method_helpers.hpp"

namespace parley::ddp {

namespace json = boost::json;

namespace {

// Rocket.Chat's setting document with its _updatedAt as an EJSON date.
json::object setting_doc(const chat::SettingValue& v) {
  json::object doc = chat::setting_document(v);
  if (v.updated_at > 0) doc["_updatedAt"] = json::object{{"$date", v.updated_at}};
  return doc;
}

// The list, or {update, remove} since an EJSON date. Settings are never deleted, so `remove`
// is always empty; a setting never written counts as unchanged since any date.
MethodResult answer(MethodCall& call, bool include_private) {
  chat::Settings* settings = call.session.service().settings();
  if (settings == nullptr) return chat::internal_error();
  // As in Rocket.Chat, only a Date selects the changes; anything else (absent, null, a
  // string, a date that is not a whole number of ms) answers the whole list.
  std::optional<int64_t> since;
  if (!call.params.empty() && call.params[0].is_object()) {
    const json::value* ms = call.params[0].get_object().if_contains("$date");
    boost::system::error_code ec;
    const int64_t at = ms != nullptr ? ms->to_number<int64_t>(ec) : 0;
    if (ms != nullptr && !ec) since = at;
  }
  json::array list;
  for (const auto& v : settings->list(include_private)) {
    if (since && v.updated_at <= *since) continue;
    list.push_back(setting_doc(v));
  }
  if (!since) return std::optional<json::value>(std::move(list));
  return std::optional<json::value>(
      json::object{{"update", std::move(list)}, {"remove", json::array{}}});
}

}  // namespace

MethodResult public_settings_get_method(MethodCall& call) {
  return answer(call, false);
}

MethodResult private_settings_get_method(MethodCall& call) {
  auto me = call.session.user();
  if (!me || !chat::has_permission(*me, "view-privileged-setting")) {
    return std::optional<json::value>(json::array{});
  }
  return answer(call, true);
}

}  // namespace parley::ddp
