#include "load/audience.hpp"

#include <mutex>

namespace parley::load {

Audience::Audience(std::vector<ClientKind> kinds, const DeliveryLedger& ledger)
    : kinds_(std::move(kinds)), ledger_(ledger), ready_(kinds_.size()) {
  for (uint32_t c = 0; c < kinds_.size(); ++c) {
    if (kinds_[c] == ClientKind::kSdk) sdk_clients_.push_back(c);
  }
}

void Audience::hears_rooms(uint32_t client, const std::vector<std::string>& room_ids) {
  std::unique_lock lock(mu_);
  for (const std::string& rid : room_ids) listeners_[rid].push_back(client);
}

void Audience::set_ready(uint32_t client, bool ready) {
  ready_[client].store(ready);
}

std::vector<Recipient> Audience::recipients(std::string_view room_id, char room_type,
                                            uint32_t sender) const {
  std::vector<Recipient> out;
  auto add = [&](uint32_t c) {
    if (c == sender) return;
    const uint32_t generation = ledger_.generation(c);  // before ready: see the DESIGN note
    out.push_back({c, generation, kinds_[c], !ready_[c].load()});
  };
  {
    std::shared_lock lock(mu_);
    auto it = listeners_.find(room_id);
    if (it != listeners_.end()) {
      out.reserve(it->second.size());
      for (uint32_t c : it->second) add(c);
    }
  }
  // The ledger drops the repeats of sdk clients that are also members.
  if (room_type == 'c') {
    for (uint32_t c : sdk_clients_) add(c);
  }
  return out;
}

}  // namespace parley::load
