#include "chat/room_names.hpp"

#include <cctype>
#include <regex>

namespace parley::chat {

struct RoomNames::Compiled {
  RoomNameRules rules;
  std::regex pattern;
};

namespace {

const char* const kDefaultPattern = "^[0-9a-zA-Z-_.]+$";

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool blocked(std::string_view name, const std::string& list) {
  const std::string lower = ascii_lower(name);
  std::string_view rest = list;
  while (!rest.empty()) {
    auto comma = rest.find(',');
    if (rest.substr(0, comma) == lower) return true;
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return false;
}

std::string slug(std::string_view display) {
  std::string out;
  bool dash = false;
  for (char ch : display) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80) continue;  // no transliteration: non-ASCII letters are dropped
    if (std::isalnum(c) || c == '_' || c == '.' || c == '-') {
      out.push_back(ch);
      dash = c == '-';
    } else if (!out.empty() && !dash) {
      out.push_back('-');
      dash = true;
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

}  // namespace

RoomNames::RoomNames() {
  set_rules({});
}

void RoomNames::set_rules(RoomNameRules rules) {
  auto compiled = std::make_shared<Compiled>();
  try {
    compiled->pattern = std::regex("^" + rules.validation + "$", std::regex::ECMAScript);
  } catch (const std::regex_error&) {
    compiled->pattern = std::regex(kDefaultPattern, std::regex::ECMAScript);
  }
  compiled->rules = std::move(rules);
  std::lock_guard lock(mu_);
  rules_ = std::move(compiled);
}

Result<RoomName> RoomNames::check(std::string_view display_name) const {
  std::shared_ptr<const Compiled> rules;
  {
    std::lock_guard lock(mu_);
    rules = rules_;
  }
  RoomName out{std::string(display_name), std::string(display_name)};
  if (rules->rules.allow_special_chars) out.name = slug(display_name);
  if (out.name.empty() || out.name.size() > 100 || !std::regex_match(out.name, rules->pattern) ||
      blocked(out.name, rules->rules.blocked)) {
    return domain_error("error-invalid-room-name", out.name + " is not a valid room name");
  }
  return out;
}

}  // namespace parley::chat
