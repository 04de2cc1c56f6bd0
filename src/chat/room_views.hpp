#pragma once
// Rooms and subscriptions as Rocket.Chat clients read them (rc-api.md §4.4, §4.5), in EJSON
// form (dates as {$date}); rest/ converts the dates to ISO strings on the way out.
#include <boost/json/object.hpp>

#include "store/room_records.hpp"

namespace parley::chat {

boost::json::object room_view(const store::RoomRecord& room);
boost::json::object subscription_view(const store::SubscriptionRecord& subscription);
// An entry of `remove` in subscriptions.get / subscriptions/get: {_id, _deletedAt}, as
// Rocket.Chat answers from its trash.
boost::json::object removed_subscription_view(const store::RemovedSubscription& removed);

}  // namespace parley::chat
