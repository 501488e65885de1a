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

# pkg-config: the prefix is found from where kalkyl.pc lies (${pcfiledir}),
# and libdir and includedir are relative to it, so the tree can be installed
# with `cmake --install --prefix` anywhere and moved afterwards.
function(kalkyl_pc_dir var dir)
  if(IS_ABSOLUTE "${dir}")
    set(${var} "${dir}" PARENT_SCOPE)
  else()
    set(${var} "\${prefix}/${dir}" PARENT_SCOPE)
  endif()
endfunction()
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(KALKYL_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
  file(RELATIVE_PATH _kalkyl_pc_up "/p/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/p")
  string(REGEX REPLACE "/$" "" _kalkyl_pc_up "${_kalkyl_pc_up}")
  set(KALKYL_PC_PREFIX "\${pcfiledir}/${_kalkyl_pc_up}")
endif()
kalkyl_pc_dir(KALKYL_PC_LIBDIR "${CMAKE_INSTALL_LIBDIR}")
kalkyl_pc_dir(KALKYL_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
configure_file(cmake/kalkyl.pc.in ${PROJECT_BINARY_DIR}/kalkyl.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/kalkyl.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
