#include "rest/settings_query.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace parley::rest {

namespace json = boost::json;

namespace {

// {"$in": [...]} is an operator object; {"a": 1} or "x" is a value to compare with.
bool is_operator_object(const json::value& cond) {
  if (!cond.is_object() || cond.get_object().empty()) return false;
  const auto key = cond.get_object().begin()->key();
  return !key.empty() && key.front() == '$';
}

chat::Error invalid_query(std::string_view text, std::string_view why) {
  return chat::domain_error(
      "error-invalid-query",
      "Invalid query parameter provided: \"" + std::string(text) + "\": " + std::string(why));
}

// Why `query` cannot be read, or nothing: checked once, so matching never fails.
std::optional<std::string> check(const json::object& query) {
  for (const auto& [key, cond] : query) {
    if (key == "$and" || key == "$or") {
      if (!cond.is_array()) return std::string(key) + " takes a list of queries";
      for (const auto& sub : cond.get_array()) {
        if (!sub.is_object()) return std::string(key) + " takes a list of queries";
        if (auto why = check(sub.get_object())) return why;
      }
      continue;
    }
    if (!key.empty() && key.front() == '$') return "unsupported operator " + std::string(key);
    if (!is_operator_object(cond)) continue;  // equality with a value
    for (const auto& [op, operand] : cond.get_object()) {
      if (op == "$eq" || op == "$ne") continue;
      if (op == "$exists" && operand.is_bool()) continue;
      if ((op == "$in" || op == "$nin") && operand.is_array()) continue;
      return "unsupported operator " + std::string(op) + " on " + std::string(key);
    }
  }
  return std::nullopt;
}

bool in(const json::array& list, const json::value& v) {
  for (const auto& item : list) {
    if (item == v) return true;
  }
  return false;
}

bool field_matches(const json::value* field, const json::value& cond) {
  static const json::value kNull;
  const json::value& v = field != nullptr ? *field : kNull;
  if (!is_operator_object(cond)) return v == cond;
  for (const auto& [op, operand] : cond.get_object()) {
    if (op == "$eq" && v != operand) return false;
    if (op == "$ne" && v == operand) return false;
    if (op == "$exists" && (field != nullptr) != operand.get_bool()) return false;
    if (op == "$in" && !in(operand.get_array(), v)) return false;
    if (op == "$nin" && in(operand.get_array(), v)) return false;
  }
  return true;
}

}  // namespace

chat::Result<SettingsQuery> parse_settings_query(std::string_view text) {
  if (text.empty()) return SettingsQuery{};
  boost::system::error_code ec;
  json::value parsed = json::parse(text, ec);
  if (ec || !parsed.is_object()) return invalid_query(text, "not a JSON object");
  if (auto why = check(parsed.get_object())) return invalid_query(text, *why);
  return SettingsQuery{std::move(parsed.get_object())};
}

bool settings_query_matches(const json::object& query, const json::object& doc) {
  for (const auto& [key, cond] : query) {
    if (key == "$and") {
      for (const auto& sub : cond.get_array()) {
        if (!settings_query_matches(sub.get_object(), doc)) return false;
      }
    } else if (key == "$or") {
      bool any = false;
      for (const auto& sub : cond.get_array())
        any = any || settings_query_matches(sub.get_object(), doc);
      if (!any) return false;
    } else if (!field_matches(doc.if_contains(key), cond)) {
      return false;
    }
  }
  return true;
}

chat::Result<std::vector<std::pair<std::string, bool>>> parse_settings_fields(
    std::string_view text) {
  std::vector<std::pair<std::string, bool>> fields;
  if (text.empty()) return fields;
  auto refuse = [&] {
    return chat::domain_error("error-invalid-fields",
                              "Invalid fields parameter provided: \"" + std::string(text) + "\"");
  };
  boost::system::error_code ec;
  json::value parsed = json::parse(text, ec);
  if (ec || !parsed.is_object()) return refuse();
  for (const auto& [key, flag] : parsed.get_object()) {
    if (flag.is_bool()) {
      fields.emplace_back(key, flag.get_bool());
    } else if (flag.is_int64() && (flag.get_int64() == 0 || flag.get_int64() == 1)) {
      fields.emplace_back(key, flag.get_int64() == 1);
    } else {
      return refuse();
    }
  }
  return fields;
}

}  // namespace parley::rest
