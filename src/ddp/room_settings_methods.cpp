#include "ddp/room_settings_methods.hpp"

#include "chat/room_settings.hpp"
#include "ddp/method_helpers.hpp"

namespace parley::ddp {

namespace json = boost::json;

MethodResult save_room_settings_method(MethodCall& call) {
  const auto& params = call.params;
  if (params.empty() || !params[0].is_string()) {
    return chat::domain_error("error-invalid-room", "Invalid room");
  }
  json::object settings;
  if (params.size() > 1 && params[1].is_object()) {
    settings = params[1].get_object();
  } else if (params.size() > 1 && params[1].is_string()) {
    // The one-setting form: (rid, name, value); a missing value is RC's undefined.
    settings[params[1].get_string()] = params.size() > 2 ? params[2] : json::value(nullptr);
  } else {
    return match_failed();
  }
  auto& service = call.session.service();
  chat::RoomSettingsEditor editor(service.store(), service.rooms(), service.messages(),
                                  service.avatars());
  auto saved = editor.save(*call.session.user(), params[0].get_string(), settings);
  if (!saved) return saved.error();
  return MethodResult(
      std::optional<json::value>(json::object{{"result", true}, {"rid", params[0].get_string()}}));
}

MethodResult erase_room_method(MethodCall& call) {
  const auto& params = call.params;
  if (params.empty() || !params[0].is_string()) return match_failed();
  auto erased = call.session.service().rooms().erase(*call.session.user(), params[0].get_string());
  if (!erased) return erased.error();
  return MethodResult(std::optional<json::value>(true));
}

}  // namespace parley::ddp
