#pragma once
// Rocket.Chat's setting document: the shape its admin pages and clients read from
// private-settings/get, public-settings/get and GET /api/v1/settings?fields=...
#include <boost/json/object.hpp>

#include "chat/settings.hpp"

namespace parley::chat {

// {_id, value, type, packageValue, public, group, section?, i18nLabel, i18nDescription,
// enterprise, readonly, blocked, hidden, secret, values? ({key, i18nLabel} for a select or
// multiSelect; parley has no translations, so the label is the key)}. Without _updatedAt: its
// form (EJSON for DDP, ISO for REST) is the transport's.
boost::json::object setting_document(const SettingValue& v);

}  // namespace parley::chat
