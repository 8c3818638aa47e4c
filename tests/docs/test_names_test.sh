#!/usr/bin/env bash
# doctest_discover_tests turns each doctest name into a ctest entry and cuts names at ';' (a CMake
# list separator): the pieces match no test case, so they "pass" while nothing runs. Every test
# name must therefore be free of ';'.
#   test_names_test.sh SOURCE_DIR
set -euo pipefail
src=$1
bad=$(grep -rnE '(TEST_CASE(_FIXTURE)?|SUBCASE|VEZA_SQL_TEST)\([^"]*"[^"]*;[^"]*"' "$src/tests" --include='*.cpp' --include='*.hpp' || true)
if [ -n "$bad" ]; then
  echo "test names with ';' (ctest would run nothing for them; use ',' instead):" >&2
  echo "$bad" >&2
  exit 1
fi
count=$(grep -rhoE '(TEST_CASE(_FIXTURE)?|VEZA_SQL_TEST)\(' "$src/tests" --include='*.cpp' | wc -l)
[ "$count" -gt 100 ] || { echo "found only $count test cases under $src/tests: wrong directory?" >&2; exit 1; }
echo "ok: $count test cases, no ';' in their names"
