// GET /avatar/:username, /avatar/uid/:userId, /avatar/room/:rid (rc-api.md §6.3; Rocket.Chat's
// apps/meteor/server/routes/avatar/{index,user,room,utils}.ts). Outside /api/v1 and anonymous,
// as in Rocket.Chat (Accounts_AvatarBlockUnauthenticatedAccess is not implemented: off).
//
// A user's uploaded image (users.setAvatar, chat/avatars) is served as RC's serveAvatarFile:
// its type, Content-Security-Policy "default-src 'none'", Last-Modified the upload time and
// If-Modified-Since equal to it a 304; parley adds the avatarETag as ETag. Otherwise the
// generated initials SVG (chat/avatar_svg). What Rocket.Chat does, and parley with it:
//  - /avatar/<name> never looks the name up unless UI_Use_Name_Avatar is on: an unknown user,
//    a room name (EmbeddedChat asks /avatar/<roomname>) or anything else gets the initials of
//    the name asked for. "/avatar/@<name>" always answers the SVG of <name>.
//  - /avatar/uid/<id> and /avatar/room/<rid> are 404 (empty body) for an unknown id.
//  - Cache-Control "public, max-age=<cacheTime query or Accounts_AvatarCacheTime>",
//    Content-Disposition inline, Last-Modified a fixed 2015 date; an If-Modified-Since equal to
//    that date is a 304 (not for "@" names, which RC always renders).
// parley adds a strong ETag (a digest of the SVG and the format) and answers If-None-Match
// with 304. ?format=png|jpg|jpeg renders the SVG with libvips (image/raster), as RC converts it
// with sharp (RC's mobile app asks for PNG); if rendering fails the SVG is answered.
#include <map>
#include <optional>

#include "chat/avatar_svg.hpp"
#include "chat/settings.hpp"
#include "image/raster.hpp"
#include "rest/http_headers.hpp"
#include "rest/multipart.hpp"
#include "rest/response.hpp"
#include "rest/routes.hpp"
#include "util/hash.hpp"

