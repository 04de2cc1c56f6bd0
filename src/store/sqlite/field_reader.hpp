#pragma once
// What every row codec (user_rows, room_rows, subscription_rows, message_rows) shares: the
// malformed-row counter, JSON text helpers, and FieldReader. FieldReader decodes one row
// column by column: each read either fills its output or marks the row bad, remembering the
// first field that failed, so a codec reads as a flat list of fields instead of a ladder of
// ifs and reports one reason.
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/registry.hpp"
#include "store/sqlite/connection.hpp"

namespace parley::store::sqlite {

// Counts skipped rows (parley_store_malformed_rows_total) and logs them, throttled so a bad
// row read on every request does not flood the log.
class MalformedRows {
 public:
  explicit MalformedRows(metrics::Registry& registry);
  void report(std::string_view table, std::string_view key, std::string_view field);

 private:
  metrics::Counter& counter_;
};

// A JSON object from text; nothing when the text is not JSON or not an object.
std::optional<boost::json::object> parse_json_object(std::string_view text);
std::string serialize_json(const boost::json::object& object);

// Role lists and other small string lists are JSON arrays of strings.
std::string string_list_to_json(const std::vector<std::string>& items);
std::optional<std::vector<std::string>> string_list_from_json(std::string_view text);

class FieldReader {
 public:
  explicit FieldReader(const Query& row) : row_(row) {}

  void text(int column, const char* field, std::string& out) {
    if (auto v = row_.text(column)) {
      out = std::move(*v);
    } else {
      mark(field);
    }
  }
  // NULL reads as "" (columns where the schema stores absence as NULL).
  void optional_text(int column, const char* field, std::string& out) {
    if (row_.is_null(column)) {
      out.clear();
    } else {
      text(column, field, out);
    }
  }
  void integer(int column, const char* field, int64_t& out) {
    if (auto v = row_.integer(column)) {
      out = *v;
    } else {
      mark(field);
    }
  }
  void boolean(int column, const char* field, bool& out) {
    if (auto v = row_.boolean(column)) {
      out = *v;
    } else {
      mark(field);
    }
  }
  void real(int column, const char* field, double& out) {
    if (auto v = row_.real(column)) {
      out = *v;
    } else {
      mark(field);
    }
  }
  void optional_integer(int column, const char* field, std::optional<int64_t>& out) {
    if (row_.is_null(column)) {
      out.reset();
    } else {
      integer(column, field, out.emplace());
    }
  }
  void json_object(int column, const char* field, boost::json::object& out) {
    auto v = row_.text(column);
    if (!v) return mark(field);
    if (auto object = parse_json_object(*v)) {
      out = std::move(*object);
    } else {
      mark(field);
    }
  }
  void string_list(int column, const char* field, std::vector<std::string>& out) {
    auto v = row_.text(column);
    if (!v) return mark(field);
    if (auto list = string_list_from_json(*v)) {
      out = std::move(*list);
    } else {
      mark(field);
    }
  }

  void mark(const char* field) {
    if (bad_ == nullptr) bad_ = field;
  }
  const char* bad() const { return bad_; }

 private:
  const Query& row_;
  const char* bad_ = nullptr;
};

}  // namespace parley::store::sqlite
