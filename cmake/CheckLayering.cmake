# Linking alone catches no stray include (Debian's headers sit on the default include path),
# so this check fails the build when a layer includes what it must not (STYLE.md §4):
#   libveza/include, libveza/src: no SOCI, hiredis, curl, QPDF, prometheus, amqp, Asio, Beast
#   apps/, bindings/: nothing from libveza/adapters
#   anywhere in the product but the system clock adapter: no system_clock::now
set(VEZA_LAYERING_SCRIPT "${CMAKE_CURRENT_LIST_DIR}/check_layering.cmake")

function(veza_check_layering target)
  add_custom_target(veza_check_layering
    COMMAND ${CMAKE_COMMAND} -DROOT=${PROJECT_SOURCE_DIR} -P ${VEZA_LAYERING_SCRIPT}
    COMMENT "Checking include layering" VERBATIM)
  add_dependencies(${target} veza_check_layering)
endfunction()
