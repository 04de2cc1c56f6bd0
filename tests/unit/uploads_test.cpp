// chat::Uploads on a real SQLite store, a real FsBlobStore and real libvips: the checks before
// any byte, the size limit mid-stream (nothing left behind), the sniffed type, names, the
// file message's shape, thumbnails, confirmation and expiry.
#include "chat/uploads.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "blob/fs_blob_store.hpp"
#include "chat/file_message.hpp"
#include "chat/upload_types.hpp"
#include "chat_fixture.hpp"
#include "image/raster.hpp"
#include "image/thumbnail.hpp"

namespace parley::chat {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

ImageTools real_images() {
  ImageTools t;
  t.probe = [](std::string_view b) -> std::optional<store::ImageIdentity> {
    auto p = image::probe(b);
    if (!p) return std::nullopt;
    return store::ImageIdentity{p->format, p->width, p->height};
  };
  t.thumbnail = [](std::string_view b, int w, int h) -> std::optional<ImageTools::Thumb> {
    auto made = image::make_thumbnail(b, w, h);
    if (!made) return std::nullopt;
    return ImageTools::Thumb{made->bytes, made->content_type, made->width, made->height};
  };
  t.preview_base64 = [](std::string_view b) { return image::make_preview_base64(b); };
  return t;
}

std::string png_of(int width, int height) {
  const std::string svg = "<svg xmlns='http://www.w3.org/2000/svg' width='" +
                          std::to_string(width) + "' height='" + std::to_string(height) +
                          "'><rect width='100%' height='100%' fill='#3a7'/></svg>";
  return *image::render_svg(svg, "png");
}

class UploadsTest : public ::testing::Test, public testing::ChatFixture {
 protected:
  UploadsTest()
      : dir_(fs::temp_directory_path() /
             ("parley_uploads_test_" + std::to_string(::getpid()) + "_" + std::to_string(++n_))),
        blobs_(dir_),
        uploads_(db.store(), blobs_, access, messages, settings, clock, real_images(), observer()) {
    clock.set_ms(1'700'000'000'000);
    alice_ = user("alice");
    bob_ = user("bob");
    room_ = *rooms.create(alice_, {"c", "team", {"bob"}, false, false, ""});
  }
  ~UploadsTest() override { fs::remove_all(dir_); }

  UploadObserver observer() {
    UploadObserver o;
    o.refused = [this](std::string_view reason) { refusals_.emplace_back(reason); };
    o.thumbnail_made = [this] { ++thumbnails_; };
    return o;
  }

  // Every stored blob (committed, not temporaries).
  std::size_t stored_blobs() {
    fs::path dir = dir_ / "uploads";
    if (!fs::exists(dir)) return 0;
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), {}));
  }

  // Uploads `bytes` in pieces of `piece` bytes and stores it (unconfirmed).
  Result<store::UploadRecord> upload(const store::UserRecord& who, const std::string& room,
                                     const std::string& name, const std::string& bytes,
                                     std::size_t piece = 1000, const std::string& declared = "") {
    auto session = uploads_.begin(who, {room, name, declared});
    if (!session) return session.error();
    for (std::size_t at = 0; at < bytes.size(); at += piece) {
      if (auto appended = (*session)->append(std::string_view(bytes).substr(at, piece));
          !appended) {
        return appended.error();
      }
    }
    return (*session)->finish();
  }

  static inline int n_ = 0;
  fs::path dir_;
  blob::FsBlobStore blobs_;
  Uploads uploads_;
  std::vector<std::string> refusals_;
  int thumbnails_ = 0;
  store::UserRecord alice_, bob_;
  store::RoomRecord room_;
};

