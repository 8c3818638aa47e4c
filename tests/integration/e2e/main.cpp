// doctest's main for the end-to-end tests (DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN is set by CMake).
#include <doctest/doctest.h>
