#pragma once
// What parley knows about one Rocket.Chat setting: its id, type, default and where Rocket.Chat's
// admin pages show it. The definitions come from two places (setting_definitions.cpp): the
// catalogue of every id Rocket.Chat 7 registers (settings_catalogue.tsv, data), and the code
// entries for the settings parley honours, which add bounds and win where they differ.
#include <boost/json/value.hpp>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::chat {

// Rocket.Chat's setting types. What a value must look like follows from the type
// (check_setting_value in settings.cpp): a boolean, an integer, a string, a listed choice, a list
// of strings, an EJSON date, or (roomPick, asset) any JSON object or array.
enum class SettingType {
  kBoolean,
  kInt,
  kString,
  kSelect,
  kMultiSelect,
  kCode,
  kPassword,
  kColor,
  kFont,
  kLanguage,
  kRelativeUrl,
  kTimezone,
  kAction,
  kLookup,
  kTimespan,
  kRange,
  kDate,
  kRoomPick,
  kAsset,
};

// "boolean", "int", ...: Rocket.Chat's spelling, which its admin pages pick an editor by.
std::string_view setting_type_name(SettingType type);
std::optional<SettingType> setting_type_from_name(std::string_view name);

struct SettingDefinition {
  std::string id;
  SettingType type = SettingType::kString;
  boost::json::value default_value;
  bool is_public = false;              // readable without login (settings.public)
  std::string group;                   // Rocket.Chat's admin group, e.g. "General", "Accounts"
  std::vector<std::string> choices{};  // kSelect, kMultiSelect: the allowed keys (empty: any)
  int64_t min = std::numeric_limits<int64_t>::min();  // kInt bounds
  int64_t max = std::numeric_limits<int64_t>::max();
  std::string section{};    // the section within the group; empty when there is none
  bool honoured = false;    // parley acts on it; otherwise stored and served, "no effect yet"
  bool hidden = false;      // Rocket.Chat's hidden: never listed, read nor written by clients
  bool enterprise = false;  // an Enterprise Edition setting in Rocket.Chat
  bool secret = false;      // Rocket.Chat masks it in exports and support dumps
  bool readonly = false;    // shown read-only in Rocket.Chat's admin pages
};

}  // namespace parley::chat
