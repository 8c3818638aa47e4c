#!/usr/bin/env bash
# Proves the installed package works for a third party (run by ctest, label `package`):
#   1. cmake --install BUILD_DIR into a temp prefix, and check what landed there;
#   2. configure examples/consumer against that prefix only, build it with -Werror;
#   3. run it and check its JSON names the product it created and the file it attached.
# Usage: build_example.sh BUILD_DIR CONSUMER_SOURCE_DIR [CMAKE]
# Every step fails loudly (set -e, a message naming the step); the temp tree is always removed.
set -euo pipefail

build_dir=${1:?usage: build_example.sh BUILD_DIR CONSUMER_SOURCE_DIR [CMAKE]}
consumer_src=${2:?usage: build_example.sh BUILD_DIR CONSUMER_SOURCE_DIR [CMAKE]}
cmake_bin=${3:-cmake}
expected_title='Night Drive (stems)'
# sha256("RIFF....WAVE"), the file the consumer streams into the BlobStore and attaches.
expected_sha=b589c9f03d18442efa847e499d7995c122a5fd9fa0c6859fcc0370210cdf9e37

scratch=$(mktemp -d "${TMPDIR:-/tmp}/veza-package-test.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
prefix=$scratch/prefix
step() { echo "== package test: $*"; }
die() { echo "package test FAILED: $*" >&2; exit 1; }

step "install $build_dir into $prefix"
"$cmake_bin" --install "$build_dir" --prefix "$prefix" >"$scratch/install.log" 2>&1 \
  || { cat "$scratch/install.log" >&2; die "cmake --install"; }

step "check the install tree"
config=$(find "$prefix" -path '*/cmake/veza/vezaConfig.cmake' -print -quit)
[ -n "$config" ] || die "no lib*/cmake/veza/vezaConfig.cmake under $prefix"
cfgdir=$(dirname "$config")
for f in vezaConfigVersion.cmake vezaTargets.cmake; do
  [ -f "$cfgdir/$f" ] || die "missing $cfgdir/$f"
done
for h in veza/runtime/runtime.hpp veza/core/result.hpp veza/catalog/blob_store.hpp; do
  [ -f "$prefix/include/$h" ] || die "missing header include/$h"
done
for t in veza::veza veza::domain veza::adapters; do
  grep -q "add_library($t SHARED IMPORTED)" "$cfgdir/vezaTargets.cmake" || die "vezaTargets.cmake does not define $t"
done
# Adapter headers name third-party types: they must not be installed.
[ ! -e "$prefix/include/adapters" ] || die "adapter headers were installed"
libdir=$(dirname "$(dirname "$cfgdir")")
# $ORIGIN run paths: every installed library and executable resolves without LD_LIBRARY_PATH.
for so in "$libdir"/libveza*.so "$prefix"/bin/*; do
  [ -e "$so" ] || continue
  missing=$(env -u LD_LIBRARY_PATH ldd "$so" | grep 'not found' || true)
  [ -z "$missing" ] || die "$so does not resolve its libraries: $missing"
done

step "configure $consumer_src against $prefix"
"$cmake_bin" -S "$consumer_src" -B "$scratch/build" -G Ninja \
  -DCMAKE_BUILD_TYPE=Debug -DCMAKE_PREFIX_PATH="$prefix" -DVEZA_CONSUMER_WERROR=ON \
  -DCMAKE_FIND_PACKAGE_NO_PACKAGE_REGISTRY=ON >"$scratch/configure.log" 2>&1 \
  || { cat "$scratch/configure.log" >&2; die "configuring the consumer"; }

step "build the consumer"
"$cmake_bin" --build "$scratch/build" >"$scratch/build.log" 2>&1 \
  || { cat "$scratch/build.log" >&2; die "building the consumer"; }

step "run the consumer"
mkdir "$scratch/work"
status=0
env -u LD_LIBRARY_PATH "$scratch/build/veza_consumer" "$scratch/work" >"$scratch/out.txt" 2>"$scratch/err.txt" || status=$?
cat "$scratch/err.txt" >&2
cat "$scratch/out.txt"
[ "$status" -eq 0 ] || die "veza_consumer exited with status $status"
grep -qF "$expected_title" "$scratch/out.txt" || die "the consumer's output does not mention \"$expected_title\""
grep -qF "$expected_sha" "$scratch/out.txt" || die "the consumer's product does not carry its file's hash $expected_sha"
[ -f "$scratch/work/veza.db" ] || die "the consumer created no database in its work directory"
[ -f "$scratch/work/blobs/blobs/${expected_sha:0:2}/${expected_sha:2:2}/$expected_sha" ] \
  || die "the uploaded file is not in the content-addressed blob store"

step "ok"
