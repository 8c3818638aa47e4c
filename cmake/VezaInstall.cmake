# Install/export rules: the spdlog/fmt chain (STYLE.md §2).
#   install(TARGETS … EXPORT vezaTargets) → install(EXPORT vezaTargets NAMESPACE veza::)
#   → configure_package_config_file(vezaConfig.cmake.in) → write_basic_package_version_file
# A consumer writes find_package(veza CONFIG REQUIRED) and links veza::veza, the same alias the
# in-tree apps link. Included last by the top-level CMakeLists.txt, once every target exists.
include(CMakePackageConfigHelpers)

set(VEZA_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/veza"
    CACHE STRING "Where vezaConfig.cmake is installed, relative to the prefix")

# Consumers see the layer names, not our in-tree target names.
set_target_properties(veza_domain PROPERTIES EXPORT_NAME domain)
set_target_properties(veza_adapters PROPERTIES EXPORT_NAME adapters)
set_target_properties(veza PROPERTIES EXPORT_NAME veza)

# $ORIGIN-relative run paths: the installed tree works wherever it is unpacked, without
# LD_LIBRARY_PATH. Libraries find their siblings (libveza → libveza_adapters → libveza_domain);
# executables look one level up from bin/.
file(RELATIVE_PATH _veza_bin_to_lib "${CMAKE_INSTALL_FULL_BINDIR}" "${CMAKE_INSTALL_FULL_LIBDIR}")
set_target_properties(veza_domain veza_adapters veza PROPERTIES INSTALL_RPATH "$ORIGIN")
foreach(_veza_app veza-cli veza-server)
  if(TARGET ${_veza_app})
    # apps/<app>/CMakeLists.txt owns the app's install() rule; only its run path is set here.
    set_target_properties(${_veza_app} PROPERTIES INSTALL_RPATH "$ORIGIN/${_veza_bin_to_lib}")
  endif()
endforeach()

install(TARGETS veza_domain veza_adapters veza
  EXPORT vezaTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT runtime NAMELINK_COMPONENT development
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT development
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)
# (No INCLUDES DESTINATION: veza_domain's INSTALL_INTERFACE include dir already reaches every
# consumer through veza::domain.)

# Only the public headers: adapter headers (libveza/adapters) name third-party types and stay
# private to the build, like spdlog's src/.
install(DIRECTORY "${PROJECT_SOURCE_DIR}/libveza/include/veza"
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT development
  FILES_MATCHING PATTERN "*.hpp")

install(EXPORT vezaTargets
  NAMESPACE veza::
  DESTINATION ${VEZA_INSTALL_CMAKEDIR}
  COMPONENT development)

configure_package_config_file(
  "${CMAKE_CURRENT_LIST_DIR}/vezaConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/vezaConfig.cmake"
  INSTALL_DESTINATION ${VEZA_INSTALL_CMAKEDIR})
# 0.x: any 0.y satisfies find_package(veza 0.1); a 1.0 will not.
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/vezaConfigVersion.cmake"
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMajorVersion)
install(FILES "${PROJECT_BINARY_DIR}/vezaConfig.cmake" "${PROJECT_BINARY_DIR}/vezaConfigVersion.cmake"
  DESTINATION ${VEZA_INSTALL_CMAKEDIR}
  COMPONENT development)
