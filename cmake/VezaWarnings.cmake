# Warnings are set per target (spdlog/fmt style), never as global flags.
function(veza_enable_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                         -Wsign-conversion -Wnon-virtual-dtor -Wold-style-cast)
  if(VEZA_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(VEZA_SANITIZE)
    # UBSan's vptr check does not link against SOCI (its typeinfo is not exported).
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-sanitize=vptr -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined -fno-sanitize=vptr)
  endif()
endfunction()
