#include "store/sqlite/field_reader.hpp"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>

namespace parley::store::sqlite {

MalformedRows::MalformedRows(metrics::Registry& registry)
    : counter_(registry.counter("parley_store_malformed_rows_total",
                                "Rows skipped on read because a field was missing or malformed")) {}

void MalformedRows::report(std::string_view table, std::string_view key, std::string_view field) {
  counter_.inc();
  const uint64_t seen = counter_.value();
  // The same bad row is met on every read of it: log the first few, then one in a thousand.
  if (seen <= 10 || seen % 1000 == 0) {
    spdlog::warn("store: skipped malformed row in {} (key {}, field {}); {} skipped so far", table,
                 key, field, seen);
  }
}

std::optional<boost::json::object> parse_json_object(std::string_view text) {
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(text, ec);
  if (ec || !value.is_object()) return std::nullopt;
  return std::move(value.as_object());
}

std::string serialize_json(const boost::json::object& object) {
  return boost::json::serialize(object);
}

std::string string_list_to_json(const std::vector<std::string>& items) {
  boost::json::array array;
  array.reserve(items.size());
  for (const auto& item : items) array.emplace_back(item);
  return boost::json::serialize(array);
}

std::optional<std::vector<std::string>> string_list_from_json(std::string_view text) {
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(text, ec);
  if (ec || !value.is_array()) return std::nullopt;
  std::vector<std::string> items;
  items.reserve(value.as_array().size());
  for (const auto& item : value.as_array()) {
    if (!item.is_string()) return std::nullopt;
    items.emplace_back(item.as_string());
  }
  return items;
}

}  // namespace parley::store::sqlite
