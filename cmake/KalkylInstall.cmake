# Installs what an outside project needs: the C header and the C++ headers,
# libkalkyl.so.1 and libkalkyl.a, kalkyl.pc for pkg-config and a CMake
# package so that find_package(kalkyl) works.
include(CMakePackageConfigHelpers)

install(TARGETS kalkyl_shared kalkyl_static EXPORT kalkylTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES capi/kalkyl.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY include/kalkyl DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

install(EXPORT kalkylTargets NAMESPACE kalkyl:: FILE kalkylTargets.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/kalkyl)
configure_package_config_file(cmake/kalkylConfig.cmake.in
  ${PROJECT_BINARY_DIR}/kalkylConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/kalkyl)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/kalkylConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/kalkylConfig.cmake ${PROJECT_BINARY_DIR}/kalkylConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/kalkyl)

# pkg-config: libdir and includedir relative to the prefix, so the tree can
# be moved after installation.
configure_file(cmake/kalkyl.pc.in ${PROJECT_BINARY_DIR}/kalkyl.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/kalkyl.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
