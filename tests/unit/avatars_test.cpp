// chat::Avatars on a real SQLite store and a real FsBlobStore: the order blob -> row -> old blob
// -> event, permissions as Rocket.Chat's users.setAvatar / resetAvatar, and that a refusal or a
// failing disk changes nothing.
#include "chat/avatars.hpp"
#include "chat/user_admin.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json/serialize.hpp>
#include <filesystem>
#include <fstream>

#include "blob/fs_blob_store.hpp"
#include "chat_fixture.hpp"

namespace parley::chat {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace std::string_view_literals;

const std::string kPng = std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR"sv) + "rest of a png";
const std::string kJpeg = std::string("\xFF\xD8\xFF\xE0\0\x10JFIF"sv) + "rest of a jpeg";

class AvatarsTest : public ::testing::Test, public testing::ChatFixture {
 protected:
  AvatarsTest()
      : dir_(fs::temp_directory_path() /
             ("parley_avatars_test_" + std::to_string(::getpid()) + "_" + std::to_string(++n_))),
        blobs_(dir_),
        avatars_(db.store(), blobs_, events, settings, clock) {
    watch(bus::kLoggedSubject);
  }
  ~AvatarsTest() override { fs::remove_all(dir_); }

  std::vector<json::object> avatar_events() {
    return recorder.on(bus::kLoggedSubject, "updateAvatar");
  }
  std::size_t stored_avatars() {
    fs::path dir = dir_ / "avatars";
    if (!fs::exists(dir)) return 0;
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), {}));
  }
  store::UserRecord reload(const store::UserRecord& u) { return *db.store().user_by_id(u.id); }

  static inline int n_ = 0;
  fs::path dir_;
  blob::FsBlobStore blobs_;
  Avatars avatars_;
};

TEST_F(AvatarsTest, SetServeReplaceReset) {
  auto ann = user("ann");
  clock.set_ms(1'700'000'123'000);
  auto etag = avatars_.set_user_avatar(ann, ann, kPng);
  ASSERT_TRUE(etag) << etag.error().message();
  ann = reload(ann);
  ASSERT_TRUE(ann.avatar);
  EXPECT_EQ(ann.avatar->etag, *etag);
  EXPECT_EQ(ann.avatar->content_type, "image/png");
  EXPECT_EQ(ann.avatar->origin, "rest");
  EXPECT_EQ(ann.avatar->uploaded_at, 1'700'000'123'000);
  auto image = avatars_.user_avatar(ann);
  ASSERT_TRUE(image);
  EXPECT_EQ(image->bytes, kPng);
  EXPECT_EQ(image->content_type, "image/png");
  EXPECT_EQ(image->etag, *etag);
  auto events = avatar_events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(json::serialize(events[0].at("args")),
            json::serialize(json::array{json::object{{"username", "ann"}, {"etag", *etag}}}));
  EXPECT_EQ(events[0].at("stream"), "notify-logged");

  // A replacement gets a new etag and key; the old blob goes.
  auto second = avatars_.set_user_avatar(ann, ann, kJpeg);
  ASSERT_TRUE(second);
  EXPECT_NE(*second, *etag);
  EXPECT_EQ(blobs_.read(Avatars::blob_key(ann.id, *etag)).error().code, blob::Errc::kNotFound);
  ann = reload(ann);
  EXPECT_EQ(avatars_.user_avatar(ann)->content_type, "image/jpeg");
  EXPECT_EQ(stored_avatars(), 1u);

  ASSERT_TRUE(avatars_.reset_user_avatar(ann, ann));
  ann = reload(ann);
  EXPECT_FALSE(ann.avatar);
  EXPECT_FALSE(avatars_.user_avatar(ann));
  EXPECT_EQ(stored_avatars(), 0u);
  events = avatar_events();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(json::serialize(events[2].at("args")),
            json::serialize(json::array{json::object{{"username", "ann"}}}));
}

