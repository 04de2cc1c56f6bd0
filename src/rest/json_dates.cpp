#include "rest/json_dates.hpp"

#include <boost/json/array.hpp>
#include <boost/json/string.hpp>
#include <string>

#include "util/clock.hpp"

namespace parley::rest {

namespace json = boost::json;

namespace {

std::optional<int64_t> ejson_date_ms(const json::object& object) {
  if (object.size() != 1) return std::nullopt;
  const json::value* ms = object.if_contains("$date");
  if (ms == nullptr) return std::nullopt;
  if (ms->is_int64()) return ms->get_int64();
  if (ms->is_uint64() && ms->get_uint64() <= static_cast<uint64_t>(INT64_MAX)) {
    return static_cast<int64_t>(ms->get_uint64());
  }
  return std::nullopt;
}

void convert_in_place(json::value& value) {
  if (value.is_array()) {
    for (auto& item : value.get_array()) convert_in_place(item);
  } else if (value.is_object()) {
    json::object& object = value.get_object();
    if (auto ms = ejson_date_ms(object)) {
      value = json::string(util::iso8601(*ms));
      return;
    }
    for (auto& [key, item] : object) convert_in_place(item);
  }
}

// A cursor over the text being parsed; every read either consumes what it expects or fails.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}
  bool done() const { return pos_ == text_.size(); }
  char peek() const { return done() ? '\0' : text_[pos_]; }
  bool take(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  // Exactly `width` decimal digits.
  bool digits(int width, int& out) {
    out = 0;
    for (int i = 0; i < width; ++i) {
      char c = peek();
      if (c < '0' || c > '9') return false;
      out = out * 10 + (c - '0');
      ++pos_;
    }
    return true;
  }
  // One or more digits, of which the first three are milliseconds (the rest truncated).
  bool fraction(int& millis) {
    millis = 0;
    int count = 0;
    while (peek() >= '0' && peek() <= '9') {
      if (count < 3) millis = millis * 10 + (peek() - '0');
      ++count;
      ++pos_;
    }
    for (int i = count; i < 3; ++i) millis *= 10;
    return count > 0;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

bool is_leap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
int64_t days_from_civil(int64_t y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

}  // namespace

json::value ejson_to_rest(json::value value) {
  convert_in_place(value);
  return value;
}

json::object ejson_to_rest(json::object object) {
  json::value value(std::move(object));
  convert_in_place(value);
  return std::move(value.get_object());
}

std::optional<int64_t> parse_iso8601(std::string_view text) {
  Scanner s(text);
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, millis = 0;
  if (!s.digits(4, year) || !s.take('-') || !s.digits(2, month) || !s.take('-') ||
      !s.digits(2, day)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) return std::nullopt;
  int64_t offset_minutes = 0;
  if (!s.done()) {
    if (!s.take('T') && !s.take('t') && !s.take(' ')) return std::nullopt;
    if (!s.digits(2, hour) || !s.take(':') || !s.digits(2, minute)) return std::nullopt;
    if (s.take(':')) {
      if (!s.digits(2, second)) return std::nullopt;
      if (s.take('.') && !s.fraction(millis)) return std::nullopt;
    }
    if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
    if (s.take('Z') || s.take('z')) {
      // UTC
    } else if (s.peek() == '+' || s.peek() == '-') {
      int sign = s.peek() == '-' ? -1 : 1;
      s.take(s.peek());
      int oh = 0, om = 0;
      if (!s.digits(2, oh)) return std::nullopt;
      s.take(':');
      if (!s.digits(2, om) || oh > 23 || om > 59) return std::nullopt;
      offset_minutes = sign * (oh * 60 + om);
    }
    if (!s.done()) return std::nullopt;
  }
  int64_t seconds = days_from_civil(year, month, day) * 86'400 + hour * 3'600 + minute * 60 +
                    second - offset_minutes * 60;
  return seconds * 1'000 + millis;
}

std::optional<int64_t> read_iso_date(Reader& reader, std::string_view name) {
  std::string text = reader.optional_string(name);
  if (text.empty()) return std::nullopt;
  auto ms = parse_iso8601(text);
  if (!ms) {
    reader.fail("The parameter \"" + std::string(name) +
                "\" must be an ISO-8601 date such as 2024-05-01T10:00:00.000Z");
  }
  return ms;
}

}  // namespace parley::rest
