# Turns settings_catalogue.tsv into a C++ source file, so the binary carries Rocket.Chat's settings
# catalogue and never looks for the file at run time (as store/cmake/embed_migrations.cmake does
# for SQL). Run as a build step:
#   cmake -DINPUT=<file.tsv> -DOUTPUT=<file.cpp> -P embed_catalogue.cmake
# The output defines parley::chat::settings_catalogue_text() (chat/settings_catalogue.hpp).
foreach(var INPUT OUTPUT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "embed_catalogue.cmake: ${var} is required")
  endif()
endforeach()

set(delimiter "parley_tsv")
file(READ "${INPUT}" text)
string(FIND "${text}" ")${delimiter}\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw-string delimiter )${delimiter}\"")
endif()

# Split into pieces well under the 64 KiB a compiler must accept for one string literal; adjacent
# literals are joined by the compiler. A piece ends after a newline so no line is cut.
set(pieces "")
string(LENGTH "${text}" remaining)
while(remaining GREATER 0)
  if(remaining GREATER 16000)
    string(SUBSTRING "${text}" 0 16000 head)
    string(FIND "${head}" "\n" cut REVERSE)
    math(EXPR cut "${cut} + 1")
  else()
    set(cut ${remaining})
  endif()
  string(SUBSTRING "${text}" 0 ${cut} piece)
  string(SUBSTRING "${text}" ${cut} -1 text)
  string(APPEND pieces "      R\"${delimiter}(${piece})${delimiter}\"\n")
  string(LENGTH "${text}" remaining)
endwhile()

set(source "// Generated from ${INPUT} by embed_catalogue.cmake. Do not edit.
#include \"chat/settings_catalogue.hpp\"

namespace parley::chat {

std::string_view settings_catalogue_text() {
  static constexpr char kText[] =
${pieces}      \"\";
  return {kText, sizeof(kText) - 1};
}

}  // namespace parley::chat
")

# Rewrite only on change, so an unrelated reconfigure does not recompile chat/.
file(WRITE "${OUTPUT}.tmp" "${source}")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
