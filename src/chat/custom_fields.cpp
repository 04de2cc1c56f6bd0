#include "chat/custom_fields.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cctype>

namespace parley::chat {

namespace json = boost::json;

namespace {

Error invalid_definition() {
  return domain_error("error-invalid-customfield-json", "Invalid JSON for Custom Fields");
}

Error field_error(std::string reason) {
  Error e = domain_error("error-user-registration-custom-field", std::move(reason));
  e.details["method"] = "registerUser";
  return e;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// A limit as the admin wrote it: a number (JavaScript reads "5" as truthy too, and compares it
// as a number); anything else means no limit.
int64_t limit_of(const json::object& field, const char* key) {
  const json::value* v = field.if_contains(key);
  if (v == nullptr) return 0;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64()) return static_cast<int64_t>(v->get_uint64());
  if (v->is_double()) return static_cast<int64_t>(v->get_double());
  if (v->is_string()) {
    try {
      return std::stoll(std::string(v->get_string()));
    } catch (const std::exception&) {
      return 0;
    }
  }
  return 0;
}

// What underscore.string's trim makes of a value: strings as they are, numbers and booleans
// as text, anything missing or null as "".
std::string text_of(const json::value* v) {
  if (v == nullptr || v->is_null()) return "";
  if (v->is_string()) return std::string(v->get_string());
  return json::serialize(*v);
}

// UTF-16 code units, as JavaScript's length counts them.
std::size_t js_length(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    n += len == 4 ? 2 : 1;
    i += len;
  }
  return n;
}

}  // namespace

Result<CustomFieldsDefinition> parse_custom_fields_definition(std::string_view setting) {
  CustomFieldsDefinition out;
  if (trim(setting).empty()) return out;
  boost::system::error_code ec;
  json::value parsed = json::parse(setting, ec);
  if (ec || !parsed.is_object()) return invalid_definition();
  out.enabled = true;
  for (const auto& [name, spec] : parsed.get_object()) {
    if (!spec.is_object()) return invalid_definition();
    const json::object& o = spec.get_object();
    CustomFieldDefinition field;
    field.name = std::string(name);
    const json::value* type = o.if_contains("type");
    field.type = type != nullptr && type->is_string() ? std::string(type->get_string()) : "text";
    const json::value* required = o.if_contains("required");
    field.required = required != nullptr && required->is_bool() && required->get_bool();
    const json::value* is_public = o.if_contains("public");
    field.is_public = is_public != nullptr && is_public->is_bool() && is_public->get_bool();
    field.min_length = limit_of(o, "minLength");
    field.max_length = limit_of(o, "maxLength");
    if (const json::value* options = o.if_contains("options"); options && options->is_array()) {
      for (const auto& option : options->get_array()) {
        if (option.is_string()) field.options.emplace_back(option.get_string());
      }
    } else if (field.type == "select") {
      return invalid_definition();  // RC would throw a TypeError on field.options.indexOf
    }
    out.fields.push_back(std::move(field));
  }
  return out;
}

Status validate_custom_fields(const CustomFieldsDefinition& definition,
                              const json::object& values) {
  if (!definition.enabled) return Ok{};
  for (const auto& field : definition.fields) {
    const json::value* raw = values.if_contains(field.name);
    const std::string text = text_of(raw);
    const std::string_view value = trim(text);
    if (field.required && value.empty()) {
      return field_error("Field " + field.name + " is required");
    }
    if (field.type == "select") {
      const bool listed = raw != nullptr && raw->is_string() &&
                          std::find(field.options.begin(), field.options.end(),
                                    std::string(raw->get_string())) != field.options.end();
      if (!listed) return field_error("Value for field " + field.name + " is invalid");
    }
    const auto length = static_cast<int64_t>(js_length(value));
    if (field.max_length > 0 && length > field.max_length) {
      return field_error("Max length of field " + field.name + " " +
                         std::to_string(field.max_length));
    }
    if (field.min_length > 0 && length > 0 && length < field.min_length) {
      return field_error("Min length of field " + field.name + " " +
                         std::to_string(field.min_length));
    }
  }
  return Ok{};
}

json::object project_custom_fields(const CustomFieldsDefinition& definition,
                                   const json::object& values) {
  json::object out;
  for (const auto& field : definition.fields) {
    if (const json::value* v = values.if_contains(field.name)) out[field.name] = *v;
  }
  return out;
}

json::object visible_custom_fields(const CustomFieldsDefinition& definition,
                                   const json::object& values, bool see_all) {
  json::object out;
  for (const auto& field : definition.fields) {
    if (!see_all && !field.is_public) continue;
    if (const json::value* v = values.if_contains(field.name)) out[field.name] = *v;
  }
  return out;
}

}  // namespace parley::chat
