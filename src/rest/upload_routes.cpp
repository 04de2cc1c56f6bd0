// rooms.upload/:rid (RC <= 6, EmbeddedChat), rooms.media/:rid and rooms.mediaConfirm/:rid/:fileId
// (RC 7): the transport side of chat/uploads.
//
// DESIGN
// - The two multipart routes stream. Router::dispatch_streamed has authenticated and
//   rate-limited the request on a worker; the handler then checks the room (RC's
//   canAccessRoom: 403 {error:"unauthorized"}) and takes a place under the upload caps (429)
//   before the first read, so a refused request never has its body read.
// - An UploadJob then pulls the body: read() -> the piece is posted to the upload pool ->
//   the multipart parser feeds the "file" part into a chat::UploadSession (a BlobWriter
//   behind it) -> only then the next read(). One read in flight, one piece in memory: a
//   slow disk slows the client down (TCP), it never fills memory; the general workers and
//   the event loops never wait on an upload.
// - A refusal mid-body (error-file-too-large, a type refused, malformed multipart) is answered
//   at once and nothing more is read; net discards or closes the rest. The session aborts its
//   blob, so nothing stays behind.
// - At the end of a well-formed body the upload is stored (chat::UploadSession::finish) and,
//   for rooms.upload, its message sent; both on the upload pool.
#include <boost/json/serialize.hpp>
#include <map>

#include "chat/file_message.hpp"
#include "rest/multipart.hpp"
#include "rest/response.hpp"
#include "rest/room_helpers.hpp"
#include "rest/routes.hpp"

namespace parley::rest::handlers {

namespace json = boost::json;

namespace {

enum class UploadKind { kUpload, kMedia };

constexpr std::size_t kMaxFieldBytes = 64 * 1024;

chat::Error too_many_uploads() {
  return chat::too_many_requests("error-too-many-requests",
                                 "Error, too many requests. Please slow down. Too many uploads "
                                 "in progress; try again when one has finished.");
}

// The message fields of rooms.upload's form, as RC's sendFileMessage reads them.
chat::FileMessageFields form_fields(const std::map<std::string, std::string>& form) {
  auto get = [&form](const char* name) {
    auto it = form.find(name);
    return it == form.end() ? std::string() : it->second;
  };
  chat::FileMessageFields f;
  f.msg = get("msg");
  f.description = get("description");
  f.tmid = get("tmid");
  f.alias = get("alias");
  f.emoji = get("emoji");
  f.avatar = get("avatar");
  f.custom_fields = get("customFields");
  if (auto it = form.find("groupable"); it != form.end()) f.groupable = it->second == "true";
  return f;
}

class UploadJob : public std::enable_shared_from_this<UploadJob>, private MultipartSink {
 public:
  UploadJob(Services& s, UploadKind kind, std::shared_ptr<StreamedRequest> request,
            std::shared_ptr<net::BodyReader> body, Respond respond,
            std::unique_ptr<UploadCaps::Slot> slot, const std::string& boundary)
      : s_(s),
        kind_(kind),
        request_(std::move(request)),
        body_(std::move(body)),
        respond_(std::move(respond)),
        slot_(std::move(slot)),
        parser_(boundary, *this) {}

  void read_next() {
    auto self = shared_from_this();
    body_->read([self](net::BodyReader::Piece piece) {
      // On the connection's loop (or inline for a buffered body): hand the work off.
      self->s_.upload_pool->post([self, piece = std::move(piece)]() mutable {
        try {
          self->on_piece(std::move(piece));
        } catch (const std::exception&) {
          self->answer(failure(chat::internal_error()));
        }
      });
    });
  }

 private:
  const store::UserRecord& me() const { return request_->rest.me(); }

  void on_piece(net::BodyReader::Piece piece) {
    if (answered_) return;
    if (piece.error) {
      // The client stopped sending or went away: nothing is stored (the session aborts).
      session_.reset();
      return answer(failure(chat::invalid_params("The request body could not be read")));
    }
    if (!piece.bytes.empty() && !parser_.feed(piece.bytes)) return refuse_parse();
    if (!piece.end) return read_next();
    if (!parser_.finish()) return refuse_parse();
    complete();
  }

  void refuse_parse() {
    session_.reset();
    if (refusal_) return answer(failure(*refusal_));
    answer(failure(chat::invalid_params("Invalid multipart body: " +
                                        std::string(to_string(*parser_.error())))));
  }

  void complete() {
    // RC's getUploadFormData finds no file part: Meteor.Error('invalid-field').
    if (!session_) return answer(failure(chat::domain_error("invalid-field", "")));
    auto stored = session_->finish();
    session_.reset();
    if (!stored) return answer(failure(stored.error()));
    if (kind_ == UploadKind::kMedia) {
      return answer(success(
          {{"file", {{"_id", stored->id}, {"url", chat::file_url(stored->id, stored->name)}}}}));
    }
    auto message =
        s_.uploads->post_message(me(), request_->rest.path_param, stored->id, form_fields(form_));
    if (!message) return answer(failure(message.error()));
    answer(success({{"message", message_json(std::move(*message), me().id)}}));
  }

