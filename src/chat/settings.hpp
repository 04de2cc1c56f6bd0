#pragma once
// DESIGN: Rocket.Chat's settings, under Rocket.Chat's ids (Site_Name, Accounts_RegistrationForm,
// API_Enable_Rate_Limiter, ...).
//  - Definitions (type, default, public or not) come from Rocket.Chat's catalogue (data:
//    settings_catalogue.tsv) and, for the settings parley honours, from code
//    (setting_definitions.cpp). Only the values somebody chose are stored, so a new default
//    reaches everyone who kept the old one. A setting parley does not honour is stored and
//    served all the same, so Rocket.Chat's clients and admin pages find every id they know.
//  - The environment works as in Rocket.Chat: `<id>` replaces the built-in default (a stored
//    choice still wins); `OVERWRITE_SETTING_<id>` replaces the value itself at every start and
//    is stored, so the admin UI shows what is in force.
//  - Reads are from memory (one mutex, a map lookup), cheap enough for every request.
//  - A change is stored first, then applied in memory, then announced: observers registered
//    with on_change (how Accounts, Messages and the rate limiter follow the settings without
//    depending on this class), `public-settings-changed` on stream-notify-all for public
//    settings, and `private-settings-changed` on stream-notify-logged for every setting
//    (only view-privileged-setting holders may subscribe to it).
#include <boost/json/value.hpp>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chat/errors.hpp"
#include "chat/events.hpp"
#include "chat/setting_definition.hpp"
#include "store/store.hpp"
#include "util/clock.hpp"

namespace parley::chat {

// Every setting parley knows, in id order: Rocket.Chat's whole catalogue, with the entries parley
// honours (setting_definitions.cpp) in place of the catalogue's.
const std::vector<SettingDefinition>& setting_definitions();
// Only the code entries (setting_definitions.cpp), in id order: what the tests compare with the
// catalogue.
const std::vector<SettingDefinition>& honoured_setting_definitions();

struct SettingValue {
  const SettingDefinition* definition = nullptr;
  boost::json::value value;
  int64_t updated_at = 0;  // 0 = never written (the default)
};

class Settings {
 public:
  using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;

  // Loads stored values, then applies the environment. Throws std::invalid_argument naming
  // the variable when an environment value does not fit an honoured setting's type, so a typo
  // stops the start with a clear message; for a setting parley does not honour it logs a warning
  // and keeps the default (an unrelated variable such as `Size` must not stop the server).
  Settings(store::Store& store, Events& events, const util::Clock& clock, const EnvLookup& env);

  // Typed reads of known ids; an unknown id or a type mismatch is a programming error and
  // answers false / 0 / "".
  bool boolean(std::string_view id) const;
  int64_t integer(std::string_view id) const;
  std::string string(std::string_view id) const;

  // Any known id, hidden ones included (callers that answer clients refuse those).
  std::optional<SettingValue> get(std::string_view id) const;
  // In id order, without hidden ones; only public ones unless `include_private`.
  std::vector<SettingValue> list(bool include_private) const;

  // An admin's change. not_found for an unknown or hidden id, error-invalid-setting-value when
  // the value does not fit the type (a boolean for a boolean, an integer in range for an int, a
  // listed choice for a select, ...). Who may change settings is the caller's check.
  Status set(std::string_view id, const boost::json::value& value);

  // Called after every change, on the changing thread, outside the read lock (set() is
  // serialised, so an observer must not call set()); and once now.
  using Observer = std::function<void(const Settings&)>;
  void on_change(Observer observer);

 private:
  struct Entry {
    const SettingDefinition* definition;
    boost::json::value value;
    int64_t updated_at = 0;
  };
  void apply_env(const EnvLookup& env);
  const Entry* find(std::string_view id) const;  // caller holds mu_

  store::Store& store_;
  Events& events_;
  const util::Clock& clock_;
  mutable std::mutex mu_;
  // Serialises set() end to end (store, apply, announce), so two admins changing one setting
  // at once leave memory, the database and the events' order agreeing. Taken before mu_.
  std::mutex write_mu_;
  // Ordered with a transparent comparator so that reads by string_view allocate nothing: the
  // REST limiter reads four settings per request, and most ids are too long for SSO.
  std::map<std::string, Entry, std::less<>> entries_;
  std::vector<Observer> observers_;  // guarded by mu_ for registration; copied to call
};

// Whether `value` fits `definition`; the reason when it does not.
std::optional<std::string> check_setting_value(const SettingDefinition& definition,
                                               const boost::json::value& value);
// An environment string read as the setting's type ("true", "10", "Public").
std::optional<boost::json::value> parse_setting_env(const SettingDefinition& definition,
                                                    const std::string& text);

}  // namespace parley::chat
