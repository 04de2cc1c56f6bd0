#pragma once
// The `file`, `files` and `attachments` of a message that carries an upload: Rocket.Chat's
// parseFileIntoMessageAttachments (app/file-upload/server/methods/sendFileMessage.ts) and
// rc-api.md §4.3, field for field.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "store/upload_records.hpp"

namespace parley::chat {

struct FileMessageParts {
  boost::json::object file;  // files[0]
  boost::json::array files;  // the upload, then its thumbnail if any
  boost::json::array attachments;
};

// "/file-upload/<id>/<encodeURI(name)>": relative, clients prefix their host.
std::string file_url(std::string_view id, std::string_view name);

// `preview` is image_preview (base64 JPEG), "" when none could be made.
FileMessageParts file_message_parts(const store::UploadRecord& upload,
                                    const std::optional<store::UploadRecord>& thumbnail,
                                    const std::string& preview);

}  // namespace parley::chat
