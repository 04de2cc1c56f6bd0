#pragma once
// Small pieces the SqliteStore member files (sqlite_store.cpp, room_queries.cpp,
// message_queries.cpp) share.
#include <algorithm>
#include <cstdint>
#include <string>

#include "store/sqlite/connection.hpp"

namespace parley::store::sqlite {

// SQLite: a negative LIMIT means none, which is what count == 0 means in the Store contract.
inline int64_t sql_limit(int64_t count) {
  return count > 0 ? count : int64_t{-1};
}
inline int64_t sql_offset(int64_t offset) {
  return std::max<int64_t>(0, offset);
}

// The extended result code of a failed statement, e.g. SQLITE_CONSTRAINT_UNIQUE: how a write
// job tells an expected duplicate from a broken database.
inline bool is_constraint(const SqliteError& e, int extended_code) {
  return e.code() == extended_code;
}

// "?, ?, ?" for an IN list of n parameters.
inline std::string placeholders(std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += i == 0 ? "?" : ", ?";
  return out;
}

}  // namespace parley::store::sqlite
