// Prints what parley serves, as tab-separated lines for scripts/compatibility.mjs:
//
//   rest    <METHOD>  <path>  <auth>      a route of rest::register_routes (one line per method)
//   server  <METHOD>  <path>  <what>      answered by app::Application itself (own_endpoints.hpp)
//   ddp     -         <name>  <auth>      a method of ddp::register_methods
//
// It wires the REST router and the DDP service over a throwaway store, as the unit tests do,
// registers the real tables and lists them: the tables are the only source, so a branch that
// adds a route changes this output and so the document. Not part of the server.
#include <spdlog/spdlog.h>

#include <cstdio>
#include <set>
#include <sstream>
#include <string>

#include "app/own_endpoints.hpp"
#include "ddp/service.hpp"
#include "rest/router.hpp"
#include "rest/routes.hpp"
#include "unit/chat_fixture.hpp"
#include "util/worker_pool.hpp"

namespace {

const char* auth_name(parley::rest::Auth auth) {
  switch (auth) {
    case parley::rest::Auth::kRequired:
      return "login";
    case parley::rest::Auth::kOptional:
      return "optional";
    case parley::rest::Auth::kAnonymous:
      return "anonymous";
  }
  return "?";
}

}  // namespace

int main() {
  using namespace parley;
  spdlog::set_level(spdlog::level::off);  // stdout is the listing: no migration logs in it
  std::set<std::string> lines;  // sorted and unique, so the output does not follow table order

  testing::ChatFixture chat;
  config::Config config;
  rest::Router router(chat.accounts, chat.db.metrics());
  rest::Services services{chat.accounts,  config,          chat.settings, chat.rooms,
                          chat.messages,  chat.db.store(), chat.clock,    nullptr,
                          &chat.presence, &chat.statistics};
  rest::register_routes(router, services);
  for (const rest::RouteListing& route : router.listing()) {
    std::istringstream methods(route.method);  // "GET|POST" is two lines
    for (std::string method; std::getline(methods, method, '|');) {
      lines.insert("rest\t" + method + "\t" + route.path + "\t" + auth_name(route.auth));
    }
  }
  for (const app::OwnEndpoint& e : app::kOwnEndpoints) {
    lines.insert(std::string("server\t") + e.method + "\t" + e.path + "\t" + e.what);
  }

  util::WorkerPool workers(1);
  ddp::Service ddp(ddp::Domain{chat.accounts, chat.rooms, chat.messages, chat.access, chat.events,
                               chat.presence, chat.db.store(), &chat.settings, nullptr},
                   config, workers, chat.db.metrics(), chat.clock);
  ddp::register_methods(ddp);
  for (const auto& [name, requires_login] : ddp.method_listing()) {
    lines.insert("ddp\t-\t" + name + "\t" + (requires_login ? "login" : "anonymous"));
  }
  workers.stop();

  for (const std::string& line : lines) std::printf("%s\n", line.c_str());
  return 0;
}
