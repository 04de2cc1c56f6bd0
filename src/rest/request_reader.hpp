#pragma once
// Parse all, check once (STYLE.md idea 9): a handler reads every field it needs through a
// Reader, which remembers the first problem; the handler checks `error()` once.
// Fields come from the JSON body (POST) or the query string (GET).
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "chat/errors.hpp"

namespace parley::rest {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// Decodes "a=1&b=x%20y" (with '+' as space). Malformed percent-escapes make it return nullopt.
std::optional<QueryParams> parse_query(std::string_view query);

class Reader {
 public:
  explicit Reader(const boost::json::object& body) : body_(&body) {}
  explicit Reader(const QueryParams& query) : query_(&query) {}

  // Present and a string (may be empty). Records an error when absent or of another type.
  std::string required_string(std::string_view name);
  // Absent -> empty; present but not a string -> error.
  std::string optional_string(std::string_view name);
  std::optional<bool> optional_bool(std::string_view name);
  std::optional<int64_t> optional_int(std::string_view name);
  std::vector<std::string> optional_string_array(std::string_view name);
  bool has(std::string_view name) const;

  const std::optional<chat::Error>& error() const { return error_; }
  void fail(std::string reason);
  void fail(chat::Error error);

 private:
  const boost::json::value* find(std::string_view name) const;
  const std::string* find_query(std::string_view name) const;

  const boost::json::object* body_ = nullptr;
  const QueryParams* query_ = nullptr;
  std::optional<chat::Error> error_;
};

// "a,b,,c" -> {"a", "b", "c"}: the comma-separated id lists of query strings
// (settings.public?_id=, users.presence?ids=). Empty items are dropped.
std::vector<std::string> split_comma_list(std::string_view list);

struct Paging {
  int64_t offset = 0;
  int64_t count = 50;  // 0 = unlimited
};

struct PagingLimits {
  int default_count = 50;
  int upper_limit = 100;
  bool allow_infinite = true;
};

// rc-api.md §1.6: `sort` is JSON such as {"ts":-1}; every value must be 1 or -1, otherwise
// the reader fails with error-invalid-sort. Returns the fields in order.
std::vector<std::pair<std::string, int>> read_sort(Reader& reader);
// For message lists: `sort` may order by ts only; true when it asks oldest first ({"ts":1}).
// Any other field is refused as error-invalid-sort.
bool read_ts_sort(Reader& reader);
// A parameter holding a JSON array of ids ('["a","b"]'), or one bare id; empty when absent.
std::vector<std::string> read_id_list(Reader& reader, std::string_view key);

// rc-api.md §1.6: count defaults to API_Default_Count, is capped at API_Upper_Count_Limit,
// and count=0 means "all" when API_Allow_Infinite_Count.
Paging read_paging(Reader& reader, const PagingLimits& limits);

}  // namespace parley::rest
