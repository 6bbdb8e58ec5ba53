# shellcheck shell=bash
# Sourced by scripts/test and scripts/demo so both configure the build directory the same
# way: running one after the other never recompiles everything for a changed flag.
#   configure_build DIR [cmake arguments...]
#
# The tree every test runs in (build type Dev, warnings are errors): clang++ at -O0 -g1 with
# AddressSanitizer + UndefinedBehaviorSanitizer (any report stops the program and fails its
# test, cmake/sanitizer_defaults.cpp) and the libFuzzer targets of tests/fuzz. -O0 keeps a
# clean sanitized build about as fast as an unsanitized -Og one on 2 cores.
# OPSDECK_SANITIZE=0 configures a plain g++ -Og -g1 tree instead (faster programs, no fuzz
# runs); use another BUILD_DIR for it, since one tree keeps one compiler.
configure_build() {
  local dir=$1
  shift
  local flavour=(-DCMAKE_CXX_COMPILER=clang++ -DCMAKE_CXX_FLAGS_DEV="-O0 -g1" -DOPSDECK_SANITIZE=ON -DOPSDECK_FUZZ=ON)
  if [[ ${OPSDECK_SANITIZE:-1} == 0 ]]; then
    flavour=(-DCMAKE_CXX_COMPILER=g++ -DCMAKE_CXX_FLAGS_DEV="-Og -g1" -DOPSDECK_SANITIZE=OFF -DOPSDECK_FUZZ=OFF)
  fi
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Dev -DOPSDECK_WERROR=ON "${flavour[@]}" "$@" >/dev/null
}
