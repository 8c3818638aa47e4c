#pragma once
// Force-included into every test TU (tests/CMakeLists.txt): Boost's result has an unconstrained
// operator<<, so doctest believes every result is printable and fails to compile REQUIRE(r).
// This prints the error (code and message) or "value" instead.
#include <string>

#include <doctest/doctest.h>

#include <veza/core/result.hpp>

namespace doctest {
template <class T>
struct StringMaker<boost::system::result<T, veza::Error>> {
  static String convert(const boost::system::result<T, veza::Error>& r) {
    if (r) return "value";
    const std::string s = "error " + std::string(r.error().code_name()) + ": " + r.error().message;
    return String(s.c_str());
  }
};
}  // namespace doctest