namespace parley::rest::handlers {

namespace {

constexpr std::string_view kFallbackLastModified = "Thu, 01 Jan 2015 00:00:00 GMT";
constexpr int kMaxDiscussionDepth = 16;

net::HttpResponse empty(int status) {
  net::HttpResponse response;
  response.status = status;
  response.content_type.clear();
  return response;
}

// Cache-Control and Content-Disposition, as RC's setCacheAndDispositionHeaders. A cacheTime
// query that is not a plain number is ignored (RC would copy it into the header as is).
void add_cache_headers(Services& s, const RestRequest& r, net::HttpResponse& response) {
  std::string max_age;
  for (const auto& [k, v] : r.query) {
    if (k != "cacheTime") continue;
    if (!v.empty() && v.size() < 12 && v.find_first_not_of("0123456789") == std::string::npos) {
      max_age = v;
    }
    break;
  }
  if (max_age.empty()) max_age = std::to_string(s.settings.integer("Accounts_AvatarCacheTime"));
  response.headers.emplace_back("Cache-Control", "public, max-age=" + max_age);
  response.headers.emplace_back("Content-Disposition", "inline");
}

bool fallback_not_modified(const RestRequest& r) {
  return r.http.header("if-modified-since") == kFallbackLastModified;
}

net::HttpResponse svg_avatar(Services& s, const RestRequest& r, std::string_view name,
                             bool all_initials) {
  int size = chat::avatar::kDefaultSvgSize;
  std::string format;
  for (const auto& [k, v] : r.query) {
    if (k == "size" && size == chat::avatar::kDefaultSvgSize) {
      size = chat::avatar::size_param(v).value_or(size);
    } else if (k == "format" && format.empty()) {
      format = v;
    }
  }
  if (format != "png" && format != "jpg" && format != "jpeg") format.clear();
  std::string svg = chat::avatar::render_svg(name, size, all_initials);
  // The tag names the representation: the SVG's bytes and the format they are served in.
  std::string etag = "\"" + util::sha256_hex(svg + "\n" + format).substr(0, 32) + "\"";
  net::HttpResponse response;
  add_cache_headers(s, r, response);
  response.headers.emplace_back("Last-Modified", std::string(kFallbackLastModified));
  response.headers.emplace_back("ETag", etag);
  if (etag_matches(r.http.header("if-none-match"), etag)) {
    response.status = 304;
    response.content_type.clear();
    return response;
  }
  if (!format.empty()) {
    // RC converts with sharp and answers image/<format> (so "image/jpg" for jpg).
    if (auto raster = image::render_svg(svg, format)) {
      response.content_type = "image/" + format;
      response.body = std::move(*raster);
      return response;
    }
  }
  response.content_type = "image/svg+xml";
  response.body = std::move(svg);
  return response;
}

net::HttpResponse not_modified(Services& s, const RestRequest& r) {
  net::HttpResponse response = empty(304);
  add_cache_headers(s, r, response);
  response.headers.emplace_back("Last-Modified", std::string(kFallbackLastModified));
  return response;
}

// The uploaded avatar of `user`, or nullopt to fall back to the initials.
std::optional<net::HttpResponse> uploaded_avatar(Services& s, const RestRequest& r,
                                                 const store::UserRecord& user) {
  if (s.avatars == nullptr || !user.avatar) return std::nullopt;
  auto image = s.avatars->user_avatar(user);
  if (!image) return std::nullopt;
  const std::string etag = "\"" + image->etag + "\"";
  const std::string modified = http_date(image->uploaded_at);
  net::HttpResponse response;
  add_cache_headers(s, r, response);
  response.headers.emplace_back("Content-Security-Policy", "default-src 'none'");
  response.headers.emplace_back("Last-Modified", modified);
  response.headers.emplace_back("ETag", etag);
  if (r.http.header("if-modified-since") == modified ||
      etag_matches(r.http.header("if-none-match"), etag)) {
    response.status = 304;
    response.content_type.clear();
    return response;
  }
  response.content_type = image->content_type;
  response.body = std::move(image->bytes);
  return response;
}

std::string doc_string(const store::RoomRecord& room, std::string_view key) {
  const auto* v = room.doc.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

// The name RC's roomCoordinator.getRoomName gives the room, for the initials.
std::string room_avatar_name(Services& s, const RestRequest& r, const store::RoomRecord& room) {
  const std::string fname = doc_string(room, "fname");
  if (room.type == "c" || room.type == "p") {
    // A discussion is named by its fname; otherwise the name (UI_Allow_room_names_with_special_
    // chars, which would prefer fname, is not a parley setting: off).
    return doc_string(room, "prid").empty() ? room.name : fname;
  }
  if (room.type == "d") {
    if (!room.name.empty()) return room.name;
    // The DM as the caller sees it (the other user), by the rc_uid cookie as RC reads it (no
    // token check: it only picks a name); otherwise as any member sees it.
    std::string uid = cookie(r.http, "rc_uid");
    std::optional<store::SubscriptionRecord> sub;
    if (!uid.empty()) sub = s.store.subscription(room.id, uid);
    if (!sub) {
      for (const auto& member : s.store.room_member_ids(room.id)) {
        sub = s.store.subscription(room.id, member);
        if (sub) break;
      }
    }
    return sub ? sub->name : std::string();
  }
  return fname.empty() ? room.name : fname;
}

}  // namespace

net::HttpResponse avatar_user(Services& s, RestRequest& r) {
  const std::string& requested = r.path_param;
  const bool use_name = s.settings.boolean("UI_Use_Name_Avatar");
  if (requested.front() == '@') return svg_avatar(s, r, requested.substr(1), use_name);
  auto user = s.store.user_by_username(requested);
  if (user) {
    if (auto uploaded = uploaded_avatar(s, r, *user)) return std::move(*uploaded);
  }
  if (fallback_not_modified(r)) return not_modified(s, r);
  if (use_name && user && !user->name.empty()) return svg_avatar(s, r, user->name, true);
  return svg_avatar(s, r, requested, false);
}

net::HttpResponse avatar_user_by_id(Services& s, RestRequest& r) {
  auto user = s.store.user_by_id(r.path_param);
  if (user) {
    if (auto uploaded = uploaded_avatar(s, r, *user)) return std::move(*uploaded);
  }
  if (fallback_not_modified(r)) return not_modified(s, r);
  if (!user || user->username.empty()) return empty(404);
  if (s.settings.boolean("UI_Use_Name_Avatar") && !user->name.empty()) {
    return svg_avatar(s, r, user->name, true);
  }
  return svg_avatar(s, r, user->username, false);
}

net::HttpResponse avatar_room(Services& s, RestRequest& r) {
  auto room = s.store.room_by_id(r.path_param);
  // A discussion without its own avatar shows its parent's (RC's getRoomAndAvatarFile), named
  // as the parent; one whose parent is gone is a 404, as in RC.
  for (int depth = 0; room && depth < kMaxDiscussionDepth; ++depth) {
    std::string parent = doc_string(*room, "prid");
    if (parent.empty()) break;
    auto up = s.store.room_by_id(parent);
    room = std::move(up);
  }
  if (!room) return empty(404);
  if (fallback_not_modified(r)) return not_modified(s, r);
  std::string name = room_avatar_name(s, r, *room);
  // RC renders undefined (it fails) for a DM nobody is subscribed to; '?' is its own "unknown".
  return svg_avatar(s, r, name.empty() ? "?" : name, false);
}

namespace {

// Collects users.setAvatar's form: the one file part "image" (up to `max_bytes`) and the small
// text fields userId / username, as Rocket.Chat's getUploadFormData({field: 'image'}) does.
class AvatarForm : public MultipartSink {
 public:
  explicit AvatarForm(int64_t max_bytes) : max_bytes_(max_bytes) {}

