#pragma once
// Content-Disposition for a download (RFC 6266), with the file name in both forms a browser
// may read: filename*=UTF-8''<RFC 8187 percent-encoding> (every current browser uses this
// one, so names in any script survive) and a plain filename="..." that keeps only safe
// ASCII for the rest. Rocket.Chat sends filename*=UTF-8''encodeURIComponent(name); JS's
// encodeURIComponent leaves ' ( ) * unescaped, which RFC 8187 does not allow (the ' ends the
// charset part), so parley escapes them: the decoded name is the same.
#include <string>
#include <string_view>

namespace parley::rest {

// RFC 8187 ext-value encoding: attr-char bytes as they are, every other byte as %XX.
std::string rfc8187_encode(std::string_view utf8);

// `disposition` is "inline" or "attachment".
std::string content_disposition(std::string_view disposition, std::string_view filename);

}  // namespace parley::rest
