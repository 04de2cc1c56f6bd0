#include "chat/setting_documents.hpp"

#include <boost/json/array.hpp>

namespace parley::chat {

namespace json = boost::json;

json::object setting_document(const SettingValue& v) {
  const SettingDefinition& d = *v.definition;
  json::object doc{{"_id", d.id},
                   {"value", v.value},
                   {"type", setting_type_name(d.type)},
                   {"packageValue", d.default_value},
                   {"public", d.is_public},
                   {"group", d.group}};
  if (!d.section.empty()) doc["section"] = d.section;
  // Rocket.Chat's defaults for both: the id, and the id with _Description.
  doc["i18nLabel"] = d.id;
  doc["i18nDescription"] = d.id + "_Description";
  doc["enterprise"] = d.enterprise;
  doc["readonly"] = d.readonly;
  doc["blocked"] = false;
  doc["hidden"] = d.hidden;
  doc["secret"] = d.secret;
  if (d.type == SettingType::kSelect || d.type == SettingType::kMultiSelect) {
    json::array values;
    for (const auto& choice : d.choices) {
      values.push_back(json::object{{"key", choice}, {"i18nLabel", choice}});
    }
    doc["values"] = std::move(values);
  }
  return doc;
}

}  // namespace parley::chat
