#pragma once
// docs/settings.md, generated from the code: every setting parley knows (Rocket.Chat's
// catalogue joined with the entries parley honours), by group, with its type, default, public
// flag, section and whether parley acts on it. `parley settings-doc` prints it; the ctest test
// `settings_doc` fails when the checked-in docs/settings.md differs.
#include <string>
#include <vector>

#include "chat/setting_definition.hpp"

namespace parley::chat {

std::string settings_markdown(const std::vector<SettingDefinition>& definitions);

}  // namespace parley::chat
