#pragma once
// The kinds of client a load run mixes (docs/load.md; shared rc7-client-streams.md), and how
// each learns of a new message in one of its rooms.
#include <array>
#include <optional>
#include <string_view>

namespace parley::load {

enum class ClientKind : unsigned char {
  kWeb,     // RC 7 web client: notify-user rooms-changed for every room, room streams for open ones
  kSdk,     // npm SDK bot: room-messages "__my_messages__" (+ <uid>/message, <uid>/notification)
  kLegacy,  // older clients: one room stream per room, plus notify-logged "user-status"
  kBot,     // one room stream per room, nothing else
};
inline constexpr int kKindCount = 4;
inline constexpr std::array<std::string_view, kKindCount> kKindNames{"web", "sdk", "legacy", "bot"};

inline std::string_view kind_name(ClientKind k) {
  return kKindNames[static_cast<std::size_t>(k)];
}

inline std::optional<ClientKind> kind_from_name(std::string_view name) {
  for (std::size_t i = 0; i < kKindNames.size(); ++i) {
    if (kKindNames[i] == name) return static_cast<ClientKind>(i);
  }
  return std::nullopt;
}

}  // namespace parley::load
