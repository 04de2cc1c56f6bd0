#pragma once
// DESIGN: users' custom fields, as Rocket.Chat's Accounts_CustomFields setting defines them
// (app/lib/server/functions/validateCustomFields.js, saveCustomFieldsWithoutValidation.ts).
//  - The setting is JSON an admin writes: {"<field>": {"type": "text"|"select", "required":
//    bool, "minLength": n, "maxLength": n, "options": [...]}}. Blank means "no custom fields":
//    nothing is validated and nothing is saved (RC's saveCustomFields returns early), so
//    values sent while it is blank are dropped, not stored.
//  - A definition that is not a JSON object of objects is refused with RC's
//    error-invalid-customfield-json whenever a value would be checked or saved; it never
//    throws, so a typo in the setting costs the custom fields, never a request or the process.
//  - Saving keeps only the defined fields (RC builds the object from the definition's keys);
//    a field the client left out is absent, not null.
// Pure functions, no state: safe from any thread.
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chat/errors.hpp"

namespace parley::chat {

struct CustomFieldDefinition {
  std::string name;
  std::string type;  // "text" (RC's default), "select"
  bool required = false;
  bool is_public = false;  // `public`: shown to every user in users.info, not only to admins
  int64_t min_length = 0;  // 0: no limit
  int64_t max_length = 0;
  std::vector<std::string> options;  // select: the allowed values
};

// The parsed setting. An empty list with `enabled` false: the setting is blank.
struct CustomFieldsDefinition {
  bool enabled = false;
  std::vector<CustomFieldDefinition> fields;
};

// error-invalid-customfield-json for anything but blank or an object of objects.
Result<CustomFieldsDefinition> parse_custom_fields_definition(std::string_view setting);

// RC's validateCustomFields: required, select options, max and min length (of the trimmed
// text), in that order per field, fields in the definition's order.
Status validate_custom_fields(const CustomFieldsDefinition& definition,
                              const boost::json::object& values);

// The object to store: the defined fields that `values` has, nothing else.
boost::json::object project_custom_fields(const CustomFieldsDefinition& definition,
                                          const boost::json::object& values);

// RC's getFullUserData projection (users.info, users.list): only the defined fields, all of
// them when `see_all` (the user themselves, or a viewer with view-full-other-user-info), else
// those the definition marks `public`. A blank or broken definition shows nothing.
boost::json::object visible_custom_fields(const CustomFieldsDefinition& definition,
                                          const boost::json::object& values, bool see_all);

}  // namespace parley::chat
