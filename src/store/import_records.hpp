#pragma once
// What Store::import_batch writes: rows made elsewhere (`parley seed`, later an import of a
// Rocket.Chat database), written as they are in one transaction.
#include <vector>

#include "store/records.hpp"
#include "store/room_records.hpp"

namespace parley::store {

// Unlike every other write, an import keeps the caller's timestamps (created_at, updated_at,
// a message's ts, a room's lm): they are history, not this moment. Rows are inserted in the
// order users, tokens, rooms, subscriptions, messages, so a batch may hold a room with its
// members and messages. Rooms' msgs/lm/lastMessage and subscriptions' counts are taken as
// given: the importer computes them from the messages it writes.
struct ImportBatch {
  std::vector<UserRecord> users;  // with their emails
  std::vector<LoginTokenRecord> tokens;
  std::vector<RoomRecord> rooms;
  std::vector<SubscriptionRecord> subscriptions;
  std::vector<MessageRecord> messages;
};

}  // namespace parley::store
