#!/usr/bin/env bash
# The installed package as a downstream project sees it:
#  1. core alone is configured without GDAL, built as a shared library that
#     exports its API and none of its internals, installed, and the example
#     in examples/coverage_from_arrays is built against it with
#     find_package(lifecircle CONFIG REQUIRED) and run (it checks its figures);
#  2. this build tree, installed whole, is found with every component, so the
#     package file finds each dependency the static libraries need.
# usage: check_installed_package.sh SOURCE_DIR BUILD_DIR WORK_DIR CXX_COMPILER
set -euo pipefail
source_dir=$1
build_dir=$2
work=$3
compiler=$4
rm -rf "$work"
mkdir -p "$work"
generator=()
if command -v ninja >/dev/null; then
    generator=(-G Ninja)
fi

echo "== core alone, without GDAL, shared"
cmake -S "$source_dir" -B "$work/core-build" "${generator[@]}" -DCMAKE_CXX_COMPILER="$compiler" \
    -DCMAKE_BUILD_TYPE=Release -DLIFECIRCLE_WITH_IO=OFF -DLIFECIRCLE_WITH_CHECKS=OFF \
    -DLIFECIRCLE_BUILD_PROGRAM=OFF -DLIFECIRCLE_BUILD_TESTS=OFF -DLIFECIRCLE_WERROR=ON -DBUILD_SHARED_LIBS=ON \
    >"$work/core-configure.log"
if grep -qE "^GDAL_DIR" "$work/core-build/CMakeCache.txt"; then
    echo "core-only configuration looked for GDAL:" >&2
    grep -E "^GDAL_DIR" "$work/core-build/CMakeCache.txt" >&2
    exit 1
fi
cmake --build "$work/core-build" -j 2
cmake --install "$work/core-build" --prefix "$work/core-prefix" >/dev/null
core_library=$(find "$work/core-prefix" -name 'liblifecircle_core.so.*.*.*' | head -n 1)
exported=$(nm -DC --defined-only "$core_library" | grep -c ' lifecircle::' || true)
internal=$(nm -DC --defined-only "$core_library" | grep ' lifecircle::detail::' || true)
if [ -n "$internal" ]; then
    echo "$core_library exports internals (symbol visibility broken):" >&2
    echo "$internal" >&2
    exit 1
fi
if [ "$exported" -lt 20 ]; then
    echo "$core_library exports only $exported lifecircle symbols: the API is not exported" >&2
    exit 1
fi
echo "$(basename "$core_library"): $exported lifecircle symbols exported, no internals"

echo "== the example, against the installed core"
cmake -S "$source_dir/examples/coverage_from_arrays" -B "$work/example-build" "${generator[@]}" \
    -DCMAKE_CXX_COMPILER="$compiler" -DCMAKE_PREFIX_PATH="$work/core-prefix" >"$work/example-configure.log"
cmake --build "$work/example-build"
"$work/example-build/coverage_from_arrays"

echo "== the whole package, every component found"
cmake --install "$build_dir" --prefix "$work/full-prefix" >/dev/null
mkdir -p "$work/consumer"
cat >"$work/consumer/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.25)
project(consumer LANGUAGES CXX)
find_package(lifecircle 0.1 CONFIG REQUIRED COMPONENTS core io report checks pipeline)
foreach(target core io report checks pipeline lifecircle)
  if(NOT TARGET lifecircle::${target})
    message(FATAL_ERROR "lifecircle::${target} missing")
  endif()
endforeach()
CMAKE
cmake -S "$work/consumer" -B "$work/consumer-build" "${generator[@]}" -DCMAKE_CXX_COMPILER="$compiler" \
    -DCMAKE_PREFIX_PATH="$work/full-prefix" >"$work/consumer-configure.log"
test -f "$work/full-prefix/share/doc/lifecircle/LICENSE"
echo "package checks passed"
