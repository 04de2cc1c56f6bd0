#pragma once
// Dates between REST and chat/ (rc-api.md §1.2). chat/ builds rooms, subscriptions and
// messages in EJSON form, dates as {"$date": ms}; REST clients read ISO-8601 strings, and send
// ISO strings in parameters such as latest, oldest, updatedSince and lastUpdate.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string_view>

#include "rest/request_reader.hpp"

namespace parley::rest {

// Every object of exactly the form {"$date": <integer ms>}, at any depth, becomes the ISO
// string util::iso8601 writes ("2024-05-01T10:00:00.000Z"). Everything else is kept as is.
boost::json::value ejson_to_rest(boost::json::value value);
boost::json::object ejson_to_rest(boost::json::object object);

// Milliseconds since the epoch for the ISO-8601 forms JavaScript's Date.parse accepts from
// Rocket.Chat clients: "2024-05-01", "2024-05-01T10:00", "...:00", "...:00.123" with any
// number of fraction digits, followed by "Z", "+02:00", "+0200" or nothing (read as UTC, as a
// server has no client time zone to use). nullopt for anything else or an impossible date.
std::optional<int64_t> parse_iso8601(std::string_view text);

// An optional ISO date parameter: absent or empty -> nullopt; present but unparsable ->
// nullopt and an invalid-params error on the reader naming the parameter.
std::optional<int64_t> read_iso_date(Reader& reader, std::string_view name);

}  // namespace parley::rest
