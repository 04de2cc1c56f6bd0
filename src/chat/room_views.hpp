#pragma once
// Rooms and subscriptions as Rocket.Chat clients read them (rc-api.md §4.4, §4.5), in EJSON
// form (dates as {$date}); rest/ converts the dates to ISO strings on the way out.
#include <boost/json/object.hpp>

#include "store/room_records.hpp"

namespace parley::chat {

boost::json::object room_view(const store::RoomRecord& room);
// With the subscription's room at hand, its `teamId` / `teamMain` too: ISubscription has them.
// RC's server writes neither on subscriptions (its clients copy them from the room); parley
// sends them with the subscription so a client reading subscriptions alone sees a team room.
boost::json::object subscription_view(const store::SubscriptionRecord& subscription,
                                      const store::RoomRecord* room = nullptr);
// An entry of `remove` in subscriptions.get / subscriptions/get: {_id, _deletedAt}, as
// Rocket.Chat answers from its trash.
boost::json::object removed_subscription_view(const store::RemovedSubscription& removed);

}  // namespace parley::chat
