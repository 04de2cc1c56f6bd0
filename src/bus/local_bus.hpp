#pragma once
// The in-process Bus (the embedded default): publish delivers synchronously, on the
// publisher's thread, to the handlers registered for the subject and for its one-token
// wildcard ("room.*" for "room.<rid>"). A shared_mutex lets
// publishers run concurrently; subscribe/unsubscribe take it exclusively.
#include <map>
#include <shared_mutex>
#include <unordered_map>

#include "bus/bus.hpp"

namespace parley::bus {

class LocalBus final : public Bus {
 public:
  void publish(const std::string& subject, Payload payload) override;
  InterestId subscribe(const std::string& subject, Handler handler) override;
  void unsubscribe(InterestId id) override;

 private:
  mutable std::shared_mutex mu_;
  InterestId next_id_ = 1;
  std::unordered_map<std::string, std::map<InterestId, std::shared_ptr<Handler>>> by_subject_;
  std::unordered_map<InterestId, std::string> subject_of_;
  // Wildcard subjects with their interest counts: most publishes skip the second lookup.
  std::unordered_map<std::string, std::size_t> wildcards_;
};

}  // namespace parley::bus
