# ctest examples.*: every example program runs on the seed table it
# reproduces and exits 0 only when its output equals the published figures.
# Included from docs/docs.cmake when tests and examples are built.
set(_kalkyl_examples_dir ${CMAKE_CURRENT_LIST_DIR})
set(_kalkyl_examples_data ${CMAKE_CURRENT_LIST_DIR}/data)

# C++: the header API, linked statically.
add_test(NAME examples.cpp.driftredovisning
  COMMAND example_driftredovisning ${_kalkyl_examples_data}/huddinge_2021_08_driftredovisning.csv)

# C: installed into a temporary prefix and compiled with
# `cc $(pkg-config --cflags --libs kalkyl)`, as tests/consumer/run.sh does.
set(_kalkyl_examples_env CC=${CMAKE_C_COMPILER})
if(KALKYL_SANITIZE)
  list(APPEND _kalkyl_examples_env CFLAGS=-fsanitize=address,undefined LDFLAGS=-fsanitize=address,undefined)
endif()
add_test(NAME examples.c.kpb_table
  COMMAND ${_kalkyl_examples_dir}/run_installed_c.sh ${PROJECT_BINARY_DIR}
          ${_kalkyl_examples_dir}/c/kpb_table.c - ${_kalkyl_examples_data}/eskilstuna_2023_kpb.csv)
# The nightly batch's output must be the published table, line for line.
add_test(NAME examples.c.nightly_batch
  COMMAND ${_kalkyl_examples_dir}/run_installed_c.sh ${PROJECT_BINARY_DIR}
          ${_kalkyl_examples_dir}/c/nightly_batch.c ${_kalkyl_examples_data}/huddinge_2021_08_tabell.csv
          ${_kalkyl_examples_data}/huddinge_2021_08.csv 2021)
set_tests_properties(examples.c.kpb_table examples.c.nightly_batch PROPERTIES
  ENVIRONMENT "${_kalkyl_examples_env}" TIMEOUT 300 LABELS examples)

# Python: the package from the source tree on the library of this build. The
# interpreter is not instrumented, so a sanitizer build leaves it to the
# python.* tests, which preload the runtime.
find_package(Python3 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND AND NOT KALKYL_SANITIZE AND NOT KALKYL_SANITIZE_THREAD)
  add_test(NAME examples.python.nyckeltal
    COMMAND ${Python3_EXECUTABLE} ${_kalkyl_examples_dir}/python/nyckeltal.py
            ${_kalkyl_examples_data}/uppsala_2024_08_nyckeltal.csv)
  set_tests_properties(examples.python.nyckeltal PROPERTIES
    ENVIRONMENT "KALKYL_LIBRARY=$<TARGET_FILE:kalkyl_shared>;PYTHONPATH=${PROJECT_SOURCE_DIR}/bindings/python;PYTHONDONTWRITEBYTECODE=1"
    LABELS examples)
endif()
set_tests_properties(examples.cpp.driftredovisning PROPERTIES LABELS examples)
