// SqliteStore: uploads (migration 0007). The counters uploads / uploads_size are kept by the
// table's triggers, so they move in the transaction that inserts or deletes a row.
#include <sqlite3.h>

#include "store/sqlite/connection.hpp"
#include "store/sqlite/field_reader.hpp"
#include "store/sqlite/query_helpers.hpp"
#include "store/sqlite/read_pool.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/writer.hpp"

namespace parley::store {

using sqlite::Connection;
using sqlite::is_constraint;
using sqlite::MalformedRows;
using sqlite::Query;
using sqlite::ReadTransaction;
using sqlite::SqliteError;
using sqlite::WriteOutcome;

namespace {

enum UploadColumn {
  kId,
  kRoomId,
  kUserId,
  kName,
  kType,
  kSize,
  kTypeGroup,
  kExtension,
  kBlobKey,
  kDescription,
  kIdentifyFormat,
  kIdentifyWidth,
  kIdentifyHeight,
  kComplete,
  kConfirmed,
  kUploadedAt,
  kUpdatedAt,
  kMessageId,
  kThumbnailOf,
  kThumbnailId,
  kUsername,
  kUserName,
};

// The uploader's username and name come along (IUpload.user); a removed user reads as NULL.
const std::string kUploadSelect =
    "SELECT up.id, up.room_id, up.user_id, up.name, up.type, up.size, up.type_group, "
    "up.extension, up.blob_key, up.description, up.identify_format, up.identify_width, "
    "up.identify_height, up.complete, up.confirmed, up.uploaded_at, up.updated_at, "
    "up.message_id, up.thumbnail_of, up.thumbnail_id, u.username, u.name "
    "FROM uploads up LEFT JOIN users u ON u.id = up.user_id ";

std::optional<UploadRecord> read_upload_row(const Query& row, MalformedRows& malformed) {
  UploadRecord up;
  sqlite::FieldReader r(row);
  r.text(kId, "id", up.id);
  r.text(kRoomId, "room_id", up.room_id);
  r.text(kUserId, "user_id", up.user_id);
  r.text(kName, "name", up.name);
  r.text(kType, "type", up.type);
  r.integer(kSize, "size", up.size);
  r.text(kTypeGroup, "type_group", up.type_group);
  r.text(kExtension, "extension", up.extension);
  r.text(kBlobKey, "blob_key", up.blob_key);
  r.text(kDescription, "description", up.description);
  if (!row.is_null(kIdentifyFormat)) {
    auto& id = up.identify.emplace();
    r.text(kIdentifyFormat, "identify_format", id.format);
    r.integer(kIdentifyWidth, "identify_width", id.width);
    r.integer(kIdentifyHeight, "identify_height", id.height);
  }
  r.boolean(kComplete, "complete", up.complete);
  r.boolean(kConfirmed, "confirmed", up.confirmed);
  r.integer(kUploadedAt, "uploaded_at", up.uploaded_at);
  r.integer(kUpdatedAt, "updated_at", up.updated_at);
  r.text(kMessageId, "message_id", up.message_id);
  r.text(kThumbnailOf, "thumbnail_of", up.thumbnail_of);
  r.text(kThumbnailId, "thumbnail_id", up.thumbnail_id);
  r.optional_text(kUsername, "username", up.user_username);
  r.optional_text(kUserName, "user_name", up.user_name);
  if (r.bad() != nullptr) {
    malformed.report("uploads", up.id, r.bad());
    return std::nullopt;
  }
  return up;
}

void insert_upload_row(Connection& conn, const UploadRecord& up) {
  auto q = conn.query(
      "INSERT INTO uploads (id, room_id, user_id, name, type, size, type_group, extension, "
      "blob_key, description, identify_format, identify_width, identify_height, complete, "
      "confirmed, uploaded_at, updated_at, message_id, thumbnail_of, thumbnail_id) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, up.id)
      .bind(2, up.room_id)
      .bind(3, up.user_id)
      .bind(4, up.name)
      .bind(5, up.type)
      .bind(6, up.size)
      .bind(7, up.type_group)
      .bind(8, up.extension)
      .bind(9, up.blob_key)
      .bind(10, up.description)
      .bind(14, int64_t{up.complete})
      .bind(15, int64_t{up.confirmed})
      .bind(16, up.uploaded_at)
      .bind(17, up.updated_at)
      .bind(18, up.message_id)
      .bind(19, up.thumbnail_of)
      .bind(20, up.thumbnail_id);
  if (up.identify) {
    q.bind(11, up.identify->format).bind(12, up.identify->width).bind(13, up.identify->height);
  } else {
    q.bind_null(11).bind_null(12).bind_null(13);
  }
  q.run();
}

std::optional<UploadRecord> one_upload(Connection& conn, std::string_view id,
                                       MalformedRows& malformed) {
  static const std::string kSql = kUploadSelect + "WHERE up.id = ?";
  auto q = conn.query(kSql);
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return read_upload_row(q, malformed);
}

std::vector<UploadRecord> read_uploads(Query& q, MalformedRows& malformed) {
  std::vector<UploadRecord> out;
  while (q.step()) {
    if (auto up = read_upload_row(q, malformed)) out.push_back(std::move(*up));
  }
  return out;
}

}  // namespace

WriteStatus SqliteStore::insert_uploads(const std::vector<UploadRecord>& uploads) {
  return writer_
      ->run([&](Connection& conn) -> WriteOutcome {
        const int64_t stamp = writer_->stamp();
        for (const auto& given : uploads) {
          UploadRecord up = given;
          up.updated_at = stamp;
          try {
            insert_upload_row(conn, up);
          } catch (const SqliteError& e) {
            // The savepoint rollback takes the uploads inserted before this one with it.
            if (is_constraint(e, SQLITE_CONSTRAINT_PRIMARYKEY)) return {WriteStatus::kDuplicateId};
            throw;
          }
        }
        return {WriteStatus::kOk, static_cast<int64_t>(uploads.size())};
      })
      .status;
}

std::optional<UploadRecord> SqliteStore::upload_by_id(std::string_view id) {
  auto conn = readers_->acquire();
  return one_upload(*conn, id, *malformed_);
}

WriteStatus SqliteStore::confirm_upload(std::string_view id, const UploadConfirmation& confirmation,
                                        UploadRecord* out) {
  UploadRecord written;
  auto job = [&](Connection& conn) -> WriteOutcome {
    auto current = one_upload(conn, id, *malformed_);
    if (!current || current->user_id != confirmation.user_id || !current->thumbnail_of.empty()) {
      return {WriteStatus::kNotFound};
    }
    if (current->confirmed) return {WriteStatus::kUnchanged};
    const int64_t stamp = writer_->stamp();
    // The original and its thumbnail: one message carries both.
    conn.query(
            "UPDATE uploads SET confirmed = 1, message_id = ?1, updated_at = ?2 "
            "WHERE id = ?3 OR thumbnail_of = ?3")
        .bind(1, confirmation.message_id)
        .bind(2, stamp)
        .bind(3, id)
        .run();
    if (confirmation.name) {
      conn.query("UPDATE uploads SET name = ? WHERE id = ?")
          .bind(1, *confirmation.name)
          .bind(2, id)
          .run();
    }
    if (confirmation.description) {
      conn.query("UPDATE uploads SET description = ? WHERE id = ?")
          .bind(1, *confirmation.description)
          .bind(2, id)
          .run();
    }
    written = std::move(*one_upload(conn, id, *malformed_));
    return {WriteStatus::kOk, 1};
  };
  const WriteStatus status = writer_->run(job).status;
  if (status == WriteStatus::kOk && out != nullptr) *out = std::move(written);
  return status;
}

UploadPage SqliteStore::room_uploads(const UploadQuery& query) {
  auto conn = readers_->acquire();
  ReadTransaction snapshot(*conn);  // the starting point, total and page agree

  // One statement per combination of filters (a handful), each cached by its connection.
  std::string where = "WHERE up.room_id = ? AND up.confirmed = 1 AND up.complete = 1 ";
  std::vector<std::string> texts{query.room_id};
  std::optional<int64_t> at_most;
  if (!query.type_group.empty()) {
    where += "AND up.type_group = ? ";
    texts.push_back(query.type_group);
  }
  if (query.exclude_thumbs) where += "AND up.type_group <> 'thumb' ";
  if (!query.name.empty()) {
    // instr, not LIKE: the user's text has no wildcards to escape.
    where += "AND instr(lower(up.name), lower(?)) > 0 ";
    texts.push_back(query.name);
  }
  if (!query.starting_from_id.empty()) {
    if (auto start = one_upload(*conn, query.starting_from_id, *malformed_)) {
      at_most = start->uploaded_at;
      where += "AND up.uploaded_at <= ? ";
    }
  }
  auto bind_filters = [&](Query& q) {
    int index = 1;
    for (const auto& t : texts) q.bind(index++, t);
    if (at_most) q.bind(index++, *at_most);
    return index;
  };

  UploadPage page;
  {
    auto q = conn->query("SELECT count(*) FROM uploads up " + where);
    bind_filters(q);
    if (q.step()) page.total = q.integer(0).value_or(0);
  }
  const char* order = "ORDER BY up.uploaded_at DESC, up.id DESC ";
  switch (query.order) {
    case UploadOrder::kNewestFirst:
      break;
    case UploadOrder::kOldestFirst:
      order = "ORDER BY up.uploaded_at, up.id ";
      break;
    case UploadOrder::kNameAscending:
      order = "ORDER BY up.name, up.id ";
      break;
    case UploadOrder::kNameDescending:
      order = "ORDER BY up.name DESC, up.id DESC ";
      break;
  }
  auto q = conn->query(kUploadSelect + where + order + "LIMIT ? OFFSET ?");
  const int next = bind_filters(q);
  q.bind(next, sqlite::sql_limit(query.count)).bind(next + 1, sqlite::sql_offset(query.offset));
  page.uploads = read_uploads(q, *malformed_);
  return page;
}

std::vector<UploadRecord> SqliteStore::uploads_unconfirmed_before(int64_t before_ms,
                                                                  int64_t limit) {
  static const std::string kSql = kUploadSelect +
                                  "WHERE up.confirmed = 0 AND up.uploaded_at < ? "
                                  "ORDER BY up.uploaded_at, up.id LIMIT ?";
  auto conn = readers_->acquire();
  auto q = conn->query(kSql);
  q.bind(1, before_ms).bind(2, sqlite::sql_limit(limit));
  return read_uploads(q, *malformed_);
}

WriteStatus SqliteStore::delete_upload(std::string_view id, std::vector<UploadRecord>* removed) {
  if (id.empty()) return WriteStatus::kNotFound;  // '' would match every original's thumbnail_of
  std::vector<UploadRecord> gone;
  auto job = [&](Connection& conn) -> WriteOutcome {
    gone.clear();
    static const std::string kSql =
        kUploadSelect + "WHERE up.id = ?1 OR up.thumbnail_of = ?1 ORDER BY up.thumbnail_of";
    auto q = conn.query(kSql);
    q.bind(1, id);
    while (q.step()) {
      // A malformed row is still removed; its blob key is what the caller needs.
      UploadRecord up;
      up.id = q.text(kId).value_or("");
      up.blob_key = q.text(kBlobKey).value_or("");
      if (auto full = read_upload_row(q, *malformed_)) up = std::move(*full);
      gone.push_back(std::move(up));
    }
    if (gone.empty()) return {WriteStatus::kNotFound};
    const int64_t n =
        conn.query("DELETE FROM uploads WHERE id = ?1 OR thumbnail_of = ?1").bind(1, id).run();
    return {WriteStatus::kOk, n};
  };
  const WriteStatus status = writer_->run(job).status;
  if (status == WriteStatus::kOk && removed != nullptr) *removed = std::move(gone);
  return status;
}

}  // namespace parley::store
