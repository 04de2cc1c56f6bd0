#pragma once
// Caps on uploads in progress, server-wide and per user (PARLEY_UPLOADS_MAX,
// PARLEY_UPLOADS_MAX_PER_USER): a client cannot open a hundred slow uploads and hold the
// upload pool, the disk and memory. Checked before any body byte is read. Thread-safe.
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace parley::rest {

class UploadCaps {
 public:
  UploadCaps(unsigned max_total, unsigned max_per_user)
      : max_total_(max_total), max_per_user_(max_per_user) {}

  // Held while an upload runs; releases its place when destroyed.
  class Slot {
   public:
    Slot(UploadCaps& caps, std::string user_id) : caps_(caps), user_id_(std::move(user_id)) {}
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    ~Slot() { caps_.release(user_id_); }

   private:
    UploadCaps& caps_;
    std::string user_id_;
  };

  // A place for one more upload of `user_id`, or null when a cap is reached.
  std::unique_ptr<Slot> acquire(const std::string& user_id) {
    std::lock_guard lock(mu_);
    unsigned& mine = per_user_[user_id];
    if (total_ >= max_total_ || mine >= max_per_user_) {
      if (mine == 0) per_user_.erase(user_id);
      return nullptr;
    }
    ++total_;
    ++mine;
    return std::make_unique<Slot>(*this, user_id);
  }

 private:
  void release(const std::string& user_id) {
    std::lock_guard lock(mu_);
    --total_;
    if (auto it = per_user_.find(user_id); it != per_user_.end() && --it->second == 0) {
      per_user_.erase(it);
    }
  }

  const unsigned max_total_;
  const unsigned max_per_user_;
  std::mutex mu_;
  unsigned total_ = 0;                        // guarded by mu_
  std::map<std::string, unsigned> per_user_;  // guarded by mu_
};

}  // namespace parley::rest