TEST_F(UploadsTest, ATextFileBecomesAFileMessage) {
  const std::string text(5000, 'x');
  auto up = upload(alice_, room_.id, "../../etc/notes.TXT", text, 777, "application/x-evil");
  ASSERT_TRUE(up) << up.error().message();
  EXPECT_EQ(up->name, "notes.TXT");
  EXPECT_EQ(up->type, "text/plain");  // sniffed; the declared type is not kept
  EXPECT_EQ(up->type_group, "text");
  EXPECT_EQ(up->extension, "txt");
  EXPECT_EQ(up->size, 5000);
  EXPECT_FALSE(up->confirmed);
  EXPECT_EQ(*blobs_.read(up->blob_key), text);

  FileMessageFields fields;
  fields.msg = "here";
  fields.description = "my notes";
  auto message = uploads_.post_message(alice_, room_.id, up->id, fields);
  ASSERT_TRUE(message) << message.error().message();
  const json::object& m = *message;
  EXPECT_EQ(m.at("msg").as_string(), "here");
  EXPECT_EQ(m.at("groupable").as_bool(), false);
  const json::object& file = m.at("file").as_object();
  EXPECT_EQ(file.at("_id").as_string(), up->id);
  EXPECT_EQ(file.at("name").as_string(), "notes.TXT");
  EXPECT_EQ(file.at("type").as_string(), "text/plain");
  EXPECT_EQ(file.at("size").as_int64(), 5000);
  EXPECT_EQ(file.at("format").as_string(), "");
  EXPECT_EQ(file.at("typeGroup").as_string(), "text");
  EXPECT_EQ(m.at("files").as_array().size(), 1u);
  const json::object& a = m.at("attachments").as_array().at(0).as_object();
  EXPECT_EQ(a.at("type").as_string(), "file");
  EXPECT_EQ(a.at("title").as_string(), "notes.TXT");
  EXPECT_EQ(a.at("title_link").as_string(), "/file-upload/" + up->id + "/notes.TXT");
  EXPECT_EQ(a.at("title_link_download").as_bool(), true);
  EXPECT_EQ(a.at("format").as_string(), "txt");
  EXPECT_EQ(a.at("size").as_int64(), 5000);
  EXPECT_EQ(a.at("description").as_string(), "my notes");
  EXPECT_EQ(a.at("fileId").as_string(), up->id);
  EXPECT_FALSE(a.contains("image_url"));

  auto stored = db.store().upload_by_id(up->id);
  EXPECT_TRUE(stored->confirmed);
  EXPECT_EQ(stored->message_id, m.at("_id").as_string());
  EXPECT_EQ(stored->description, "my notes");
  // The normal path: the room's last message is this one.
  EXPECT_EQ(db.store().room_by_id(room_.id)->last_message.at("_id"), m.at("_id"));
  // Once only.
  EXPECT_EQ(uploads_.post_message(alice_, room_.id, up->id, fields).error().code_string(),
            "invalid-file");
}

TEST_F(UploadsTest, AnImageGetsDimensionsPreviewAndAThumbnail) {
  const std::string png = png_of(1200, 900);
  auto up = upload(alice_, room_.id, "view.png", png, 4096);
  ASSERT_TRUE(up) << up.error().message();
  EXPECT_EQ(up->type, "image/png");
  ASSERT_TRUE(up->identify);
  EXPECT_EQ(up->identify->width, 1200);
  EXPECT_EQ(up->identify->height, 900);
  ASSERT_FALSE(up->thumbnail_id.empty());
  EXPECT_EQ(thumbnails_, 1);
  auto thumb = db.store().upload_by_id(up->thumbnail_id);
  ASSERT_TRUE(thumb);
  EXPECT_EQ(thumb->type_group, "thumb");
  EXPECT_EQ(thumb->name, "thumb-view.png");
  EXPECT_EQ(thumb->thumbnail_of, up->id);

  auto message = uploads_.post_message(alice_, room_.id, up->id, {});
  ASSERT_TRUE(message) << message.error().message();
  const json::object& a = message->at("attachments").as_array().at(0).as_object();
  EXPECT_EQ(a.at("image_url").as_string(), "/file-upload/" + thumb->id + "/view.png");
  EXPECT_EQ(a.at("image_type").as_string(), "image/png");
  EXPECT_EQ(a.at("image_size").as_int64(), static_cast<int64_t>(png.size()));
  EXPECT_EQ(a.at("image_dimensions").at("width").as_int64(), 480);
  EXPECT_EQ(a.at("image_dimensions").at("height").as_int64(), 360);
  EXPECT_FALSE(a.at("image_preview").as_string().empty());
  const auto& files = message->at("files").as_array();
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files.at(0).at("format").as_string(), "png");
  EXPECT_EQ(files.at(1).at("typeGroup").as_string(), "thumb");
  EXPECT_TRUE(db.store().upload_by_id(thumb->id)->confirmed);
}

