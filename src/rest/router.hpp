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
#include "net/application.hpp"
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

using Respond = std::function<void(net::HttpResponse)>;

// A request whose body streams (uploads): the head and the RestRequest built from it, kept
// together so the RestRequest's reference to the head stays valid for the request's life.
struct StreamedRequest {
  explicit StreamedRequest(net::HttpRequest head)
      : http(std::move(head)), rest{http, {}, {}, std::nullopt, {}, {}, {}} {}
  StreamedRequest(const StreamedRequest&) = delete;
  StreamedRequest& operator=(const StreamedRequest&) = delete;
  net::HttpRequest http;
  RestRequest rest;  // authenticated from headers, query parsed, no body
};

// A route whose handler reads the body itself, piece by piece, and calls `respond` exactly once
// from any thread, possibly before the body ended (a file over the size limit).
using StreamedHandler = std::function<void(std::shared_ptr<StreamedRequest>,
                                           std::shared_ptr<net::BodyReader>, Respond)>;

struct StreamedRoute {
  std::string path;  // POST only; "/:a/:b" tails capture their segments joined by '/'
  Auth auth;
  StreamedHandler handler;
  RateLimitClass rate_limit = RateLimitClass::kDefault;
};

// One registered route as a listing shows it (docs/compatibility.md), without its handler.
struct RouteListing {
  std::string method;  // as registered: "GET", "POST", "GET|POST"
  std::string path;
  Auth auth = Auth::kRequired;
  bool streamed = false;  // an upload route whose multipart body streams (add_streamed)
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

  void add_streamed(StreamedRoute route);
  // Whether `head` is for a streamed route: a POST to its path with a multipart body.
  bool streams(const net::HttpRequest& head) const;
  // Authenticates, rate-limits and hands the request to its streamed route. Blocks (the
  // store): call on a worker. The route's handler makes the first read.
  void dispatch_streamed(net::HttpRequest head, std::shared_ptr<net::BodyReader> body,
                         Respond respond);

  // Every route in registration order, streamed ones last. For tools (tests/compat), never
  // called while serving.
  std::vector<RouteListing> listing() const;

 private:
  const Route* match(const net::HttpRequest& request, std::string& path_param,
                     bool& path_known) const;
  net::HttpResponse run(const Route& route, const net::HttpRequest& request,
                        std::string path_param);
  const StreamedRoute* match_streamed(const net::HttpRequest& request,
                                      std::string& path_param) const;
  // Authentication then the rate limit, as run() applies them; a response when refused.
  std::optional<net::HttpResponse> admit(Auth auth, RateLimitClass rate_limit,
                                         const std::string& route_path, RestRequest& request,
                                         RateLimitVerdict& limit);
  void count(const std::string& route_label, int status, double seconds);

  chat::Accounts& accounts_;
  metrics::Registry& metrics_;
  RouterOptions options_;
  metrics::Counter& unexpected_errors_;
  std::vector<Route> routes_;
  std::vector<StreamedRoute> streamed_;
};

}  // namespace parley::rest
