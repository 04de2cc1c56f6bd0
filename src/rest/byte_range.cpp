#include "rest/byte_range.hpp"

#include <limits>
#include <optional>

namespace parley::rest {

namespace {

constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Decimal digits only; a value too large for 64 bits saturates (it is past any file's end).
std::optional<uint64_t> number(std::string_view digits) {
  if (digits.empty()) return std::nullopt;
  uint64_t value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    auto d = static_cast<uint64_t>(c - '0');
    value = value > (kMax - d) / 10 ? kMax : value * 10 + d;
  }
  return value;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    if (x != b[i]) return false;
  }
  return true;
}

}  // namespace

ByteRange parse_byte_range(std::string_view header, uint64_t size) {
  const ByteRange whole;
  ByteRange unsatisfiable;
  unsatisfiable.kind = ByteRange::Kind::kUnsatisfiable;

  header = trimmed(header);
  auto eq = header.find('=');
  if (eq == std::string_view::npos ||
      !equals_ignoring_case(trimmed(header.substr(0, eq)), "bytes")) {
    return whole;
  }
  std::string_view set = header.substr(eq + 1);
  // The one non-empty element of the list (RFC 7230 §7 lets empty elements pass).
  std::string_view spec;
  while (!set.empty()) {
    auto comma = set.find(',');
    std::string_view item = trimmed(set.substr(0, comma));
    set = comma == std::string_view::npos ? std::string_view{} : set.substr(comma + 1);
    if (item.empty()) continue;
    if (!spec.empty()) return whole;  // several ranges
    spec = item;
  }
  auto dash = spec.find('-');
  if (dash == std::string_view::npos) return whole;
  std::string_view from_text = trimmed(spec.substr(0, dash));
  std::string_view to_text = trimmed(spec.substr(dash + 1));

  if (from_text.empty()) {  // suffix: the last n bytes
    auto n = number(to_text);
    if (!n) return whole;
    if (*n == 0 || size == 0) return unsatisfiable;
    ByteRange r;
    r.kind = ByteRange::Kind::kPartial;
    r.first = *n >= size ? 0 : size - *n;
    r.last = size - 1;
    return r;
  }
  auto first = number(from_text);
  if (!first) return whole;
  std::optional<uint64_t> last;
  if (!to_text.empty()) {
    last = number(to_text);
    if (!last || *last < *first) return whole;
  }
  if (*first >= size) return unsatisfiable;
  ByteRange r;
  r.kind = ByteRange::Kind::kPartial;
  r.first = *first;
  r.last = last && *last < size - 1 ? *last : size - 1;
  return r;
}

}  // namespace parley::rest
