# repo.self_contained: tests, examples, scripts, benchmarks, docs and CI name
# no path that leaves the repository (the seed reports beside a checkout, a
# developer's /work tree), because a fresh clone has none of them. Lists each
# offending file and line and fails.
#
#   cmake -DROOT=<source dir> -P tests/self_contained.cmake
#
# The patterns are written with [.] so that this file does not match itself.
if(NOT IS_DIRECTORY "${ROOT}")
  message(FATAL_ERROR "self_contained: ROOT='${ROOT}' is not a directory")
endif()
set(patterns
  "[.][.]/shared"              # the seed reports' directory beside a checkout
  "/wor[k]/"                   # an absolute path of the development machine
  "\"[.][.]\", *\"shared\"")   # the same, joined by Python's os.path.join
set(files)
foreach(dir tests examples scripts bench docs .ci)
  file(GLOB_RECURSE found LIST_DIRECTORIES false "${ROOT}/${dir}/*")
  list(APPEND files ${found})
endforeach()
list(FILTER files EXCLUDE REGEX "/__pycache__/|[.]pyc$")
set(bad "")
set(checked 0)
foreach(path IN LISTS files)
  math(EXPR checked "${checked} + 1")
  foreach(pattern IN LISTS patterns)
    file(STRINGS "${path}" lines REGEX "${pattern}")
    foreach(line IN LISTS lines)
      file(RELATIVE_PATH rel "${ROOT}" "${path}")
      string(APPEND bad "  ${rel}: ${line}\n")
    endforeach()
  endforeach()
endforeach()
if(checked LESS 100)
  message(FATAL_ERROR "self_contained: only ${checked} files under ${ROOT}: wrong ROOT?")
endif()
if(bad)
  message(FATAL_ERROR "self_contained: paths that leave the repository:\n${bad}")
endif()
message(STATUS "self_contained: ${checked} files, no path leaves the repository")
