#pragma once
// Personal access tokens (RC's personalAccessTokens:* methods and users.*PersonalAccessToken*
// routes): login tokens with a name, made for scripts. A user holding
// `create-personal-access-tokens` may create, list, regenerate and remove their own. The clear
// token is shown once, at creation; the store keeps only its hash, its last 6 characters (what
// lists show) and whether it skips the second factor. They never expire, and logging out other
// clients keeps them, as in RC. The second factor these actions need is the caller's check
// (chat/two_factor.hpp), so REST and DDP can read it from where each transport carries it.
// Workers only (store calls).
#include <string>
#include <string_view>
#include <vector>

#include "chat/errors.hpp"
#include "chat/events.hpp"
#include "store/store.hpp"
#include "util/clock.hpp"

namespace parley::chat {

class PersonalAccessTokens {
 public:
  // `events` (may be null in tests) ends the DDP sessions of a removed token.
  PersonalAccessTokens(store::Store& store, const util::Clock& clock, Events* events)
      : store_(store), clock_(clock), events_(events) {}

  Result<std::vector<store::LoginTokenRecord>> list(const store::UserRecord& me);
  // The clear token.
  Result<std::string> generate(const store::UserRecord& me, std::string_view name,
                               bool bypass_two_factor);
  // A new token under the same name and bypass choice; the old one stops working.
  Result<std::string> regenerate(const store::UserRecord& me, std::string_view name);
  Status remove(const store::UserRecord& me, std::string_view name);

 private:
  std::optional<store::LoginTokenRecord> find(const store::UserRecord& me, std::string_view name);

  store::Store& store_;
  const util::Clock& clock_;
  Events* events_;
};

}  // namespace parley::chat
