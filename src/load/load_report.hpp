#pragma once
// The human-readable form of a load run's report (the JSON object written by --json).
#include <boost/json/object.hpp>
#include <string>

namespace parley::load {

std::string render_report_text(const boost::json::object& report);

}  // namespace parley::load
