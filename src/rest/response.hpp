#pragma once
// Rocket.Chat's REST envelopes (rc-api.md §1.5), in one place.
#include <boost/json/object.hpp>

#include "chat/errors.hpp"
#include "net/http_types.hpp"

namespace parley::rest {

// 200 with `body` plus "success": true.
net::HttpResponse success(boost::json::object body = {});
// The body and status Rocket.Chat sends for `error` (400/401/403/404/429/500 shapes).
net::HttpResponse failure(const chat::Error& error);
net::HttpResponse json_response(int status, const boost::json::object& body);
// Rocket.Chat's API.v1.unauthorized(), what handlers that check a permission themselves
// answer (settings, statistics, users.setActiveStatus, users.delete): 403
// {success:false, error:"unauthorized"}.
net::HttpResponse unauthorized();

}  // namespace parley::rest
