#pragma once
// The generated avatar Rocket.Chat serves when nobody uploaded one: a square of a stable
// colour with the name's initials (RC: apps/meteor/server/routes/avatar/utils.ts
// renderSVGLetters, app/utils/lib/getAvatarColor.ts). Pure functions, so the exact bytes RC
// would answer are unit-tested here, and a client that caches by ETag sees one avatar per name.
#include <optional>
#include <string>
#include <string_view>

namespace parley::chat::avatar {

constexpr int kDefaultSvgSize = 200;  // RC's viewSize when no ?size= is given
constexpr int kMinSvgSize = 16;
constexpr int kMaxSvgSize = 1024;

// RC's six colours, picked by the name's length in UTF-16 code units (JavaScript's
// `name.length`), so "ana" and "bob" share one. '?' is black.
std::string color(std::string_view name);

// One letter: the first ASCII letter or digit of the name, upper-cased (others dropped, so
// "élan" gives "L" and "日本" gives ""). With `all_initials` (UI_Use_Name_Avatar, for a user's
// real name): that letter of each of the first three space-separated words.
std::string initials(std::string_view name, bool all_initials);

// `?size=` as RC reads it (parseInt: leading digits, optional sign, 0x hex), clamped to
// 16..1024; nullopt (so the default) when absent, not a number, or 0.
std::optional<int> size_param(std::string_view value);

// The SVG document, byte for byte as RC renders it.
std::string render_svg(std::string_view name, int size, bool all_initials);

}  // namespace parley::chat::avatar
