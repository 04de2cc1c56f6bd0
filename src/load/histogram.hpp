#pragma once
// DESIGN: a latency histogram of fixed size (HDR-like, log-linear), so a run of any length
// keeps the same memory: values (microseconds) fall into 64 power-of-two ranges of 32
// sub-buckets each, about 3 % wide. Percentiles answer the upper edge of the bucket that holds
// them (never below the true value, at most ~3 % above); max is exact. Not thread-safe:
// each owner guards its own and merges at the end.
#include <array>
#include <cstdint>

namespace parley::load {

class Histogram {
 public:
  void record(int64_t micros);
  void merge(const Histogram& other);
  uint64_t count() const { return count_; }
  int64_t max() const { return max_; }
  // The value at quantile q (0..1), in microseconds; 0 when empty.
  int64_t quantile(double q) const;

 private:
  static constexpr int kSubBits = 5;
  static constexpr int kSub = 1 << kSubBits;
  static constexpr int kBuckets = 64 * kSub;
  static int index_of(uint64_t v);
  static int64_t upper_edge(int index);

  std::array<uint64_t, kBuckets> counts_{};
  uint64_t count_ = 0;
  int64_t max_ = 0;
};

}  // namespace parley::load
