#pragma once
// DESIGN: Rocket.Chat's settings catalogue is data, not code. settings_catalogue.tsv (one setting
// a line: id, type, default, group, section, public, values, flags; its header says more) is
// embedded in the binary at build time by cmake/embed_catalogue.cmake, and parsed once, on the
// first call to setting_definitions(). A malformed line is a build defect, so the parser names it
// and throws; the unit tests parse the embedded text, so such a line fails `ctest`, not a start.
#include <string_view>
#include <vector>

#include "chat/setting_definition.hpp"

namespace parley::chat {

// The embedded settings_catalogue.tsv (generated source).
std::string_view settings_catalogue_text();

// Every line of `text` that is neither blank nor a # comment, as a definition (honoured = false).
// Throws std::invalid_argument naming the line when a column is missing or malformed, when the
// default does not fit the type, or when an id repeats.
std::vector<SettingDefinition> parse_settings_catalogue(std::string_view text);

}  // namespace parley::chat
