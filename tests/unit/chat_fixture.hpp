#pragma once
// The chat services wired as the server wires them, on a real SQLite store and the
// in-process bus, with a recorder that keeps every event published.
#include <boost/json/parse.hpp>
#include <mutex>
#include <vector>

#include "bus/local_bus.hpp"
#include "chat/accounts.hpp"
#include "chat/events.hpp"
#include "chat/membership_cache.hpp"
#include "chat/messages.hpp"
#include "chat/presence.hpp"
#include "chat/room_access.hpp"
#include "chat/rooms.hpp"
#include "chat/settings.hpp"
#include "chat/statistics.hpp"
#include "test_store.hpp"

namespace parley::testing {

class EventRecorder {
 public:
  void record(const std::string& subject, const bus::Payload& payload) {
    std::lock_guard lock(mu_);
    events_.push_back({subject, boost::json::parse(*payload).as_object()});
  }
  // Events published on `subject` whose "event" equals `event`.
  std::vector<boost::json::object> on(const std::string& subject, const std::string& event) {
    std::lock_guard lock(mu_);
    std::vector<boost::json::object> out;
    for (const auto& [s, e] : events_) {
      if (s == subject && e.at("event").as_string() == event) out.push_back(e);
    }
    return out;
  }
  void clear() {
    std::lock_guard lock(mu_);
    events_.clear();
  }

 private:
  std::mutex mu_;
  std::vector<std::pair<std::string, boost::json::object>> events_;
};

class ChatFixture {
 public:
  ChatFixture()
      : db(&clock),
        accounts(db.store(), clock, accounts_options()),
        members(db.store()),
        access(db.store(), members),
        events(bus),
        messages(db.store(), clock, access, events),
        rooms(db.store(), clock, access, messages, events),
        presence(db.store(), events, clock),
        settings(db.store(), events, clock, [](const std::string&) { return std::nullopt; }),
        statistics(db.store(), presence, settings, clock, nullptr) {
    accounts.bootstrap_admin("admin", "pw", "admin@example.com");
    admin = *db.store().user_by_username("admin");
  }

  static chat::AccountsOptions accounts_options() {
    chat::AccountsOptions o;
    o.hash_cost = {1, 8192 * 1024};
    return o;
  }

  store::UserRecord user(const std::string& name) {
    auto created = accounts.create_user(
        admin, {name, name + "@example.com", "pw", "Name " + name, {}, true, false, false});
    if (!created) throw std::runtime_error(created.error().message());
    return created.value();
  }

  // Listens to a subject from now on.
  void watch(const std::string& subject) {
    bus.subscribe(subject,
                  [this](const std::string& s, const bus::Payload& p) { recorder.record(s, p); });
  }

  util::FakeClock clock;  // before db: it stamps the store's writes
  TempStore db;
  bus::LocalBus bus;
  EventRecorder recorder;
  chat::Accounts accounts;
  chat::MembershipCache members;
  chat::RoomAccess access;
  chat::Events events;
  chat::Messages messages;
  chat::Rooms rooms;
  chat::Presence presence;  // offline grace 5 s (the default)
  chat::Settings settings;  // the built-in defaults: no environment
  chat::Statistics statistics;
  store::UserRecord admin;
};

}  // namespace parley::testing
