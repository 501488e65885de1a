# Finds kalkyl's dependencies among Debian's packages and says which package
# to install when one is missing (scripts/install-deps.sh installs them all).

function(kalkyl_missing what package)
  message(FATAL_ERROR
    "kalkyl needs ${what}, which was not found.\n"
    "On Debian 12 install it with:  apt-get install ${package}\n"
    "(or run scripts/install-deps.sh, which installs everything kalkyl needs)")
endfunction()

find_package(Boost 1.74 QUIET)
if(NOT Boost_FOUND)
  kalkyl_missing("Boost.Multiprecision (Boost headers >= 1.74)" libboost-dev)
endif()
if(NOT TARGET Boost::headers)
  add_library(Boost::headers INTERFACE IMPORTED)
  set_target_properties(Boost::headers PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${Boost_INCLUDE_DIRS}")
endif()

find_package(Eigen3 3.3 QUIET NO_MODULE)
if(NOT Eigen3_FOUND)
  kalkyl_missing("Eigen 3" libeigen3-dev)
endif()

if(KALKYL_BUILD_TESTS)
  find_package(doctest QUIET)
  if(NOT doctest_FOUND)
    kalkyl_missing("doctest (to build the tests; -DKALKYL_BUILD_TESTS=OFF skips them)" doctest-dev)
  endif()
endif()

if(KALKYL_BUILD_BENCH)
  find_package(FastFloat QUIET)
  if(NOT FastFloat_FOUND)
    kalkyl_missing("fast_float (the parsing baseline of the benchmarks; -DKALKYL_BUILD_BENCH=OFF skips them)"
                   libfast-float-dev)
  endif()
endif()
