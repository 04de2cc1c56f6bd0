// Store conformance, continued: uploads (insert, read, confirm, list, expiry, delete) and
// their statistics counters. Only the Store interface, so every implementation runs these.
#include "unit/store_conformance_rooms.hpp"

namespace parley::store::conformance {
namespace {

using namespace rooms;  // NOLINT: the shared builders read better unqualified

std::string upload_id(int n) {
  return padded('f', n);
}

UploadRecord make_upload(int n, const std::string& room, int user, const std::string& name,
                         const std::string& type, int64_t size, int64_t at) {
  UploadRecord up;
  up.id = upload_id(n);
  up.room_id = room;
  up.user_id = user_id(user);
  up.name = name;
  up.type = type;
  up.size = size;
  up.type_group = type.substr(0, type.find('/'));
  up.extension = name.substr(name.rfind('.') + 1);
  up.blob_key = "uploads/" + up.id;
  up.uploaded_at = at;
  up.confirmed = true;
  up.message_id = message_id(n);
  return up;
}

// A thumbnail of `original`, as uploads make them: its own row, typeGroup "thumb".
UploadRecord make_thumb(int n, UploadRecord& original) {
  UploadRecord t =
      make_upload(n, original.room_id, 1, original.name, "image/jpeg", 100, original.uploaded_at);
  t.user_id = original.user_id;
  t.type_group = "thumb";
  t.thumbnail_of = original.id;
  t.confirmed = original.confirmed;
  t.message_id = original.message_id;
  original.thumbnail_id = t.id;
  return t;
}

int64_t counter(Store& store, const std::string& name) {
  auto c = store.counters();
  auto it = c.find(name);
  return it == c.end() ? 0 : it->second;
}

std::vector<std::string> ids_of(const UploadPage& page) {
  std::vector<std::string> out;
  for (const auto& up : page.uploads) out.push_back(up.id);
  return out;
}

TEST_P(StoreConformance, UploadRoundTripsEveryFieldAndJoinsTheUploader) {
  UserRecord alice;
  alice.id = user_id(1);
  alice.username = "alice";
  alice.name = "Alice A";
  ASSERT_EQ(store().insert_user(alice), WriteStatus::kOk);
  UploadRecord up = make_upload(1, room_id(1), 1, "Ünïcode photo.png", "image/png", 1234, kT0);
  up.description = "a view";
  up.identify = ImageIdentity{"png", 640, 480};
  up.thumbnail_id = upload_id(2);
  at(kT0 + 500);
  ASSERT_EQ(store().insert_uploads({up}), WriteStatus::kOk);

  auto got = store().upload_by_id(up.id);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->room_id, room_id(1));
  EXPECT_EQ(got->user_id, user_id(1));
  EXPECT_EQ(got->name, "Ünïcode photo.png");
  EXPECT_EQ(got->type, "image/png");
  EXPECT_EQ(got->size, 1234);
  EXPECT_EQ(got->type_group, "image");
  EXPECT_EQ(got->extension, "png");
  EXPECT_EQ(got->blob_key, "uploads/" + up.id);
  EXPECT_EQ(got->description, "a view");
  ASSERT_TRUE(got->identify.has_value());
  EXPECT_EQ(got->identify->format, "png");
  EXPECT_EQ(got->identify->width, 640);
  EXPECT_EQ(got->identify->height, 480);
  EXPECT_TRUE(got->complete);
  EXPECT_TRUE(got->confirmed);
  EXPECT_EQ(got->uploaded_at, kT0);
  EXPECT_EQ(got->updated_at, kT0 + 500);  // the write stamp, not the caller's value
  EXPECT_EQ(got->message_id, message_id(1));
  EXPECT_EQ(got->thumbnail_id, upload_id(2));
  EXPECT_EQ(got->user_username, "alice");
  EXPECT_EQ(got->user_name, "Alice A");

