#include "load/histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace parley::load {

// Values below kSub go into exact buckets; above, the top kSubBits bits after the leading one
// pick the sub-bucket within the value's power of two.
int Histogram::index_of(uint64_t v) {
  if (v < static_cast<uint64_t>(kSub)) return static_cast<int>(v);
  const int exponent = std::bit_width(v) - 1;  // >= kSubBits
  const int shift = exponent - kSubBits;
  const int sub = static_cast<int>((v >> shift) & (kSub - 1));
  return std::min((shift + 1) * kSub + sub, kBuckets - 1);
}

int64_t Histogram::upper_edge(int index) {
  if (index < kSub) return index;
  const int shift = index / kSub - 1;
  const uint64_t sub = static_cast<uint64_t>(index % kSub);
  const uint64_t low = (static_cast<uint64_t>(kSub) | sub) << shift;
  return static_cast<int64_t>(low + ((uint64_t{1} << shift) - 1));
}

void Histogram::record(int64_t micros) {
  const uint64_t v = micros < 0 ? 0 : static_cast<uint64_t>(micros);
  ++counts_[static_cast<std::size_t>(index_of(v))];
  ++count_;
  max_ = std::max<int64_t>(max_, static_cast<int64_t>(v));
}

void Histogram::merge(const Histogram& other) {
  for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
  count_ += other.count_;
  max_ = std::max(max_, other.max_);
}

int64_t Histogram::quantile(double q) const {
  if (count_ == 0) return 0;
  q = std::clamp(q, 0.0, 1.0);
  const auto rank = static_cast<uint64_t>(std::ceil(q * static_cast<double>(count_)));
  uint64_t seen = 0;
  for (int i = 0; i < kBuckets; ++i) {
    seen += counts_[static_cast<std::size_t>(i)];
    if (seen >= std::max<uint64_t>(rank, 1)) return std::min(upper_edge(i), max_);
  }
  return max_;
}

}  // namespace parley::load
