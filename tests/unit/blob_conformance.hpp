#pragma once
// The BlobStore conformance suite: every BlobStore implementation must pass it unchanged
// (blob_conformance.cpp sees only the interface). An implementation's test file instantiates
// it with a factory that makes a fresh, empty store:
//
//   INSTANTIATE_TEST_SUITE_P(Fs, BlobConformance,
//                            ::testing::Values(BlobFactory{"fs", make_fs_store}),
//                            BlobConformance::name_of);
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>

#include "blob/blob_store.hpp"

namespace parley::blob::conformance {

struct BlobFactory {
  std::string name;  // used in test names: letters, digits, underscores
  std::function<std::unique_ptr<BlobStore>()> make;
};

class BlobConformance : public ::testing::TestWithParam<BlobFactory> {
 public:
  static std::string name_of(const ::testing::TestParamInfo<BlobFactory>& info) {
    return info.param.name;
  }

 protected:
  void SetUp() override { store_ = GetParam().make(); }
  void TearDown() override { store_.reset(); }
  BlobStore& store() { return *store_; }

 private:
  std::unique_ptr<BlobStore> store_;
};

}  // namespace parley::blob::conformance
