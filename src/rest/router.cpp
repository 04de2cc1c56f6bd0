#include "rest/router.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <chrono>

#include "rest/client_ip.hpp"
#include "rest/multipart.hpp"
#include "rest/response.hpp"

namespace parley::rest {

namespace json = boost::json;

namespace {

bool method_matches(const std::string& allowed, const std::string& method) {
  std::string_view rest = allowed;
  while (!rest.empty()) {
    auto bar = rest.find('|');
    if (rest.substr(0, bar) == method) return true;
    if (bar == std::string_view::npos) break;
    rest = rest.substr(bar + 1);
  }
  return method == "HEAD" && allowed.find("GET") != std::string::npos;
}

bool is_json_content(std::string_view content_type) {
  return content_type.empty() || content_type.find("json") != std::string_view::npos ||
         content_type.find("text/plain") != std::string_view::npos;
}

}  // namespace

Router::Router(chat::Accounts& accounts, metrics::Registry& metrics, RouterOptions options)
    : accounts_(accounts),
      metrics_(metrics),
      options_(options),
      unexpected_errors_(metrics.counter("parley_unexpected_errors_total",
                                         "Exceptions caught by an error boundary",
                                         {{"where", "rest"}})) {}

void Router::add(Route route) {
  routes_.push_back(std::move(route));
}

const Route* Router::match(const net::HttpRequest& request, std::string& path_param,
                           bool& path_known) const {
  path_known = false;
  for (const auto& route : routes_) {
    auto colon = route.path.find("/:");
    bool path_ok = false;
    if (route.path.ends_with("/*")) {
      // The whole tail, slashes included (a file name in /file-upload/<id>/<name> may hold
      // a decoded "/").
      std::string_view prefix(route.path.data(), route.path.size() - 1);
      std::string_view path = request.path;
      if (path.size() > prefix.size() && path.starts_with(prefix)) {
        path_ok = true;
        path_param = std::string(path.substr(prefix.size()));
      }
    } else if (colon == std::string::npos) {
      path_ok = route.path == request.path;
    } else {
      std::string_view prefix(route.path.data(), colon + 1);
      std::string_view path = request.path;
      // One segment per parameter ("/:rid/:fileId" takes two, joined by '/').
      const auto params = std::count(route.path.begin() + colon, route.path.end(), ':');
      const std::string_view tail =
          path.size() > prefix.size() ? path.substr(prefix.size()) : std::string_view();
      if (!tail.empty() && path.substr(0, prefix.size()) == prefix &&
          std::count(tail.begin(), tail.end(), '/') + 1 == params &&
          tail.find("//") == std::string_view::npos && tail.back() != '/') {
        path_ok = true;
        path_param = std::string(path.substr(prefix.size()));
      }
    }
    if (!path_ok) continue;
    path_known = true;
    if (method_matches(route.method, request.method)) return &route;
  }
  return nullptr;
}

net::HttpResponse Router::dispatch(const net::HttpRequest& request) {
  auto started = std::chrono::steady_clock::now();
  std::string path_param;
  bool path_known = false;
  const Route* route = match(request, path_param, path_known);
  std::string route_label = route ? route->path : (path_known ? request.path : "unmatched");

  net::HttpResponse response;
  if (route == nullptr) {
    response = failure(chat::not_found());
  } else {
    try {
      response = run(*route, request, std::move(path_param));
    } catch (const std::exception& e) {
      unexpected_errors_.inc();
      spdlog::error("request {} {} {} failed: {}", request.request_id, request.method, route->path,
                    e.what());
      response = failure(chat::internal_error());
    }
  }

  count(route_label, response.status,
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  return response;
}

void Router::count(const std::string& route_label, int status, double seconds) {
  metrics_
      .counter("parley_http_requests_total", "HTTP requests by route and status",
               {{"route", route_label}, {"status", std::to_string(status)}})
      .inc();
  metrics_
      .histogram("parley_http_request_seconds", "HTTP request latency by route",
                 {{"route", route_label}})
      .observe(seconds);
}

std::optional<net::HttpResponse> Router::admit(Auth auth, RateLimitClass rate_limit,
                                               const std::string& route_path, RestRequest& request,
                                               RateLimitVerdict& limit) {
  const net::HttpRequest& http = request.http;
  if (auth != Auth::kAnonymous) {
    std::string_view user_id = http.header("x-user-id");
    std::string_view token = http.header("x-auth-token");
    if (!user_id.empty() || !token.empty()) {
      auto user = accounts_.authenticate(user_id, token);
      if (user) {
        request.user = std::move(user.value());
        request.auth_token = std::string(token);
      } else if (auth == Auth::kRequired) {
        return failure(user.error());
      }
    }
    if (auth == Auth::kRequired && !request.user) {
      return failure(chat::unauthenticated());
    }
  }

  // After authentication, as RC does: a 401 is not counted, and the user may be exempt.
  if (options_.rate_limiter != nullptr) {
    limit = options_.rate_limiter->check(rate_limit, http.method, route_path, request.client_ip,
                                         request.user ? &*request.user : nullptr);
    if (!limit.decision.allowed) return RestRateLimiter::refusal(limit);
  }
  return std::nullopt;
}

void Router::add_streamed(StreamedRoute route) {
  streamed_.push_back(std::move(route));
}

std::vector<RouteListing> Router::listing() const {
  std::vector<RouteListing> out;
  out.reserve(routes_.size() + streamed_.size());
  for (const Route& r : routes_) out.push_back({r.method, r.path, r.auth, false});
  for (const StreamedRoute& r : streamed_) out.push_back({"POST", r.path, r.auth, true});
  return out;
}

const StreamedRoute* Router::match_streamed(const net::HttpRequest& request,
                                            std::string& path_param) const {
  if (request.method != "POST") return nullptr;
  for (const auto& route : streamed_) {
    const auto colon = route.path.find("/:");
    if (colon == std::string::npos) {
      if (route.path == request.path) return &route;
      continue;
    }
    // As many segments as the route has parameters, none empty.
    const std::string_view prefix(route.path.data(), colon + 1);
    const std::string_view path = request.path;
    if (path.size() <= prefix.size() || path.substr(0, prefix.size()) != prefix) continue;
    const std::string_view tail = path.substr(prefix.size());
    const auto params = std::count(route.path.begin() + colon, route.path.end(), ':');
    const auto slashes = std::count(tail.begin(), tail.end(), '/');
    if (slashes + 1 != params || tail.find("//") != std::string_view::npos || tail.back() == '/') {
      continue;
    }
    path_param = std::string(tail);
    return &route;
  }
  return nullptr;
}

bool Router::streams(const net::HttpRequest& head) const {
  std::string ignored;
  return match_streamed(head, ignored) != nullptr &&
         MultipartParser::boundary_of(head.header("content-type")).has_value();
}

void Router::dispatch_streamed(net::HttpRequest head, std::shared_ptr<net::BodyReader> body,
                               Respond respond) {
  const auto started = std::chrono::steady_clock::now();
  std::string path_param;
  const StreamedRoute* route = match_streamed(head, path_param);
  const std::string label = route ? route->path : "unmatched";
  // Every answer is counted like dispatch()'s, whenever and from whichever thread it comes.
  Respond counted = [this, label, started, respond = std::move(respond)](net::HttpResponse r) {
    count(label, r.status,
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    respond(std::move(r));
  };
  if (route == nullptr) return counted(failure(chat::not_found()));
  auto request = std::make_shared<StreamedRequest>(std::move(head));
  RestRequest& rest = request->rest;
  rest.path_param = std::move(path_param);
  rest.client_ip = client_ip(request->http, options_.http_forwarded_count);
  auto query = parse_query(request->http.query);
  if (!query) return counted(failure(chat::invalid_params("Malformed query string")));
  rest.query = std::move(*query);
  RateLimitVerdict limit;
  try {
    if (auto refused = admit(route->auth, route->rate_limit, route->path, rest, limit)) {
      return counted(std::move(*refused));
    }
    Respond with_headers = [limit, counted](net::HttpResponse r) {
      RestRateLimiter::add_headers(limit, r);
      counted(std::move(r));
    };
    route->handler(std::move(request), std::move(body), std::move(with_headers));
  } catch (const std::exception& e) {
    unexpected_errors_.inc();
    spdlog::error("streamed request {} failed: {}", route->path, e.what());
    counted(failure(chat::internal_error()));
  }
}

net::HttpResponse Router::run(const Route& route, const net::HttpRequest& http,
                              std::string path_param) {
  RestRequest request{http, {}, {}, std::nullopt, {}, std::move(path_param), {}};
  request.client_ip = client_ip(http, options_.http_forwarded_count);

  auto query = parse_query(http.query);
  if (!query) return failure(chat::invalid_params("Malformed query string"));
  request.query = std::move(*query);

  if (!http.body.empty() && http.method != "GET" && http.method != "HEAD") {
    std::string_view content_type = http.header("content-type");
    if (content_type.find("application/x-www-form-urlencoded") != std::string_view::npos) {
      auto form = parse_query(http.body);
      if (!form) return failure(chat::invalid_params("Malformed form body"));
      for (auto& [k, v] : *form) request.body[k] = v;
    } else if (MultipartParser::boundary_of(content_type)) {
      // Left to the handler (users.setAvatar), which parses it with its own limits.
    } else if (is_json_content(content_type)) {
      boost::system::error_code ec;
      json::value parsed = json::parse(http.body, ec);
      if (ec) return failure(chat::invalid_params("Invalid JSON body: " + ec.message()));
      if (!parsed.is_object()) {
        return failure(chat::invalid_params("The request body must be a JSON object"));
      }
      request.body = std::move(parsed.get_object());
    } else {
      return failure(chat::invalid_params("Unsupported content type"));
    }
  }

  RateLimitVerdict limit;
  if (auto refused = admit(route.auth, route.rate_limit, route.path, request, limit)) {
    return std::move(*refused);
  }
  net::HttpResponse response = route.handler(request);
  RestRateLimiter::add_headers(limit, response);
  return response;
}

}  // namespace parley::rest