  void answer(net::HttpResponse response) {
    if (answered_) return;
    answered_ = true;
    slot_.reset();  // the place under the caps is free once the answer goes
    respond_(std::move(response));
  }

  bool refuse(chat::Error error) {
    if (!refusal_) refusal_ = std::move(error);
    return false;
  }

  // --- MultipartSink: the "file" part into the session, small fields into form_ ----------
  bool on_part_begin(const MultipartPart& part) override {
    field_ = nullptr;
    in_file_ = false;
    if (part.has_filename) {
      if (part.name != "file") return refuse(chat::domain_error("invalid-field", ""));
      if (session_ || had_file_) return refuse(chat::invalid_params("Just 1 file is allowed"));
      had_file_ = true;
      auto session =
          s_.uploads->begin(me(), {request_->rest.path_param, part.filename, part.content_type});
      if (!session) return refuse(session.error());
      session_ = std::move(*session);
      in_file_ = true;
      return true;
    }
    field_ = &form_[part.name];
    field_->clear();
    return true;
  }
  bool on_part_data(std::string_view bytes) override {
    if (in_file_) {
      if (auto appended = session_->append(bytes); !appended) {
        return refuse(appended.error());
      }
      return true;
    }
    if (field_ == nullptr) return true;
    if (field_->size() + bytes.size() > kMaxFieldBytes) {
      return refuse(chat::invalid_params("Form field too large"));
    }
    field_->append(bytes);
    return true;
  }
  bool on_part_end() override {
    in_file_ = false;
    field_ = nullptr;
    return true;
  }

  Services& s_;
  UploadKind kind_;
  std::shared_ptr<StreamedRequest> request_;
  std::shared_ptr<net::BodyReader> body_;
  Respond respond_;
  std::unique_ptr<UploadCaps::Slot> slot_;
  MultipartParser parser_;
  // Touched by one upload-pool task at a time: each piece's task posts the next read.
  std::unique_ptr<chat::UploadSession> session_;
  bool had_file_ = false;
  bool in_file_ = false;
  std::string* field_ = nullptr;
  std::map<std::string, std::string> form_;
  std::optional<chat::Error> refusal_;
  bool answered_ = false;
};

void start_upload(Services& s, UploadKind kind, std::shared_ptr<StreamedRequest> request,
                  std::shared_ptr<net::BodyReader> body, Respond respond) {
  if (s.uploads == nullptr || s.upload_pool == nullptr || s.upload_caps == nullptr) {
    return respond(failure(chat::internal_error()));
  }
  const RestRequest& r = request->rest;
  if (!s.uploads->accessible_room(r.me(), r.path_param)) return respond(unauthorized());
  auto boundary = MultipartParser::boundary_of(r.http.header("content-type"));
  if (!boundary) return respond(failure(chat::domain_error("invalid-field", "")));
  auto slot = s.upload_caps->acquire(r.me().id);
  if (!slot) return respond(failure(too_many_uploads()));
  auto job = std::make_shared<UploadJob>(s, kind, std::move(request), std::move(body),
                                         std::move(respond), std::move(slot), *boundary);
  job->read_next();
}

}  // namespace

void rooms_upload(Services& s, std::shared_ptr<StreamedRequest> request,
                  std::shared_ptr<net::BodyReader> body, Respond respond) {
  start_upload(s, UploadKind::kUpload, std::move(request), std::move(body), std::move(respond));
}

void rooms_media(Services& s, std::shared_ptr<StreamedRequest> request,
                 std::shared_ptr<net::BodyReader> body, Respond respond) {
  start_upload(s, UploadKind::kMedia, std::move(request), std::move(body), std::move(respond));
}

// JSON {msg?, description?, tmid?, fileName?, alias?, emoji?, avatar?, groupable?,
// customFields?} -> {message}.
net::HttpResponse rooms_media_confirm(Services& s, RestRequest& r) {
  if (s.uploads == nullptr) return failure(chat::internal_error());
  const std::string& params = r.path_param;  // "<rid>/<fileId>"
  const auto slash = params.find('/');
  const std::string room_id = params.substr(0, slash);
  const std::string file_id = params.substr(slash + 1);
  if (!s.uploads->accessible_room(r.me(), room_id)) return unauthorized();
  auto text = [&r](const char* key) {
    const json::value* v = r.body.if_contains(key);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
  };
  chat::FileMessageFields f;
  f.msg = text("msg");
  f.description = text("description");
  f.tmid = text("tmid");
  f.alias = text("alias");
  f.emoji = text("emoji");
  f.avatar = text("avatar");
  if (const json::value* v = r.body.if_contains("fileName"); v && v->is_string()) {
    f.file_name = std::string(v->get_string());
  }
  if (const json::value* v = r.body.if_contains("groupable"); v && v->is_bool()) {
    f.groupable = v->get_bool();
  }
  if (const json::value* v = r.body.if_contains("customFields")) {
    f.custom_fields = v->is_string() ? std::string(v->get_string()) : json::serialize(*v);
  }
  auto message = s.uploads->post_message(r.me(), room_id, file_id, f);
  if (!message) return failure(message.error());
  return success({{"message", message_json(std::move(*message), r.me().id)}});
}

}  // namespace parley::rest::handlers