  bool on_part_begin(const MultipartPart& part) override {
    current_ = nullptr;
    if (part.has_filename) {
      if (part.name != "image") return refuse(chat::domain_error("invalid-field", "Invalid field"));
      if (image_) return refuse(chat::invalid_params("Just 1 file is allowed"));
      image_.emplace();
      current_ = &*image_;
      limit_ = max_bytes_;
      in_file_ = true;
    } else {
      in_file_ = false;
      current_ = &fields_[part.name];
      current_->clear();
      limit_ = kMaxFieldBytes;
    }
    return true;
  }
  bool on_part_data(std::string_view bytes) override {
    if (current_ == nullptr) return true;
    if (limit_ >= 0 && static_cast<int64_t>(current_->size() + bytes.size()) > limit_) {
      return refuse(in_file_ ? chat::domain_error("error-file-too-large",
                                                  "File size exceeds the allowed limit")
                             : chat::invalid_params("Form field too large"));
    }
    current_->append(bytes);
    return true;
  }
  bool on_part_end() override {
    current_ = nullptr;
    return true;
  }

  const std::optional<chat::Error>& refusal() const { return refusal_; }
  const std::optional<std::string>& image() const { return image_; }
  std::string field(const std::string& name) const {
    auto it = fields_.find(name);
    return it == fields_.end() ? std::string() : it->second;
  }

 private:
  static constexpr int64_t kMaxFieldBytes = 64 * 1024;
  bool refuse(chat::Error error) {
    if (!refusal_) refusal_ = std::move(error);
    return false;
  }

  int64_t max_bytes_;
  int64_t limit_ = 0;
  std::string* current_ = nullptr;
  bool in_file_ = false;
  std::optional<std::string> image_;
  std::map<std::string, std::string> fields_;
  std::optional<chat::Error> refusal_;
};

}  // namespace

// multipart {image, userId?, username?} -> {}. JSON {avatarUrl} is refused: fetching a URL
// the client names is off (it would make the server fetch anything for anyone).
net::HttpResponse users_set_avatar(Services& s, RestRequest& r) {
  if (s.avatars == nullptr) return failure(chat::internal_error());
  auto boundary = MultipartParser::boundary_of(r.http.header("content-type"));
  if (!boundary) {
    if (r.body.contains("avatarUrl")) {
      return failure(
          chat::domain_error("error-not-allowed", "Setting an avatar from a URL is not allowed"));
    }
    return failure(chat::invalid_params("The 'image' param is required"));
  }
  const int64_t max_size = s.settings.integer("FileUpload_MaxFileSize");
  AvatarForm form(max_size);
  MultipartParser parser(*boundary, form);
  if (!parser.feed(r.http.body) || !parser.finish()) {
    if (form.refusal()) return failure(*form.refusal());
    return failure(
        chat::invalid_params("Invalid multipart body: " + std::string(to_string(*parser.error()))));
  }
  if (!form.image()) return failure(chat::invalid_params("The 'image' param is required"));
  store::UserRecord target = r.me();
  const std::string user_id = form.field("userId");
  const std::string username = form.field("username");
  if (!user_id.empty() || !username.empty()) {
    auto found =
        !user_id.empty() ? s.store.user_by_id(user_id) : s.store.user_by_username(username);
    if (!found) {
      return failure(chat::domain_error(
          "error-invalid-user",
          "The optional \"userId\" or \"username\" param provided does not match any users"));
    }
    target = std::move(*found);
  }
  auto done = s.avatars->set_user_avatar(r.me(), target, *form.image());
  if (!done) return failure(done.error());
  return success();
}

// {userId | username} -> {}.
net::HttpResponse users_reset_avatar(Services& s, RestRequest& r) {
  if (s.avatars == nullptr) return failure(chat::internal_error());
  Reader p = r.params();
  chat::UserSelector who;
  who.id = p.optional_string("userId");
  who.username = p.optional_string("username");
  if (p.error()) return failure(*p.error());
  if (who.empty()) {
    return failure(
        chat::domain_error("error-user-param-not-provided",
                           "The required \"userId\" or \"username\" param was not provided"));
  }
  auto user = s.accounts.find_user(who);
  if (!user) return failure(user.error());
  auto done = s.avatars->reset_user_avatar(r.me(), *user);
  if (!done) return failure(done.error());
  return success();
}

}  // namespace parley::rest::handlers
