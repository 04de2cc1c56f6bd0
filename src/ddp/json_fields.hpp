#pragma once
// Reading a string member of a JSON object that clients or the bus filled in: anything else
// (missing, another type) reads as empty, which every caller treats as "not given".
#include <boost/json/object.hpp>
#include <string_view>

namespace parley::ddp {

inline std::string_view string_or_empty(const boost::json::object& o, std::string_view key) {
  const boost::json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string_view(v->get_string()) : std::string_view();
}

}  // namespace parley::ddp
