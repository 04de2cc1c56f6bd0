#include "rest/routes.hpp"

namespace parley::rest {

void register_routes(Router& router, Services& s) {
  auto bind = [&s](net::HttpResponse (*fn)(Services&, RestRequest&)) {
    return [&s, fn](RestRequest& r) { return fn(s, r); };
  };
  using namespace handlers;
  // clang-format off
  //          method      path                        auth              handler
  router.add({"GET",      "/api/info",                Auth::kOptional,  bind(info)});
  router.add({"GET",      "/api/v1/info",             Auth::kAnonymous, bind(info_v1)});
  router.add({"POST",     "/api/v1/login",            Auth::kAnonymous, bind(login)});
  router.add({"GET|POST", "/api/v1/logout",           Auth::kRequired,  bind(logout)});
  router.add({"GET",      "/api/v1/me",               Auth::kRequired,  bind(me)});
  router.add({"POST",     "/api/v1/users.create",     Auth::kRequired,  bind(users_create)});
  router.add({"POST",     "/api/v1/users.register",   Auth::kAnonymous, bind(users_register)});
  router.add({"GET",      "/api/v1/users.info",       Auth::kRequired,  bind(users_info)});
  router.add({"GET",      "/api/v1/users.list",       Auth::kRequired,  bind(users_list)});
  // clang-format on
}

}  // namespace parley::rest
