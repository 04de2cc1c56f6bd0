// The DDP method table (STYLE.md idea 8): every method parley serves, with its login
// requirement, in one place. Handlers for each area live beside it.
#include "ddp/account_methods.hpp"
#include "ddp/service.hpp"

namespace parley::ddp {

void register_methods(Service& s) {
  // clang-format off
  //              name        requires login  handler
  s.add_method("login",       {false,         login_method});
  s.add_method("logout",      {false,         logout_method});
  // clang-format on
}

}  // namespace parley::ddp
