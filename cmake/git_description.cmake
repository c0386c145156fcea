# Writes OUTPUT, a C++ source that defines latentspace::GitDescription() (proto/version.h) as
# `git describe --always --dirty --tags` of SOURCE_DIR, or "unknown" outside a git checkout. Run at
# every build by the target latent_git_description (proto/CMakeLists.txt); the file is rewritten
# only when the description changes, so an unchanged checkout recompiles and relinks nothing.
execute_process(
  COMMAND git describe --always --dirty --tags
  WORKING_DIRECTORY ${SOURCE_DIR}
  OUTPUT_VARIABLE description
  OUTPUT_STRIP_TRAILING_WHITESPACE
  RESULT_VARIABLE result
  ERROR_QUIET)
if(NOT result EQUAL 0 OR description STREQUAL "" OR NOT description MATCHES "^[A-Za-z0-9._+-]+$")
  set(description "unknown")
endif()
set(content "// Generated at build time by cmake/git_description.cmake: do not edit.
#include \"proto/version.h\"

namespace latentspace {

const char* GitDescription() { return \"${description}\"; }

}  // namespace latentspace
")
set(old "")
if(EXISTS ${OUTPUT})
  file(READ ${OUTPUT} old)
endif()
if(NOT old STREQUAL content)
  file(WRITE ${OUTPUT} "${content}")
endif()
