# cmake -DROOT=<source dir> -P check_layering.cmake
set(violations "")

function(scan dirs regex why)
  foreach(dir IN LISTS dirs)
    file(GLOB_RECURSE files "${ROOT}/${dir}/*.hpp" "${ROOT}/${dir}/*.cpp" "${ROOT}/${dir}/*.h" "${ROOT}/${dir}/*.c")
    foreach(f IN LISTS files)
      file(STRINGS "${f}" hits REGEX "${regex}")
      if(hits)
        file(RELATIVE_PATH rel "${ROOT}" "${f}")
        list(GET hits 0 first)
        string(STRIP "${first}" first)
        set(violations "${violations}\n  ${rel}: ${first}  (${why})")
      endif()
    endforeach()
  endforeach()
  set(violations "${violations}" PARENT_SCOPE)
endfunction()

scan("libveza/include;libveza/src"
     "#[ \t]*include[ \t]*[<\"](soci/|hiredis/|curl/|qpdf/|prometheus/|amqp|rabbitmq-c/|boost/asio|boost/beast)"
     "the domain stays free of I/O libraries: move this behind a port in libveza/adapters")
scan("apps;bindings" "#[ \t]*include[ \t]*[<\"][^>\"]*adapters/"
     "front-ends use the runtime and domain headers, never an adapter")
scan("libveza/include;libveza/src;libveza/runtime;apps;bindings" "(system|steady)_clock::now"
     "read time through the Clock port")

file(GLOB_RECURSE adapter_files "${ROOT}/libveza/adapters/*.cpp" "${ROOT}/libveza/adapters/*.hpp")
foreach(f IN LISTS adapter_files)
  if(NOT f MATCHES "/adapters/system/system_clock\\.cpp$")
    file(STRINGS "${f}" hits REGEX "(system|steady)_clock::now")
    if(hits)
      file(RELATIVE_PATH rel "${ROOT}" "${f}")
      set(violations "${violations}\n  ${rel}: system_clock::now  (only adapters/system/system_clock.cpp reads real time)")
    endif()
  endif()
endforeach()

if(violations)
  message(FATAL_ERROR "layering violations:${violations}")
endif()
