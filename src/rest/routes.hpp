#pragma once
// Every REST route parley serves, registered in one table (routes.cpp) that a reviewer can
// read top to bottom: method, path, auth requirement, handler (STYLE.md idea 8).
#include <string>

#include "chat/accounts.hpp"
#include "config/config.hpp"
#include "rest/router.hpp"

namespace parley::rest {

// What the handlers need; owned by app/.
struct Services {
  chat::Accounts& accounts;
  const config::Config& config;
};

void register_routes(Router& router, Services& services);

// Handlers, grouped by area in their own files.
namespace handlers {
net::HttpResponse info(Services&, RestRequest&);
net::HttpResponse info_v1(Services&, RestRequest&);
net::HttpResponse login(Services&, RestRequest&);
net::HttpResponse logout(Services&, RestRequest&);
net::HttpResponse me(Services&, RestRequest&);
net::HttpResponse users_create(Services&, RestRequest&);
net::HttpResponse users_register(Services&, RestRequest&);
net::HttpResponse users_info(Services&, RestRequest&);
net::HttpResponse users_list(Services&, RestRequest&);
}  // namespace handlers

}  // namespace parley::rest
