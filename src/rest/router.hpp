#pragma once
// The REST dispatcher: finds the route, parses query and body, authenticates, applies the rate
// limit, runs the handler inside an error boundary, and counts the outcome. Runs on a worker
// thread (handlers block on the store and on password hashing).
#include <boost/json/object.hpp>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "chat/accounts.hpp"
#include "metrics/registry.hpp"
#include "net/http_types.hpp"
#include "rest/rate_limit.hpp"
#include "rest/request_reader.hpp"
#include "store/records.hpp"

namespace parley::rest {

enum class Auth { kRequired, kOptional, kAnonymous };

struct RestRequest {
  const net::HttpRequest& http;
  boost::json::object body;
  QueryParams query;
  std::optional<store::UserRecord> user;  // set when authenticated
  std::string auth_token;                 // the X-Auth-Token that authenticated `user`
  std::string path_param;                 // the ":param" (or "*") tail of routes that have one
  std::string client_ip;                  // behind proxies: see rest/client_ip.hpp

  // Body fields for requests with a body, query fields otherwise.
  Reader params() const {
    return http.method == "GET" || http.method == "HEAD" ? Reader(query) : Reader(body);
  }
  const store::UserRecord& me() const { return *user; }
};

using Handler = std::function<net::HttpResponse(RestRequest&)>;

struct Route {
  std::string method;  // "GET", "POST", or "GET|POST"
  std::string path;    // "/api/v1/users.info"; a trailing "/:name" captures one segment,
                       // a trailing "/*" the whole non-empty rest of the path
  Auth auth;
  Handler handler;
  RateLimitClass rate_limit = RateLimitClass::kDefault;
};

struct RouterOptions {
  RestRateLimiter* rate_limiter = nullptr;  // null: nothing is rate limited (unit tests)
  unsigned http_forwarded_count = 0;        // HTTP_FORWARDED_COUNT (rest/client_ip.hpp)
};

class Router {
 public:
  Router(chat::Accounts& accounts, metrics::Registry& metrics, RouterOptions options = {});

  void add(Route route);
  net::HttpResponse dispatch(const net::HttpRequest& request);

 private:
  const Route* match(const net::HttpRequest& request, std::string& path_param,
                     bool& path_known) const;
  net::HttpResponse run(const Route& route, const net::HttpRequest& request,
                        std::string path_param);

  chat::Accounts& accounts_;
  metrics::Registry& metrics_;
  RouterOptions options_;
  metrics::Counter& unexpected_errors_;
  std::vector<Route> routes_;
};

}  // namespace parley::rest
