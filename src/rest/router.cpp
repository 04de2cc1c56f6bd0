#include "rest/router.hpp"

#include <spdlog/spdlog.h>

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
      if (path.size() > prefix.size() && path.substr(0, prefix.size()) == prefix &&
          path.find('/', prefix.size()) == std::string_view::npos) {
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

  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  metrics_
      .counter("parley_http_requests_total", "HTTP requests by route and status",
               {{"route", route_label}, {"status", std::to_string(response.status)}})
      .inc();
  metrics_
      .histogram("parley_http_request_seconds", "HTTP request latency by route",
                 {{"route", route_label}})
      .observe(seconds);
  return response;
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

  if (route.auth != Auth::kAnonymous) {
    std::string_view user_id = http.header("x-user-id");
    std::string_view token = http.header("x-auth-token");
    if (!user_id.empty() || !token.empty()) {
      auto user = accounts_.authenticate(user_id, token);
      if (user) {
        request.user = std::move(user.value());
        request.auth_token = std::string(token);
      } else if (route.auth == Auth::kRequired) {
        return failure(user.error());
      }
    }
    if (route.auth == Auth::kRequired && !request.user) {
      return failure(chat::unauthenticated());
    }
  }

  // After authentication, as RC does: a 401 is not counted, and the user may be exempt.
  RateLimitVerdict limit;
  if (options_.rate_limiter != nullptr) {
    limit =
        options_.rate_limiter->check(route.rate_limit, http.method, route.path, request.client_ip,
                                     request.user ? &*request.user : nullptr);
    if (!limit.decision.allowed) return RestRateLimiter::refusal(limit);
  }
  net::HttpResponse response = route.handler(request);
  RestRateLimiter::add_headers(limit, response);
  return response;
}

}  // namespace parley::rest
