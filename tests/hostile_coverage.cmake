# c.hostile_coverage: every function the C ABI exports (each KALKYL_API
# declaration in capi/kalkyl.h) must be covered by c.hostile
# (tests/capi_hostile_test.c): either an entry of its api[] table, which
# begins {"name", , or a name in its api_by_hand[] list (functions without an
# argument that can be wrong). Lists the missing functions and fails.
#
#   cmake -DHEADER=capi/kalkyl.h -DTEST=tests/capi_hostile_test.c -P tests/hostile_coverage.cmake
#
# A separate test from c.hostile so that a function added to the header
# fails this one, loudly, without stopping c.hostile from building or running.
foreach(var HEADER TEST)
  if(NOT EXISTS "${${var}}")
    message(FATAL_ERROR "hostile_coverage: ${var}='${${var}}' does not exist")
  endif()
endforeach()
file(READ "${HEADER}" header)
file(READ "${TEST}" test)

# Declarations may span lines ("KALKYL_API kalkyl_status\nkalkyl_foo(").
# Comments never put "KALKYL_API" right before a return type and a name.
string(REGEX MATCHALL "KALKYL_API[ \t\r\n]+[A-Za-z_0-9 \t\r\n*]+\\(" decls "${header}")
set(functions)
foreach(decl IN LISTS decls)
  string(REGEX MATCH "([A-Za-z_0-9]+)[ \t\r\n]*\\($" _ "${decl}")
  set(name "${CMAKE_MATCH_1}")
  if(name MATCHES "^kalkyl_")
    list(APPEND functions "${name}")
  endif()
endforeach()
list(REMOVE_DUPLICATES functions)
list(LENGTH functions n_functions)
# The first release alone exported 36: fewer means this script misread the header.
if(n_functions LESS 36)
  message(FATAL_ERROR "hostile_coverage: found only ${n_functions} KALKYL_API functions in "
                      "${HEADER}; the pattern no longer matches the header's declarations")
endif()

# The table: from "api[] = {" to the first line that is "};".
string(FIND "${test}" "api_fn api[] = {" table_start)
if(table_start EQUAL -1)
  message(FATAL_ERROR "hostile_coverage: no api[] table in ${TEST}")
endif()
string(SUBSTRING "${test}" ${table_start} -1 table)
string(FIND "${table}" "\n};" table_end)
string(SUBSTRING "${table}" 0 ${table_end} table)
string(REGEX MATCH "api_by_hand\\[\\][ \t\r\n]*=[ \t\r\n]*{[^}]*}" by_hand "${test}")
if(by_hand STREQUAL "")
  message(FATAL_ERROR "hostile_coverage: no api_by_hand[] list in ${TEST}")
endif()

set(missing)
set(n_table 0)
set(n_hand 0)
foreach(fn IN LISTS functions)
  string(FIND "${table}" "{\"${fn}\"," in_table)
  string(FIND "${by_hand}" "\"${fn}\"" in_hand)
  if(NOT in_table EQUAL -1)
    math(EXPR n_table "${n_table} + 1")
  elseif(NOT in_hand EQUAL -1)
    math(EXPR n_hand "${n_hand} + 1")
  else()
    list(APPEND missing "${fn}")
  endif()
endforeach()

if(missing)
  list(LENGTH missing n_missing)
  list(JOIN missing "\n  " missing_text)
  message(FATAL_ERROR
    "hostile_coverage: ${n_missing} of ${n_functions} KALKYL_API functions are not in "
    "c.hostile's api[] table (tests/capi_hostile_test.c):\n  ${missing_text}\n"
    "Add a wrapper w_<name> and an api[] entry for each (see the comment above api[]), "
    "or list it in api_by_hand[] if it has no argument that can be wrong.")
endif()
message(STATUS "hostile_coverage: all ${n_functions} KALKYL_API functions covered "
               "(${n_table} in api[], ${n_hand} by hand)")
