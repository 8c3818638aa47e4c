#pragma once
// Symbols of libveza are hidden by default (CXX_VISIBILITY_PRESET hidden); VEZA_API marks the
// public API. On ELF the same attribute serves the library that defines a symbol and its users.
#if defined(__GNUC__) || defined(__clang__)
#define VEZA_API __attribute__((visibility("default")))
#else
#define VEZA_API
#endif
