# Turns a folder of numbered SQL migrations into a C++ source file, so the binary carries its
# own schema and never looks for .sql files at run time. Run as a build step:
#   cmake -DMIGRATIONS_DIR=<dir> -DOUTPUT=<file.cpp> -DHEADER=<include path> -DNAMESPACE=<ns>
#         -P embed_migrations.cmake
# HEADER declares `struct Migration` and `std::span<const Migration> embedded_migrations()`.
# Each file is NNNN_description.sql; numbers must run 1, 2, 3, ... without gaps so a build
# with a missing or misnamed migration fails here instead of at a user's site.
foreach(var MIGRATIONS_DIR OUTPUT HEADER NAMESPACE)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "embed_migrations.cmake: ${var} is required")
  endif()
endforeach()

file(GLOB files RELATIVE "${MIGRATIONS_DIR}" "${MIGRATIONS_DIR}/*.sql")
list(SORT files)
if(NOT files)
  message(FATAL_ERROR "no migrations found in ${MIGRATIONS_DIR}")
endif()

set(delimiter "parley_sql")
set(entries "")
set(expected 1)
foreach(file IN LISTS files)
  if(NOT file MATCHES "^0*([1-9][0-9]*)_[a-z0-9_]+\\.sql$")
    message(FATAL_ERROR "migration ${file}: the name must look like 0001_description.sql")
  endif()
  set(version "${CMAKE_MATCH_1}")
  if(NOT version EQUAL expected)
    message(FATAL_ERROR "migration ${file}: expected number ${expected} (numbers run without gaps)")
  endif()
  file(READ "${MIGRATIONS_DIR}/${file}" sql)
  string(FIND "${sql}" ")${delimiter}\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "migration ${file} contains the raw-string delimiter )${delimiter}\"")
  endif()
  string(APPEND entries "    {${version}, \"${file}\", R\"${delimiter}(${sql})${delimiter}\"},\n")
  math(EXPR expected "${expected} + 1")
endforeach()

set(text "// Generated from ${MIGRATIONS_DIR} by embed_migrations.cmake. Do not edit.
#include \"${HEADER}\"

namespace ${NAMESPACE} {

std::span<const Migration> embedded_migrations() {
  static constexpr Migration kMigrations[] = {
${entries}  };
  return kMigrations;
}

}  // namespace ${NAMESPACE}
")

# Rewrite only on change, so an unrelated reconfigure does not recompile the store.
file(WRITE "${OUTPUT}.tmp" "${text}")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
