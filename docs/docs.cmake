# The user documentation (docs/): the Doxygen reference (target `docs`) and
# the ctests that keep the documentation and the examples true. Included
# from the top-level CMakeLists.txt.
# cmake --build B --target docs: the HTML reference of kalkyl.h and the C++
# headers in B/docs/html (Doxygen; Debian's doxygen, scripts/install-deps.sh),
# and the Python reference regenerated into B/docs/python.md.
find_package(Doxygen QUIET)
find_package(Python3 COMPONENTS Interpreter)
if(DOXYGEN_FOUND AND Python3_Interpreter_FOUND)
  set(KALKYL_DOCS_OUTPUT ${PROJECT_BINARY_DIR}/docs)
  configure_file(${CMAKE_CURRENT_LIST_DIR}/Doxyfile.in ${KALKYL_DOCS_OUTPUT}/Doxyfile @ONLY)
  add_custom_target(docs
    COMMAND ${DOXYGEN_EXECUTABLE} ${KALKYL_DOCS_OUTPUT}/Doxyfile
    COMMAND ${CMAKE_COMMAND} -E env KALKYL_LIBRARY=$<TARGET_FILE:kalkyl_shared>
            PYTHONPATH=${PROJECT_SOURCE_DIR}/bindings/python
            ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/python_reference.py ${KALKYL_DOCS_OUTPUT}/python.md
    COMMAND ${CMAKE_COMMAND} -E echo "kalkyl: the reference is ${KALKYL_DOCS_OUTPUT}/html/index.html"
    DEPENDS kalkyl_shared
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    COMMENT "Doxygen: the C ABI and C++ reference"
    VERBATIM)
else()
  add_custom_target(docs
    COMMAND ${CMAKE_COMMAND} -E echo "kalkyl: doxygen was not found; run scripts/install-deps.sh"
    COMMAND ${CMAKE_COMMAND} -E false)
endif()

if(KALKYL_BUILD_TESTS)
  if(KALKYL_BUILD_EXAMPLES)
    include(${PROJECT_SOURCE_DIR}/examples/tests.cmake)
  endif()
endif()

if(KALKYL_BUILD_TESTS)
  find_package(Python3 COMPONENTS Interpreter)
  if(Python3_Interpreter_FOUND AND NOT KALKYL_SANITIZE AND NOT KALKYL_SANITIZE_THREAD)
    # One version in the library, the Python package, CHANGELOG.md and docs/.
    add_test(NAME docs.versions
      COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tests/docs/check_versions.py
              ${PROJECT_SOURCE_DIR} ${PROJECT_VERSION} $<TARGET_FILE:kalkyl_shared>)
    set_tests_properties(docs.versions PROPERTIES LABELS docs)
    # Every ```LANG run block in README.md and docs/*.md runs against this build.
    add_test(NAME docs.blocks
      COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tests/docs/run_doc_blocks.py ${PROJECT_SOURCE_DIR}
              --shared $<TARGET_FILE:kalkyl_shared> --static $<TARGET_FILE:kalkyl_static>
              --program $<TARGET_FILE:kalkyl> --cc ${CMAKE_C_COMPILER} --cxx ${CMAKE_CXX_COMPILER}
              --python ${Python3_EXECUTABLE})
    set_tests_properties(docs.blocks PROPERTIES LABELS docs TIMEOUT 600)
    if(DOXYGEN_FOUND)
      # The Doxygen reference builds without a warning about kalkyl.h and
      # has every function of the C ABI with its comment.
      add_test(NAME docs.reference
        COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tests/docs/check_reference.py ${DOXYGEN_EXECUTABLE}
                ${KALKYL_DOCS_OUTPUT}/Doxyfile ${KALKYL_DOCS_OUTPUT} ${PROJECT_SOURCE_DIR}/capi/kalkyl.h)
      set_tests_properties(docs.reference PROPERTIES LABELS docs TIMEOUT 300)
    endif()
    # docs/reference/python.md is what docs/python_reference.py makes of the
    # package's docstrings now.
    add_test(NAME docs.python_reference
      COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/docs/python_reference.py --check
              ${PROJECT_SOURCE_DIR}/docs/reference/python.md)
    set_tests_properties(docs.python_reference PROPERTIES LABELS docs
      ENVIRONMENT "KALKYL_LIBRARY=$<TARGET_FILE:kalkyl_shared>;PYTHONPATH=${PROJECT_SOURCE_DIR}/bindings/python;PYTHONDONTWRITEBYTECODE=1")
  endif()
endif()
