#pragma once
// One line per event, human-readable or JSON (PARLEY_LOG_FORMAT=json) for log shippers.
#include <string_view>

namespace parley::util {

enum class LogFormat { kHuman, kJson };

void init_logging(LogFormat format, std::string_view level);

}  // namespace parley::util
