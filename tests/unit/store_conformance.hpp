#pragma once
// The Store conformance suite: every Store implementation must pass it unchanged. The tests
// (store_conformance.cpp) see only the Store interface and the metrics registry; an
// implementation's test file instantiates them with a factory that makes a fresh, empty store:
//
//   INSTANTIATE_TEST_SUITE_P(Sqlite, StoreConformance,
//                            ::testing::Values(StoreFactory{"sqlite", make_sqlite_store}),
//                            StoreConformance::name_of);
//
// Implementations report parley_store_writes_total and parley_store_commits_total to the
// registry they are given; the group-commit test reads them there.
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>

#include "metrics/registry.hpp"
#include "store/store.hpp"

namespace parley::store::conformance {

struct StoreFactory {
  std::string name;  // used in test names: letters, digits, underscores
  std::function<std::unique_ptr<Store>(metrics::Registry&)> make;
};

class StoreConformance : public ::testing::TestWithParam<StoreFactory> {
 public:
  static std::string name_of(const ::testing::TestParamInfo<StoreFactory>& info) {
    return info.param.name;
  }

 protected:
  void SetUp() override { store_ = GetParam().make(registry_); }
  void TearDown() override { store_.reset(); }

  Store& store() { return *store_; }
  metrics::Registry& registry() { return registry_; }

  // The registry outlives the store, whose metrics point into it.
  metrics::Registry registry_;
  std::unique_ptr<Store> store_;
};

}  // namespace parley::store::conformance
