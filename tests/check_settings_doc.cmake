# ctest `settings_doc`: docs/settings.md must be what `parley settings-doc` prints, so the list of
# settings and their status is generated from the code and never drifts from it.
#   cmake -DPARLEY_BIN=<parley> -DDOC=<docs/settings.md> -P check_settings_doc.cmake
execute_process(COMMAND "${PARLEY_BIN}" settings-doc
                OUTPUT_VARIABLE generated RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "parley settings-doc failed (${status})")
endif()
if(NOT EXISTS "${DOC}")
  message(FATAL_ERROR "${DOC} is missing: run `build/parley settings-doc > docs/settings.md`")
endif()
file(READ "${DOC}" checked_in)
if(NOT generated STREQUAL checked_in)
  message(FATAL_ERROR "${DOC} differs from `parley settings-doc`: "
                      "run `build/parley settings-doc > docs/settings.md` and commit it")
endif()
