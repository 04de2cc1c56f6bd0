#include "chat/settings.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cmath>
#include <stdexcept>

namespace parley::chat {

namespace json = boost::json;

namespace {

// A JSON number that is a whole int64 (clients may send 10.0), or nothing.
std::optional<int64_t> whole_number(const json::value& value) {
  if (value.is_int64()) return value.get_int64();
  if (value.is_uint64() && value.get_uint64() <= uint64_t(INT64_MAX)) {
    return int64_t(value.get_uint64());
  }
  if (value.is_double()) {
    // Range first: casting a double outside int64's range is undefined behaviour.
    const double d = value.get_double();
    if (d >= -0x1p63 && d < 0x1p63 && d == std::trunc(d)) return static_cast<int64_t>(d);
  }
  return std::nullopt;
}

bool listed(const SettingDefinition& d, std::string_view key) {
  return std::ranges::find(d.choices, key) != d.choices.end();
}

std::string choices_text(const SettingDefinition& d) {
  std::string allowed;
  for (const auto& choice : d.choices) allowed += (allowed.empty() ? "" : ", ") + choice;
  return allowed;
}

}  // namespace

std::optional<std::string> check_setting_value(const SettingDefinition& d,
                                               const json::value& value) {
  switch (d.type) {
    case SettingType::kBoolean:
      if (!value.is_bool()) return d.id + " takes true or false";
      return std::nullopt;
    case SettingType::kInt:
    case SettingType::kTimespan:
    case SettingType::kRange: {
      auto n = whole_number(value);
      if (!n || *n < d.min || *n > d.max) {
        return d.id + " takes an integer in [" + std::to_string(d.min) + ", " +
               std::to_string(d.max) + "]";
      }
      return std::nullopt;
    }
    case SettingType::kSelect:
      // A select without listed keys (Country's long list is not copied) takes any string, and
      // Rocket.Chat's own default is always allowed even where it is not a key ("" = unset).
      if (value.is_string() &&
          (d.choices.empty() || listed(d, value.get_string()) || value == d.default_value)) {
        return std::nullopt;
      }
      return d.id + " takes one of: " + choices_text(d);
    case SettingType::kMultiSelect:
      if (value.is_array()) {
        bool fits = true;
        for (const auto& v : value.get_array()) {
          fits = fits && v.is_string() && (d.choices.empty() || listed(d, v.get_string()));
        }
        if (fits) return std::nullopt;
      }
      if (d.choices.empty()) return d.id + " takes a list of strings";
      return d.id + " takes a list of: " + choices_text(d);
    case SettingType::kDate:
      // EJSON, as Meteor's clients send a Date.
      if (value.is_object() && value.get_object().size() == 1) {
        const json::value* ms = value.get_object().if_contains("$date");
        if (ms != nullptr && whole_number(*ms)) return std::nullopt;
      }
      return d.id + " takes a date ({\"$date\": milliseconds})";
    case SettingType::kRoomPick:
    case SettingType::kAsset:
      // Structured values parley stores as given: rooms picked, an asset's {url, defaultUrl}.
      // Rocket.Chat's roomPick defaults to "" (no room yet).
      if (value.is_object() || value.is_array()) return std::nullopt;
      if (d.type == SettingType::kRoomPick && value == json::value("")) return std::nullopt;
      return d.id + " takes an object or a list";
    case SettingType::kString:
    case SettingType::kCode:
    case SettingType::kPassword:
    case SettingType::kColor:
    case SettingType::kFont:
    case SettingType::kLanguage:
    case SettingType::kRelativeUrl:
    case SettingType::kTimezone:
    case SettingType::kAction:
    case SettingType::kLookup:
      if (!value.is_string()) return d.id + " takes a string";
      return std::nullopt;
  }
  return d.id + " has an unknown type";
}

std::optional<json::value> parse_setting_env(const SettingDefinition& d, const std::string& text) {
  json::value v;
  switch (d.type) {
    case SettingType::kBoolean:
      if (text == "true" || text == "1" || text == "yes") return json::value(true);
      if (text == "false" || text == "0" || text == "no") return json::value(false);
      return std::nullopt;
    case SettingType::kInt:
    case SettingType::kTimespan:
    case SettingType::kRange: {
      std::size_t used = 0;
      int64_t n = 0;
      try {
        n = std::stoll(text, &used);
      } catch (const std::exception&) {
        return std::nullopt;
      }
      if (used != text.size()) return std::nullopt;
      v = n;
      break;
    }
    case SettingType::kMultiSelect:
    case SettingType::kDate:
    case SettingType::kRoomPick:
    case SettingType::kAsset: {
      // Structured values come as JSON text: OVERWRITE_SETTING_Hide_System_Messages='["uj"]'.
      boost::system::error_code ec;
      v = json::parse(text, ec);
      if (ec) return std::nullopt;
      break;
    }
    default:
      v = json::value(text);
      break;
  }
  if (check_setting_value(d, v)) return std::nullopt;
  return v;
}

// Integers are kept as int64 whatever JSON form they came in, so integer() reads them alike.
static json::value normalised(const SettingDefinition& d, const json::value& value) {
  if (d.type != SettingType::kInt && d.type != SettingType::kTimespan &&
      d.type != SettingType::kRange) {
    return value;
  }
  if (value.is_uint64()) return json::value(int64_t(value.get_uint64()));
  if (value.is_double()) return json::value(int64_t(value.get_double()));
  return value;
}

Settings::Settings(store::Store& store, Events& events, const util::Clock& clock,
                   const EnvLookup& env)
    : store_(store), events_(events), clock_(clock) {
  for (const auto& d : setting_definitions()) entries_.emplace(d.id, Entry{&d, d.default_value, 0});
  apply_env(env);
}

void Settings::apply_env(const EnvLookup& env) {
  // `<id>` replaces the default; then stored choices; then OVERWRITE_SETTING_<id>.
  auto env_value = [&](const SettingDefinition& d,
                       const std::string& name) -> std::optional<json::value> {
    auto text = env(name);
    if (!text) return std::nullopt;
    auto value = parse_setting_env(d, *text);
    if (!value) {
      const std::string why = name + "=" + *text + ": " +
                              check_setting_value(d, json::value(*text)).value_or("invalid");
      if (d.honoured) throw std::invalid_argument(why);
      spdlog::warn("{} (ignored: parley does not act on this setting)", why);
    }
    return value;
  };
  for (auto& [id, entry] : entries_) {
    auto v = env_value(*entry.definition, id);
    if (!v || *v == entry.value) continue;
    entry.value = *v;
    // Not stored, but changed as far as a client's cache knows: public-settings/get(since)
    // must report it after a restart with a new `<id>`.
    entry.updated_at = clock_.now_ms();
  }
  for (const auto& stored : store_.settings()) {
    auto it = entries_.find(stored.id);
    if (it == entries_.end()) continue;  // a setting this build no longer knows: kept, unused
    json::value value;
    try {
      value = json::parse(stored.value);
    } catch (const std::exception&) {
      spdlog::warn("setting {}: stored value {} is not JSON; using the default", stored.id,
                   stored.value);
      continue;
    }
    if (auto why = check_setting_value(*it->second.definition, value)) {
      spdlog::warn("setting {}: stored value {} ignored: {}", stored.id, stored.value, *why);
      continue;
    }
    it->second.value = normalised(*it->second.definition, value);
    it->second.updated_at = stored.updated_at;
  }
  for (auto& [id, entry] : entries_) {
    auto v = env_value(*entry.definition, "OVERWRITE_SETTING_" + id);
    if (!v || *v == entry.value) continue;
    entry.value = *v;
    entry.updated_at = clock_.now_ms();
    store_.put_setting({id, json::serialize(entry.value), entry.updated_at});
  }
}

const Settings::Entry* Settings::find(std::string_view id) const {
  auto it = entries_.find(id);
  return it == entries_.end() ? nullptr : &it->second;
}

bool Settings::boolean(std::string_view id) const {
  std::lock_guard lock(mu_);
  const Entry* e = find(id);
  return e != nullptr && e->value.is_bool() && e->value.get_bool();
}

int64_t Settings::integer(std::string_view id) const {
  std::lock_guard lock(mu_);
  const Entry* e = find(id);
  return e != nullptr && e->value.is_int64() ? e->value.get_int64() : 0;
}

std::string Settings::string(std::string_view id) const {
  std::lock_guard lock(mu_);
  const Entry* e = find(id);
  return e != nullptr && e->value.is_string() ? std::string(e->value.get_string()) : "";
}

std::optional<SettingValue> Settings::get(std::string_view id) const {
  std::lock_guard lock(mu_);
  const Entry* e = find(id);
  if (e == nullptr) return std::nullopt;
  return SettingValue{e->definition, e->value, e->updated_at};
}

std::vector<SettingValue> Settings::list(bool include_private) const {
  std::lock_guard lock(mu_);
  std::vector<SettingValue> out;
  for (const auto& d : setting_definitions()) {  // already in id order
    if (d.hidden || (!include_private && !d.is_public)) continue;
    const Entry* e = find(d.id);
    out.push_back({e->definition, e->value, e->updated_at});
  }
  return out;
}

Status Settings::set(std::string_view id, const json::value& value) {
  std::lock_guard writing(write_mu_);
  const SettingDefinition* d = nullptr;
  {
    std::lock_guard lock(mu_);
    const Entry* e = find(id);
    if (e == nullptr || e->definition->hidden) return not_found("Setting not found");
    d = e->definition;
  }
  if (auto why = check_setting_value(*d, value)) {
    return domain_error("error-invalid-setting-value", *why);
  }
  json::value v = normalised(*d, value);
  const int64_t now = clock_.now_ms();
  // Stored first: once anyone can see the new value, it survives a restart.
  store_.put_setting({d->id, json::serialize(v), now});
  std::vector<Observer> observers;
  {
    std::lock_guard lock(mu_);
    auto& entry = entries_.at(d->id);
    entry.value = v;
    entry.updated_at = now;
    observers = observers_;
  }
  for (const auto& observer : observers) observer(*this);
  if (d->is_public) {
    events_.all_event("public-settings-changed",
                      json::array{"updated", json::object{{"_id", d->id}, {"value", v}}});
  }
  // Every change, for admins' clients (the stream lets only view-privileged-setting holders
  // subscribe to it), as Rocket.Chat's notifyLogged does.
  events_.logged_event("private-settings-changed",
                       json::array{"updated", json::object{{"_id", d->id},
                                                           {"value", v},
                                                           {"public", d->is_public},
                                                           {"group", d->group}}});
  return Ok{};
}

void Settings::on_change(Observer observer) {
  {
    std::lock_guard lock(mu_);
    observers_.push_back(observer);
  }
  observer(*this);
}

}  // namespace parley::chat
