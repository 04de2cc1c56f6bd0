#include "rest/request_reader.hpp"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <charconv>
#include <cstdint>

namespace parley::rest {

namespace json = boost::json;

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      int hi = hex_value(s[i + 1]);
      int lo = hex_value(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

std::optional<QueryParams> parse_query(std::string_view query) {
  QueryParams params;
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    auto key = percent_decode(pair.substr(0, eq));
    auto value =
        percent_decode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
    if (!key || !value) return std::nullopt;
    params.emplace_back(std::move(*key), std::move(*value));
  }
  return params;
}

void Reader::fail(std::string reason) {
  if (!error_) error_ = chat::invalid_params(std::move(reason));
}

void Reader::fail(chat::Error error) {
  if (!error_) error_ = std::move(error);
}

const json::value* Reader::find(std::string_view name) const {
  if (!body_) return nullptr;
  return body_->if_contains(name);
}

const std::string* Reader::find_query(std::string_view name) const {
  if (!query_) return nullptr;
  for (const auto& [k, v] : *query_) {
    if (k == name) return &v;
  }
  return nullptr;
}

bool Reader::has(std::string_view name) const {
  return find(name) != nullptr || find_query(name) != nullptr;
}

std::string Reader::required_string(std::string_view name) {
  if (query_) {
    if (const auto* v = find_query(name)) return *v;
    fail("The parameter \"" + std::string(name) + "\" is required");
    return {};
  }
  const json::value* v = find(name);
  if (v == nullptr || v->is_null()) {
    fail("The parameter \"" + std::string(name) + "\" is required");
    return {};
  }
  if (!v->is_string()) {
    fail("The parameter \"" + std::string(name) + "\" must be a string");
    return {};
  }
  return std::string(v->get_string());
}

std::string Reader::optional_string(std::string_view name) {
  if (query_) {
    const auto* v = find_query(name);
    return v ? *v : std::string{};
  }
  const json::value* v = find(name);
  if (v == nullptr || v->is_null()) return {};
  if (!v->is_string()) {
    fail("The parameter \"" + std::string(name) + "\" must be a string");
    return {};
  }
  return std::string(v->get_string());
}

std::optional<bool> Reader::optional_bool(std::string_view name) {
  if (query_) {
    const auto* v = find_query(name);
    if (!v) return std::nullopt;
    if (*v == "true") return true;
    if (*v == "false") return false;
    fail("The parameter \"" + std::string(name) + "\" must be true or false");
    return std::nullopt;
  }
  const json::value* v = find(name);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (!v->is_bool()) {
    fail("The parameter \"" + std::string(name) + "\" must be a boolean");
    return std::nullopt;
  }
  return v->get_bool();
}

std::optional<int64_t> Reader::optional_int(std::string_view name) {
  if (query_) {
    const auto* v = find_query(name);
    if (!v) return std::nullopt;
    int64_t out = 0;
    auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
    if (ec != std::errc() || end != v->data() + v->size()) {
      fail("The parameter \"" + std::string(name) + "\" must be an integer");
      return std::nullopt;
    }
    return out;
  }
  const json::value* v = find(name);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64() && v->get_uint64() <= static_cast<uint64_t>(INT64_MAX)) {
    return static_cast<int64_t>(v->get_uint64());
  }
  fail("The parameter \"" + std::string(name) + "\" must be an integer");
  return std::nullopt;
}

std::vector<std::string> Reader::optional_string_array(std::string_view name) {
  std::vector<std::string> out;
  if (query_) {
    const std::string bracket = std::string(name) + "[]";
    for (const auto& [k, v] : *query_) {
      if (k == bracket || k == name) out.push_back(v);
    }
    return out;
  }
  const json::value* v = find(name);
  if (v == nullptr || v->is_null()) return out;
  if (!v->is_array()) {
    fail("The parameter \"" + std::string(name) + "\" must be an array of strings");
    return out;
  }
  for (const auto& item : v->get_array()) {
    if (!item.is_string()) {
      fail("The parameter \"" + std::string(name) + "\" must be an array of strings");
      return {};
    }
    out.emplace_back(item.get_string());
  }
  return out;
}

std::vector<std::pair<std::string, int>> read_sort(Reader& reader) {
  std::vector<std::pair<std::string, int>> fields;
  std::string text = reader.optional_string("sort");
  if (text.empty()) return fields;
  boost::system::error_code ec;
  json::value parsed = json::parse(text, ec);
  if (ec || !parsed.is_object()) {
    reader.fail(chat::domain_error("error-invalid-sort", "Invalid sort parameter provided"));
    return {};
  }
  for (const auto& [key, value] : parsed.get_object()) {
    if (!value.is_int64() || (value.get_int64() != 1 && value.get_int64() != -1)) {
      reader.fail(chat::domain_error(
          "error-invalid-sort",
          "Invalid sort parameter provided: \"" + std::string(key) + "\" must be 1 or -1"));
      return {};
    }
    fields.emplace_back(std::string(key), static_cast<int>(value.get_int64()));
  }
  return fields;
}

bool read_ts_sort(Reader& reader) {
  bool oldest_first = false;
  for (const auto& [field, direction] : read_sort(reader)) {
    if (field != "ts") {
      reader.fail(chat::domain_error(
          "error-invalid-sort",
          "Invalid sort parameter provided: \"" + field + "\" (messages sort by \"ts\" only)"));
      return false;
    }
    oldest_first = direction == 1;
  }
  return oldest_first;
}

std::vector<std::string> read_id_list(Reader& reader, std::string_view key) {
  std::string text = reader.optional_string(key);
  if (text.empty()) return {};
  if (text.front() != '[') return {text};
  boost::system::error_code ec;
  json::value parsed = json::parse(text, ec);
  std::vector<std::string> ids;
  if (!ec && parsed.is_array()) {
    for (const auto& v : parsed.get_array()) {
      if (!v.is_string()) {
        ids.clear();
        break;
      }
      ids.emplace_back(v.get_string());
    }
    if (!ids.empty() || parsed.get_array().empty()) return ids;
  }
  reader.fail("The parameter \"" + std::string(key) + "\" must be a JSON array of ids");
  return {};
}

Paging read_paging(Reader& reader, const PagingLimits& limits) {
  Paging paging;
  paging.offset = reader.optional_int("offset").value_or(0);
  auto count = reader.optional_int("count");
  if (paging.offset < 0) reader.fail("The parameter \"offset\" must not be negative");
  if (!count) {
    paging.count = limits.default_count;
  } else if (*count < 0) {
    reader.fail("The parameter \"count\" must not be negative");
  } else if (*count == 0) {
    paging.count = limits.allow_infinite ? 0 : limits.default_count;
  } else {
    paging.count = std::min<int64_t>(*count, limits.upper_limit);
  }
  return paging;
}

std::vector<std::string> split_comma_list(std::string_view list) {
  std::vector<std::string> out;
  while (!list.empty()) {
    const auto comma = list.find(',');
    const auto item = list.substr(0, comma);
    if (!item.empty()) out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return out;
}

}  // namespace parley::rest
