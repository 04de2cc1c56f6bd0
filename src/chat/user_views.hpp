#pragma once
// Users as Rocket.Chat clients read them (rc-api.md §4.6). REST writes dates as ISO strings,
// DDP as EJSON {$date: ms}; the same builder serves both through DateStyle.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>

#include "chat/custom_fields.hpp"
#include "store/records.hpp"

namespace parley::chat {

enum class DateStyle { kIso, kEjson };

boost::json::value date_value(int64_t ms, DateStyle style);

// users.info / users.list projection. Emails only when `with_emails` (self or privileged).
boost::json::object user_public(const store::UserRecord& user, DateStyle style, bool with_emails);

// users.info / users.list: `user` as `viewer` sees them (RC's getFullUserData). The user
// themselves and viewers with view-full-other-user-info see the emails and every custom field
// `custom_fields` (the parsed Accounts_CustomFields) defines; others see no emails and only the
// custom fields defined `public`. Fields no longer defined are never shown.
boost::json::object user_seen_by(const store::UserRecord& user, const store::UserRecord& viewer,
                                 const CustomFieldsDefinition& custom_fields, DateStyle style);

// /api/v1/me and the REST login's `me`: the public fields plus the owner-only ones.
boost::json::object user_me(const store::UserRecord& user, DateStyle style,
                            const std::string& root_url);

}  // namespace parley::chat
