#pragma once
// A list of shared pointers that walks like a vector (the stream hub walks its listeners on
// every event) and removes in O(1): a storm of N disconnects must not cost N x N under the
// hub's lock, which a vector's erase-by-value did (bench/presence_storm_bench.cpp). Order is
// not kept: a removal moves the last element into the gap. Not thread-safe; the hub's mutex
// guards it.
#include <cstddef>
#include <memory>
#include <unordered_map>
#include <vector>

namespace parley::ddp {

template <typename T>
class IndexedList {
 public:
  using Ptr = std::shared_ptr<T>;

  void add(Ptr item) {
    if (index_.contains(item.get())) return;
    index_.emplace(item.get(), items_.size());
    items_.push_back(std::move(item));
  }
  void remove(const Ptr& item) {
    auto it = index_.find(item.get());
    if (it == index_.end()) return;
    const std::size_t pos = it->second;
    index_.erase(it);
    if (pos + 1 != items_.size()) {
      items_[pos] = std::move(items_.back());
      index_[items_[pos].get()] = pos;
    }
    items_.pop_back();
  }
  bool empty() const { return items_.empty(); }
  std::size_t size() const { return items_.size(); }
  auto begin() const { return items_.begin(); }
  auto end() const { return items_.end(); }

 private:
  std::vector<Ptr> items_;
  std::unordered_map<const T*, std::size_t> index_;
};

}  // namespace parley::ddp