TEST_F(AvatarsTest, AStaleCopyOfTheUserLeavesNoBlobBehind) {
  // A DDP session holds the user as it was at login; its avatar field is out of date.
  const auto at_login = user("ann");
  ASSERT_TRUE(avatars_.set_user_avatar(at_login, at_login, kPng));
  ASSERT_TRUE(avatars_.reset_user_avatar(at_login, at_login));
  EXPECT_EQ(stored_avatars(), 0u);
  ASSERT_TRUE(avatars_.set_user_avatar(at_login, at_login, kPng));
  auto last = avatars_.set_user_avatar(at_login, at_login, kJpeg);
  ASSERT_TRUE(last);
  EXPECT_EQ(stored_avatars(), 1u);
  EXPECT_EQ(reload(at_login).avatar->etag, *last);
}

TEST_F(AvatarsTest, DeletingTheUserDeletesItsAvatar) {
  auto ann = user("ann");
  ASSERT_TRUE(avatars_.set_user_avatar(ann, ann, kPng));
  ASSERT_EQ(stored_avatars(), 1u);
  UserAdmin admin_tool(db.store(), clock, accounts, events, &members);
  admin_tool.on_deleted([this](const store::UserRecord& gone) { avatars_.forget_deleted(gone); });
  ASSERT_TRUE(admin_tool.remove(admin, UserSelector{ann.id, {}, {}}, true));
  EXPECT_EQ(stored_avatars(), 0u);
}

TEST_F(AvatarsTest, WhoMayChangeWhose) {
  auto ann = user("ann");
  auto bob = user("bob");
  auto refused = avatars_.set_user_avatar(bob, ann, kPng);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code_string(), "error-not-allowed");
  EXPECT_EQ(refused.error().reason, "Not allowed");
  ASSERT_TRUE(avatars_.set_user_avatar(admin, ann, kPng));  // edit-other-user-avatar
  ann = reload(ann);
  auto reset = avatars_.reset_user_avatar(bob, ann);
  ASSERT_FALSE(reset);
  EXPECT_EQ(reset.error().reason, "Reset avatar is not allowed");
  EXPECT_TRUE(reload(ann).avatar);

  ASSERT_TRUE(settings.set("Accounts_AllowUserAvatarChange", json::value(false)));
  auto own = avatars_.set_user_avatar(bob, bob, kPng);
  ASSERT_FALSE(own);
  EXPECT_EQ(own.error().reason, "Change avatar is not allowed");
  EXPECT_FALSE(avatars_.reset_user_avatar(ann, ann));
  EXPECT_TRUE(avatars_.set_user_avatar(admin, bob, kPng));
  EXPECT_TRUE(avatars_.reset_user_avatar(admin, ann));
}

TEST_F(AvatarsTest, NotAnImageStoresNothing) {
  auto ann = user("ann");
  for (std::string bytes : {std::string("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
                            std::string("GIF8"), std::string()}) {
    auto r = avatars_.set_user_avatar(ann, ann, bytes);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code_string(), "error-avatar-invalid-content-type");
  }
  EXPECT_FALSE(reload(ann).avatar);
  EXPECT_EQ(stored_avatars(), 0u);
  EXPECT_TRUE(avatar_events().empty());
}

TEST_F(AvatarsTest, AFailingDiskKeepsTheCurrentAvatar) {
  auto ann = user("ann");
  auto first = avatars_.set_user_avatar(ann, ann, kPng);
  ASSERT_TRUE(first);
  ann = reload(ann);
  recorder.clear();
  // The blob store can no longer write (its temporaries' directory is gone).
  fs::remove_all(blobs_.temp_dir());
  std::ofstream(blobs_.temp_dir()) << "not a directory";
  auto failed = avatars_.set_user_avatar(ann, ann, kJpeg);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().kind, ErrorKind::kInternal);
  // Row, blob and listeners are as before.
  ann = reload(ann);
  EXPECT_EQ(ann.avatar->etag, *first);
  EXPECT_EQ(avatars_.user_avatar(ann)->bytes, kPng);
  EXPECT_TRUE(avatar_events().empty());
}

TEST_F(AvatarsTest, AMissingBlobFallsBackToInitials) {
  auto ann = user("ann");
  auto etag = avatars_.set_user_avatar(ann, ann, kPng);
  ASSERT_TRUE(etag);
  ann = reload(ann);
  ASSERT_TRUE(blobs_.remove(Avatars::blob_key(ann.id, *etag)));
  EXPECT_FALSE(avatars_.user_avatar(ann));
}

}  // namespace
}  // namespace parley::chat
