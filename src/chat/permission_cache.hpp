#pragma once
// DESIGN: which roles hold which permission, and which roles exist, as this instance believes
// right now. Every permission check reads it; permissions.update and roles.* change it.
//
//  - Source of truth is the store (migration 0008). At start app/ loads the cache from it; until
//    then (and in tests that never load it) it holds the built-in defaults (permission_table.cpp),
//    which are what the migration seeds.
//  - Readers take an immutable Snapshot through an atomic shared_ptr: a check costs one atomic
//    load and a hash lookup, never waits for a writer, and sees one consistent version.
//    Writers (rare: an admin's click) copy the snapshot, change the copy and swap it in, one at
//    a time under a mutex.
//  - Every change carries the store's write stamp, and a change older than what the cache holds
//    for the same permission or role is ignored (last writer by stamp wins; a deleted role keeps
//    its deletion stamp). So the same change may arrive twice and in any order: applied directly
//    by the instance that made it (the change takes effect before the admin's call returns) and
//    again from the bus, where every instance's cache hears it (PermissionBus subject
//    "permissions"; see chat/roles_admin.hpp). With NATS the other instances follow within the
//    bus latency, and none can go back to an older state.
//  - One per process (permission_cache()), as Rocket.Chat keeps one in memory: the ~50 places
//    that check a permission call has_permission() (permissions.hpp) without carrying it.
#include <atomic>
#include <boost/json/object.hpp>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/permission_records.hpp"

namespace parley::store {
class Store;
}  // namespace parley::store

namespace parley::chat {

class PermissionCache {
 public:
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  template <typename V>
  using Index = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

  struct Snapshot {
    std::vector<store::PermissionRecord> permissions;  // permissions.listAll order
    std::vector<store::RoleRecord> roles;              // creation order
    Index<size_t> permission_at;                       // id -> position in `permissions`
    Index<size_t> role_at;                             // id -> position in `roles`
    Index<int64_t> removed_roles;                      // id -> stamp of its deletion

    const store::PermissionRecord* permission(std::string_view id) const;
    const store::RoleRecord* role(std::string_view id) const;
    // The first role whose name is `name` (names are unique in the store).
    const store::RoleRecord* role_by_name(std::string_view name) const;
  };

  // Starts with the built-in defaults.
  PermissionCache();

  // Replaces everything with what the store holds.
  void load(store::Store& store);
  // Back to the built-in defaults (tests that changed the process's cache).
  void reset_to_defaults();

  std::shared_ptr<const Snapshot> snapshot() const { return current_.load(); }

  // Each returns whether the cache changed: false for a change older than what it holds.
  bool apply_permission(const store::PermissionRecord& permission);
  bool apply_role(const store::RoleRecord& role);
  bool apply_role_removed(const store::RemovedRole& removed);

  // The bus form of a change, and applying one: {"permission":{...}}, {"role":{...}} or
  // {"removedRole":{...},"removedAt":ms}. Returns false for an event it cannot read.
  static boost::json::object permission_event(const store::PermissionRecord& permission);
  static boost::json::object role_event(const store::RoleRecord& role);
  static boost::json::object role_removed_event(const store::RemovedRole& removed);
  bool apply_event(const boost::json::object& event);

  // True when any of `roles` holds `permission`. An unknown permission is never granted.
  bool grants(std::string_view permission, const std::vector<std::string>& roles) const;
  bool is_role(std::string_view id) const;

 private:
  void replace(std::vector<store::PermissionRecord> permissions,
               std::vector<store::RoleRecord> roles);
  static void reindex(Snapshot& snapshot);

  std::mutex write_mu_;  // one writer at a time; readers never take it
  std::atomic<std::shared_ptr<const Snapshot>> current_;
};

// The process's cache (see DESIGN).
PermissionCache& permission_cache();

}  // namespace parley::chat
