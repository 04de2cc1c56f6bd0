#pragma once
// The `query` and `fields` parameters of GET /api/v1/settings and settings.public (Rocket.Chat's
// parseJsonQuery: MongoDB JSON), applied to setting documents in memory. parley reads the subset
// clients send: a field's value for equality, the operators $eq, $ne, $in, $nin and $exists, and
// $and / $or of such queries. $regex is refused on purpose: settings.public is anonymous, and a
// backtracking regular expression from anyone is a way to hold a worker.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chat/errors.hpp"

namespace parley::rest {

struct SettingsQuery {
  boost::json::object query;  // empty: everything
};

// Parses `query` (empty text: match all). error-invalid-query when it is not a JSON object or
// uses an operator parley does not read.
chat::Result<SettingsQuery> parse_settings_query(std::string_view text);
bool settings_query_matches(const boost::json::object& query, const boost::json::object& doc);

// Parses `fields` ({"type":1,"group":1}; empty text: none). error-invalid-fields otherwise.
chat::Result<std::vector<std::pair<std::string, bool>>> parse_settings_fields(
    std::string_view text);

}  // namespace parley::rest