TEST_F(UploadsTest, ASmallImageHasNoThumbnail) {
  auto up = upload(alice_, room_.id, "icon.png", png_of(100, 80));
  ASSERT_TRUE(up);
  EXPECT_TRUE(up->thumbnail_id.empty());
  auto message = uploads_.post_message(alice_, room_.id, up->id, {});
  ASSERT_TRUE(message);
  const json::object& a = message->at("attachments").as_array().at(0).as_object();
  EXPECT_EQ(a.at("image_url").as_string(), a.at("title_link").as_string());
  EXPECT_EQ(a.at("image_dimensions").at("width").as_int64(), 100);
}

TEST_F(UploadsTest, OverTheLimitMidStreamLeavesNothing) {
  ASSERT_TRUE(settings.set("FileUpload_MaxFileSize", 10'000));
  auto session = uploads_.begin(alice_, {room_.id, "big.bin", ""});
  ASSERT_TRUE(session);
  const std::string piece(4000, 'a');
  EXPECT_TRUE((*session)->append(piece));
  EXPECT_TRUE((*session)->append(piece));
  auto over = (*session)->append(piece);
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code_string(), "error-file-too-large");
  EXPECT_FALSE((*session)->append("x"));  // it stays refused
  EXPECT_FALSE((*session)->finish());
  session->reset();
  EXPECT_EQ(stored_blobs(), 0u);
  EXPECT_EQ(blobs_.sweep_temporaries(0), 0u);  // no temporary left either
  EXPECT_EQ(db.store().counters()["uploads"], 0);
  EXPECT_EQ(refusals_, std::vector<std::string>{"error-file-too-large"});
  // Exactly at the limit is fine.
  EXPECT_TRUE(upload(alice_, room_.id, "ok.bin", std::string(10'000, 'b')));
}

TEST_F(UploadsTest, AnAbandonedSessionLeavesNothing) {
  {
    auto session = uploads_.begin(alice_, {room_.id, "half.txt", ""});
    ASSERT_TRUE(session);
    EXPECT_TRUE((*session)->append("some bytes"));
  }
  EXPECT_EQ(stored_blobs(), 0u);
  EXPECT_EQ(blobs_.sweep_temporaries(0), 0u);
}

TEST_F(UploadsTest, ChecksBeforeAnyByte) {
  ASSERT_TRUE(settings.set("FileUpload_Enabled", false));
  EXPECT_EQ(uploads_.begin(alice_, {room_.id, "a.txt", ""}).error().code_string(),
            "error-file-upload-disabled");
  ASSERT_TRUE(settings.set("FileUpload_Enabled", true));

  // A private group: outsiders get RC's forbidden, as for a room that does not exist.
  auto group = *rooms.create(alice_, {"p", "secret", {}, false, false, ""});
  auto outsider = uploads_.begin(bob_, {group.id, "a.txt", ""});
  EXPECT_EQ(outsider.error().kind, ErrorKind::kForbidden);
  EXPECT_EQ(uploads_.begin(bob_, {"nope", "a.txt", ""}).error().kind, ErrorKind::kForbidden);

  // DMs need FileUpload_Enabled_Direct.
  auto dm = *rooms.create_direct(alice_, {"bob"});
  ASSERT_TRUE(settings.set("FileUpload_Enabled_Direct", false));
  EXPECT_EQ(uploads_.begin(alice_, {dm.id, "a.txt", ""}).error().code_string(),
            "error-direct-message-file-upload-not-allowed");
  ASSERT_TRUE(settings.set("FileUpload_Enabled_Direct", true));
  EXPECT_TRUE(upload(alice_, dm.id, "a.txt", "hello"));

  // A read-only room: only those allowed to post there.
  auto announcements = *rooms.create(alice_, {"c", "news", {"bob"}, true, false, ""});
  EXPECT_EQ(uploads_.begin(bob_, {announcements.id, "a.txt", ""}).error().code_string(),
            "error-message-not-allowed");
  EXPECT_EQ(stored_blobs(), 1u);  // only the DM's file
}

TEST_F(UploadsTest, MediaTypeListsApplyToTheDeclaredAndTheSniffedType) {
  // SVG is blacklisted by default: refused whatever the client says it is.
  const std::string svg = "<svg xmlns='http://www.w3.org/2000/svg'><script>1</script></svg>";
  EXPECT_EQ(upload(alice_, room_.id, "x.svg", svg, 1000, "image/svg+xml").error().code_string(),
            "error-invalid-file-type");
  EXPECT_EQ(upload(alice_, room_.id, "x.png", svg, 1000, "image/png").error().code_string(),
            "error-invalid-file-type");
  ASSERT_TRUE(settings.set("FileUpload_MediaTypeWhiteList", "image/*, application/pdf"));
  EXPECT_TRUE(upload(alice_, room_.id, "doc.pdf", "%PDF-1.4 ..."));
  EXPECT_EQ(upload(alice_, room_.id, "a.txt", "plain").error().code_string(),
            "error-invalid-file-type");
  EXPECT_EQ(stored_blobs(), 1u);
}

TEST_F(UploadsTest, PostingIsForTheUploaderInTheUploadsRoom) {
  auto up = upload(alice_, room_.id, "a.txt", "hello");
  ASSERT_TRUE(up);
  EXPECT_EQ(uploads_.post_message(bob_, room_.id, up->id, {}).error().code_string(),
            "invalid-file");
  auto other = *rooms.create(alice_, {"c", "other", {}, false, false, ""});
  EXPECT_EQ(uploads_.post_message(alice_, other.id, up->id, {}).error().code_string(),
            "invalid-file");
  // A refused message takes its upload with it.
  FileMessageFields fields;
  fields.tmid = "no-such-message";
  EXPECT_EQ(uploads_.post_message(alice_, room_.id, up->id, fields).error().code_string(),
            "error-invalid-message");
  EXPECT_FALSE(db.store().upload_by_id(up->id));
  EXPECT_EQ(stored_blobs(), 0u);
}

TEST_F(UploadsTest, UnconfirmedUploadsExpire) {
  auto image = upload(alice_, room_.id, "big.png", png_of(1000, 1000));
  ASSERT_TRUE(image);
  clock.set_ms(clock.now_ms() + 10'000);
  auto recent = upload(alice_, room_.id, "new.txt", "x");
  auto confirmed = upload(alice_, room_.id, "kept.txt", "y");
  ASSERT_TRUE(uploads_.post_message(alice_, room_.id, confirmed->id, {}));
  ASSERT_EQ(stored_blobs(), 4u);  // image, its thumbnail, two texts

  EXPECT_EQ(uploads_.expire_unconfirmed(5'000), 1u);
  EXPECT_FALSE(db.store().upload_by_id(image->id));
  EXPECT_FALSE(db.store().upload_by_id(image->thumbnail_id));
  EXPECT_TRUE(db.store().upload_by_id(recent->id));
  EXPECT_EQ(stored_blobs(), 2u);
}

TEST(UploadTypes, SniffsWhatTheBytesAre) {
  using namespace std::string_view_literals;
  EXPECT_EQ(sniff_file_type("%PDF-1.7"), "application/pdf");
  EXPECT_EQ(sniff_file_type("PK\x03\x04rest"sv), "application/zip");
  EXPECT_EQ(sniff_file_type("ID3\x04"), "audio/mpeg");
  EXPECT_EQ(sniff_file_type("OggS\0"sv), "audio/ogg");
  EXPECT_EQ(sniff_file_type("\0\0\0\x18"
                            "ftypmp42"sv),
            "video/mp4");
  EXPECT_EQ(sniff_file_type("\x1A\x45\xDF\xA3"sv), "video/webm");
  EXPECT_EQ(sniff_file_type("  <?xml version='1.0'?><svg/>"), "image/svg+xml");
  EXPECT_EQ(sniff_file_type("<!DOCTYPE html><p>"), "text/html");
  EXPECT_EQ(sniff_file_type("héllo wörld"), "text/plain");
  EXPECT_EQ(sniff_file_type("bin\0ary"sv), "application/octet-stream");
  EXPECT_EQ(sniff_file_type("\xC3"sv), "text/plain");  // a sequence cut by the window
  EXPECT_EQ(sniff_file_type("\xFF\xFE\xFD\xFC\xFB"sv), "application/octet-stream");
}

TEST(UploadTypes, MediaTypeLists) {
  EXPECT_TRUE(media_type_allowed("image/png", "", "image/svg+xml"));
  EXPECT_FALSE(media_type_allowed("image/svg+xml", "", "image/svg+xml"));
  EXPECT_FALSE(media_type_allowed("image/png", "", "image/*"));
  EXPECT_TRUE(media_type_allowed("image/png", " image/* ,text/plain", ""));
  EXPECT_FALSE(media_type_allowed("video/mp4", "image/*,text/plain", ""));
  EXPECT_FALSE(media_type_allowed("image/png", "image/*", "image/png"));  // blacklist wins
  EXPECT_TRUE(media_type_allowed("Text/Plain", "text/plain", ""));
}

TEST(UploadTypes, SanitisesNames) {
  EXPECT_EQ(sanitize_file_name("C:\\Users\\me\\Report.pdf"), "Report.pdf");
  EXPECT_EQ(sanitize_file_name("../../etc/passwd"), "passwd");
  EXPECT_EQ(sanitize_file_name("a\x01\x1f\x7f"
                               "b\r\n.txt"),
            "ab.txt");
  EXPECT_EQ(sanitize_file_name("c1\xC2\x85.txt"), "c1.txt");  // NEL, a C1 control
  EXPECT_EQ(sanitize_file_name("bad\xFF.txt"), "bad.txt");    // invalid UTF-8
  EXPECT_EQ(sanitize_file_name("日本語の資料 ü.pdf"), "日本語の資料 ü.pdf");
  EXPECT_EQ(sanitize_file_name(""), "file");
  EXPECT_EQ(sanitize_file_name(".."), "file");
  EXPECT_EQ(sanitize_file_name("dir/"), "file");
  EXPECT_EQ(sanitize_file_name("  spaced.txt  "), "spaced.txt");
  std::string long_name;
  for (int i = 0; i < 200; ++i) long_name += "é";  // 400 bytes
  const std::string cut = sanitize_file_name(long_name + ".jpeg");
  EXPECT_LE(cut.size(), kMaxFileNameBytes);
  EXPECT_TRUE(cut.ends_with("é.jpeg"));  // the extension kept, no split character
}

TEST(UploadTypes, EncodesUrisAsJavaScriptDoes) {
  EXPECT_EQ(encode_uri("a b/ü?#.txt"), "a%20b/%C3%BC?#.txt");
  EXPECT_EQ(file_url("abc", "my file.txt"), "/file-upload/abc/my%20file.txt");
}

}  // namespace
}  // namespace parley::chat
