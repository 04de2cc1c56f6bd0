// Store conformance, continued: the orders a room's files can be listed in (channels.files'
// sort). Only the Store interface, so every implementation runs these.
#include "unit/store_conformance_rooms.hpp"

namespace parley::store::conformance {
namespace {

using namespace rooms;  // NOLINT: the shared builders read better unqualified

UploadRecord named_upload(int n, const std::string& room, const std::string& name, int64_t at) {
  UploadRecord up;
  up.id = padded('f', n);
  up.room_id = room;
  up.user_id = user_id(1);
  up.name = name;
  up.type = "text/plain";
  up.size = 1;
  up.type_group = "text";
  up.extension = "txt";
  up.blob_key = "uploads/" + up.id;
  up.uploaded_at = at;
  up.confirmed = true;
  up.message_id = message_id(n);
  return up;
}

std::vector<std::string> names_of(const UploadPage& page) {
  std::vector<std::string> out;
  for (const auto& up : page.uploads) out.push_back(up.name);
  return out;
}

TEST_P(StoreConformance, RoomUploadsInEachOrderWithPaging) {
  const std::string room = room_id(1);
  ASSERT_EQ(store().insert_uploads({named_upload(1, room, "b.txt", kT0 + 1),
                                    named_upload(2, room, "c.txt", kT0 + 2),
                                    named_upload(3, room, "a.txt", kT0 + 3)}),
            WriteStatus::kOk);
  UploadQuery q;
  q.room_id = room;
  EXPECT_EQ(names_of(store().room_uploads(q)), (Ids{"a.txt", "c.txt", "b.txt"}));
  q.order = UploadOrder::kOldestFirst;
  EXPECT_EQ(names_of(store().room_uploads(q)), (Ids{"b.txt", "c.txt", "a.txt"}));
  q.order = UploadOrder::kNameAscending;
  EXPECT_EQ(names_of(store().room_uploads(q)), (Ids{"a.txt", "b.txt", "c.txt"}));
  q.order = UploadOrder::kNameDescending;
  EXPECT_EQ(names_of(store().room_uploads(q)), (Ids{"c.txt", "b.txt", "a.txt"}));
  q.order = UploadOrder::kNameAscending;
  q.offset = 1;
  q.count = 1;
  auto page = store().room_uploads(q);
  EXPECT_EQ(names_of(page), (Ids{"b.txt"}));
  EXPECT_EQ(page.total, 3);
}

}  // namespace
}  // namespace parley::store::conformance
