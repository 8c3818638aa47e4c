// doctest's main(); see tests/CMakeLists.txt (veza_test_executable).
#include <doctest/doctest.h>
