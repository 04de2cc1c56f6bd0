#pragma once
// Small pieces every DDP method file shares: Meteor's check() failure, the empty result, and
// the "<owner>/<event>" names of stream events.
#include <optional>
#include <string_view>
#include <utility>

#include "ddp/service.hpp"

namespace parley::ddp {

// Meteor's check() failure: error 400, reason "Match failed".
inline chat::Error match_failed() {
  return chat::Error{chat::ErrorKind::kInvalidParams, 400, "Match failed", {}};
}

// A method that returns nothing (the result frame carries no `result`).
inline MethodResult nothing() {
  return std::optional<boost::json::value>();
}

// "<owner>/<event>" split at the first slash (owner is a room or user id); no slash: the
// whole name is the owner and the event is empty.
inline std::pair<std::string_view, std::string_view> split_event(std::string_view name) {
  auto slash = name.find('/');
  if (slash == std::string_view::npos) return {name, {}};
  return {name.substr(0, slash), name.substr(slash + 1)};
}

}  // namespace parley::ddp
