// doctest's main(); DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN is set on this file by tests/CMakeLists.txt
// because support/doctest_result.hpp (force-included) includes doctest before this line runs.
#include <doctest/doctest.h>