  EXPECT_FALSE(store().upload_by_id(upload_id(9)).has_value());
}

TEST_P(StoreConformance, UploadWithoutImageIdentityReadsBackWithout) {
  ASSERT_EQ(
      store().insert_uploads({make_upload(1, room_id(1), 1, "a.pdf", "application/pdf", 10, kT0)}),
      WriteStatus::kOk);
  auto got = store().upload_by_id(upload_id(1));
  ASSERT_TRUE(got.has_value());
  EXPECT_FALSE(got->identify.has_value());
  EXPECT_EQ(got->user_username, "");  // no such user: no join, still a row
}

TEST_P(StoreConformance, InsertUploadsIsAllOrNothingAndCounted) {
  UploadRecord original = make_upload(1, room_id(1), 1, "big.png", "image/png", 5000, kT0);
  UploadRecord thumb = make_thumb(2, original);
  ASSERT_EQ(store().insert_uploads({original, thumb}), WriteStatus::kOk);
  EXPECT_EQ(counter(store(), "uploads"), 2);
  EXPECT_EQ(counter(store(), "uploads_size"), 5100);

  // A duplicate id in the batch: neither row goes in, the counters stay.
  UploadRecord fresh = make_upload(3, room_id(1), 1, "c.txt", "text/plain", 7, kT0);
  EXPECT_EQ(store().insert_uploads({fresh, original}), WriteStatus::kDuplicateId);
  EXPECT_FALSE(store().upload_by_id(upload_id(3)).has_value());
  EXPECT_EQ(counter(store(), "uploads"), 2);
  EXPECT_EQ(counter(store(), "uploads_size"), 5100);
}

TEST_P(StoreConformance, ConfirmUploadConfirmsTheThumbnailToo) {
  UploadRecord original = make_upload(1, room_id(1), 1, "big.png", "image/png", 5000, kT0);
  original.confirmed = false;
  original.message_id.clear();
  UploadRecord thumb = make_thumb(2, original);
  ASSERT_EQ(store().insert_uploads({original, thumb}), WriteStatus::kOk);

  // Not the uploader: as if there were no such upload.
  EXPECT_EQ(store().confirm_upload(original.id, {user_id(2), message_id(7), {}, {}}),
            WriteStatus::kNotFound);
  EXPECT_EQ(store().confirm_upload(upload_id(9), {user_id(1), message_id(7), {}, {}}),
            WriteStatus::kNotFound);
  // A thumbnail is confirmed with its original, never on its own.
  EXPECT_EQ(store().confirm_upload(thumb.id, {user_id(1), message_id(7), {}, {}}),
            WriteStatus::kNotFound);

  at(kT0 + 900);
  UploadRecord written;
  ASSERT_EQ(store().confirm_upload(
                original.id, {user_id(1), message_id(7), "renamed.png", "described"}, &written),
            WriteStatus::kOk);
  EXPECT_TRUE(written.confirmed);
  EXPECT_EQ(written.message_id, message_id(7));
  EXPECT_EQ(written.name, "renamed.png");
  EXPECT_EQ(written.description, "described");
  EXPECT_EQ(written.updated_at, kT0 + 900);
  auto t = store().upload_by_id(thumb.id);
  ASSERT_TRUE(t.has_value());
  EXPECT_TRUE(t->confirmed);
  EXPECT_EQ(t->message_id, message_id(7));

  // A second confirmation changes nothing (one message per upload).
  EXPECT_EQ(store().confirm_upload(original.id, {user_id(1), message_id(8), {}, {}}),
            WriteStatus::kUnchanged);
  EXPECT_EQ(store().upload_by_id(original.id)->message_id, message_id(7));
}

TEST_P(StoreConformance, ConfirmUploadKeepsNameAndDescriptionWhenNotGiven) {
  UploadRecord up = make_upload(1, room_id(1), 1, "a.txt", "text/plain", 3, kT0);
  up.confirmed = false;
  up.description = "kept";
  ASSERT_EQ(store().insert_uploads({up}), WriteStatus::kOk);
  UploadRecord written;
  ASSERT_EQ(store().confirm_upload(up.id, {user_id(1), message_id(1), {}, {}}, &written),
            WriteStatus::kOk);
  EXPECT_EQ(written.name, "a.txt");
  EXPECT_EQ(written.description, "kept");
}

TEST_P(StoreConformance, RoomUploadsNewestFirstWithFiltersAndTotal) {
  const std::string room = room_id(1);
  UploadRecord png = make_upload(1, room, 1, "Holiday.PNG", "image/png", 10, kT0 + 1);
  UploadRecord thumb = make_thumb(2, png);
  UploadRecord pdf = make_upload(3, room, 1, "holiday plan.pdf", "application/pdf", 10, kT0 + 2);
  UploadRecord ogg = make_upload(4, room, 1, "song.ogg", "audio/ogg", 10, kT0 + 3);
  UploadRecord pending = make_upload(5, room, 1, "pending.png", "image/png", 10, kT0 + 4);
  pending.confirmed = false;
  UploadRecord elsewhere = make_upload(6, room_id(2), 1, "other.png", "image/png", 10, kT0 + 5);
  ASSERT_EQ(store().insert_uploads({png, thumb, pdf, ogg, pending, elsewhere}), WriteStatus::kOk);

  UploadQuery q;
  q.room_id = room;
  auto all = store().room_uploads(q);
  // No thumbnail, nothing unconfirmed, nothing of another room; newest first.
  EXPECT_EQ(ids_of(all), (Ids{ogg.id, pdf.id, png.id}));
  EXPECT_EQ(all.total, 3);

  q.exclude_thumbs = false;
  EXPECT_EQ(store().room_uploads(q).total, 4);
  q.exclude_thumbs = true;

  q.name = "HOLIDAY";  // case-insensitive contains
  EXPECT_EQ(ids_of(store().room_uploads(q)), (Ids{pdf.id, png.id}));
  q.type_group = "image";
  EXPECT_EQ(ids_of(store().room_uploads(q)), (Ids{png.id}));
  q.name = "%";  // no wildcards: a literal character nobody's name has
  EXPECT_TRUE(store().room_uploads(q).uploads.empty());

  UploadQuery paged;
  paged.room_id = room;
  paged.offset = 1;
  paged.count = 1;
  auto page = store().room_uploads(paged);
  EXPECT_EQ(ids_of(page), (Ids{pdf.id}));
  EXPECT_EQ(page.total, 3);
}

TEST_P(StoreConformance, RoomImagesStartFromAnUpload) {
  const std::string room = room_id(1);
  UploadRecord a = make_upload(1, room, 1, "a.png", "image/png", 1, kT0 + 1);
  UploadRecord b = make_upload(2, room, 1, "b.png", "image/png", 1, kT0 + 2);
  UploadRecord c = make_upload(3, room, 1, "c.png", "image/png", 1, kT0 + 3);
  ASSERT_EQ(store().insert_uploads({a, b, c}), WriteStatus::kOk);
  UploadQuery q;
  q.room_id = room;
  q.type_group = "image";
  q.starting_from_id = b.id;
  auto page = store().room_uploads(q);
  EXPECT_EQ(ids_of(page), (Ids{b.id, a.id}));  // b and older
  EXPECT_EQ(page.total, 2);
  q.starting_from_id = upload_id(99);  // unknown: no filter, as in RC
  EXPECT_EQ(store().room_uploads(q).total, 3);
}

TEST_P(StoreConformance, UnconfirmedUploadsBeforeATime) {
  UploadRecord old_one = make_upload(1, room_id(1), 1, "a.png", "image/png", 1, kT0);
  old_one.confirmed = false;
  UploadRecord old_thumb = make_thumb(2, old_one);
  UploadRecord recent = make_upload(3, room_id(1), 1, "b.png", "image/png", 1, kT0 + 100);
  recent.confirmed = false;
  UploadRecord confirmed = make_upload(4, room_id(1), 1, "c.png", "image/png", 1, kT0);
  ASSERT_EQ(store().insert_uploads({old_one, old_thumb, recent, confirmed}), WriteStatus::kOk);

  auto due = store().uploads_unconfirmed_before(kT0 + 50, 0);
  std::set<std::string> ids;
  for (const auto& up : due) ids.insert(up.id);
  EXPECT_EQ(ids, (std::set<std::string>{old_one.id, old_thumb.id}));
  EXPECT_EQ(store().uploads_unconfirmed_before(kT0 + 50, 1).size(), 1u);
  EXPECT_EQ(store().uploads_unconfirmed_before(kT0 + 101, 0).size(), 3u);
}

TEST_P(StoreConformance, DeleteUploadTakesItsThumbnailAndCounters) {
  UploadRecord original = make_upload(1, room_id(1), 1, "big.png", "image/png", 5000, kT0);
  UploadRecord thumb = make_thumb(2, original);
  UploadRecord other = make_upload(3, room_id(1), 1, "c.txt", "text/plain", 7, kT0);
  ASSERT_EQ(store().insert_uploads({original, thumb, other}), WriteStatus::kOk);

  std::vector<UploadRecord> removed;
  ASSERT_EQ(store().delete_upload(original.id, &removed), WriteStatus::kOk);
  std::set<std::string> keys;
  for (const auto& up : removed) keys.insert(up.blob_key);
  EXPECT_EQ(keys, (std::set<std::string>{original.blob_key, thumb.blob_key}));
  EXPECT_FALSE(store().upload_by_id(original.id).has_value());
  EXPECT_FALSE(store().upload_by_id(thumb.id).has_value());
  EXPECT_TRUE(store().upload_by_id(other.id).has_value());
  EXPECT_EQ(counter(store(), "uploads"), 1);
  EXPECT_EQ(counter(store(), "uploads_size"), 7);

  EXPECT_EQ(store().delete_upload(original.id), WriteStatus::kNotFound);
  EXPECT_EQ(store().delete_upload(""), WriteStatus::kNotFound);
}

}  // namespace
}  // namespace parley::store::conformance
