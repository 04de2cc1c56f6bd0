#pragma once
// Shared set-up for the benchmarks: the chat services on a real SQLite store (as the tests
// wire them), and rooms with many members inserted straight into the store, because creating
// 7,000 users through Accounts would spend minutes hashing passwords.
#include <string>
#include <vector>

#include "unit/chat_fixture.hpp"

namespace parley::bench {

// "u000000000000042": a 17-character id like Meteor's.
std::string user_id(int n);

struct World : testing::ChatFixture {
  // A room of `type` with `members` users u0..u{members-1} (created as needed), u0 its owner.
  store::RoomRecord room_with_members(const std::string& type, int members);
  store::UserRecord member(int n);
  // Users u0..u{count-1} exist (inserted as needed), with the "user" role and no status yet.
  void ensure_users(int count);

 private:
  int users_ = 0;
  int rooms_ = 0;
};

// A message of about `bytes` bytes of prose, with one mention and some markup, as the
// workload's "paragraph size" messages (mean ~400 bytes).
std::string paragraph(std::size_t bytes);

}  // namespace parley::bench
