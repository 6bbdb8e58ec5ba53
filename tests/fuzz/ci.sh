#!/usr/bin/env bash
# CI step for the fuzzers: builds the clang libFuzzer tree and runs every target briefly —
# ctest `fuzz.<target>` (the corpus replayed) and `fuzz-run.<target>` (fuzzing for
# $OPSDECK_FUZZ_SECONDS seconds each, default 10, over a copy of the corpus).
#   tests/fuzz/ci.sh                      all targets
#   tests/fuzz/ci.sh -R 'aws_'            ctest arguments are passed on
# Environment: BUILD_DIR (default build-fuzz), OPSDECK_FUZZ_SECONDS. Needs clang and Ninja.
# The ordinary build (scripts/test) already replays every corpus with g++ (label fuzz).
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD_DIR=${BUILD_DIR:-build-fuzz}
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Dev -DCMAKE_CXX_COMPILER=clang++ \
  -DOPSDECK_FUZZ=ON -DOPSDECK_WERROR=ON >/dev/null
cmake --build "$BUILD_DIR" -j"$(nproc)" --target fuzz_all
cd "$BUILD_DIR"
ctest -L '^fuzz' --output-on-failure -j"$(nproc)" "$@"
