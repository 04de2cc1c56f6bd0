#include "chat/settings_catalogue.hpp"

#include <array>
#include <boost/json/parse.hpp>
#include <set>
#include <stdexcept>
#include <utility>

#include "chat/settings.hpp"

namespace parley::chat {

namespace json = boost::json;

namespace {

constexpr std::array<std::pair<SettingType, std::string_view>, 19> kTypeNames{{
    {SettingType::kBoolean, "boolean"},
    {SettingType::kInt, "int"},
    {SettingType::kString, "string"},
    {SettingType::kSelect, "select"},
    {SettingType::kMultiSelect, "multiSelect"},
    {SettingType::kCode, "code"},
    {SettingType::kPassword, "password"},
    {SettingType::kColor, "color"},
    {SettingType::kFont, "font"},
    {SettingType::kLanguage, "language"},
    {SettingType::kRelativeUrl, "relativeUrl"},
    {SettingType::kTimezone, "timezone"},
    {SettingType::kAction, "action"},
    {SettingType::kLookup, "lookup"},
    {SettingType::kTimespan, "timespan"},
    {SettingType::kRange, "range"},
    {SettingType::kDate, "date"},
    {SettingType::kRoomPick, "roomPick"},
    {SettingType::kAsset, "asset"},
}};

std::vector<std::string_view> split(std::string_view line, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (;;) {
    std::size_t end = line.find(separator, start);
    parts.push_back(line.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

json::value parse_json(std::string_view text, const std::string& what) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) throw std::invalid_argument(what + " is not JSON: " + std::string(text));
  return v;
}

SettingDefinition parse_line(std::string_view line, const std::string& where) {
  auto cols = split(line, '\t');
  if (cols.size() != 8) {
    throw std::invalid_argument(where + ": expected 8 tab-separated columns, found " +
                                std::to_string(cols.size()));
  }
  SettingDefinition d;
  d.id = std::string(cols[0]);
  if (d.id.empty()) throw std::invalid_argument(where + ": empty id");
  auto type = setting_type_from_name(cols[1]);
  if (!type) throw std::invalid_argument(where + ": unknown type " + std::string(cols[1]));
  d.type = *type;
  d.default_value = parse_json(cols[2], where + ": the default");
  d.group = std::string(cols[3]);
  d.section = std::string(cols[4]);
  if (cols[5] != "0" && cols[5] != "1") throw std::invalid_argument(where + ": public is 0 or 1");
  d.is_public = cols[5] == "1";
  if (!cols[6].empty()) {
    json::value values = parse_json(cols[6], where + ": values");
    if (!values.is_array()) throw std::invalid_argument(where + ": values must be an array");
    for (const auto& v : values.get_array()) {
      if (!v.is_string()) throw std::invalid_argument(where + ": values must be strings");
      d.choices.emplace_back(v.get_string());
    }
  }
  if (!cols[7].empty()) {
    for (auto flag : split(cols[7], ',')) {
      if (flag == "hidden")
        d.hidden = true;
      else if (flag == "enterprise")
        d.enterprise = true;
      else if (flag == "secret")
        d.secret = true;
      else if (flag == "readonly")
        d.readonly = true;
      else
        throw std::invalid_argument(where + ": unknown flag " + std::string(flag));
    }
  }
  // Rocket.Chat's defaults include a few that its own validation would refuse (a null Site_Url
  // before ROOT_URL is known); only a default of the wrong kind is a defect here.
  if (!d.default_value.is_null()) {
    if (auto why = check_setting_value(d, d.default_value)) {
      throw std::invalid_argument(where + ": the default does not fit: " + *why);
    }
  }
  return d;
}

}  // namespace

std::string_view setting_type_name(SettingType type) {
  for (const auto& [t, name] : kTypeNames) {
    if (t == type) return name;
  }
  return "string";
}

std::optional<SettingType> setting_type_from_name(std::string_view name) {
  for (const auto& [t, n] : kTypeNames) {
    if (n == name) return t;
  }
  return std::nullopt;
}

std::vector<SettingDefinition> parse_settings_catalogue(std::string_view text) {
  std::vector<SettingDefinition> out;
  std::set<std::string, std::less<>> seen;
  int number = 0;
  for (auto line : split(text, '\n')) {
    ++number;
    if (line.empty() || line.front() == '#') continue;
    auto d = parse_line(line, "settings catalogue line " + std::to_string(number));
    if (!seen.insert(d.id).second) {
      throw std::invalid_argument("settings catalogue line " + std::to_string(number) +
                                  ": repeated id " + d.id);
    }
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace parley::chat
