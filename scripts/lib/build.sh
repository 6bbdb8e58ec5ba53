# shellcheck shell=bash
# Sourced by scripts/test and scripts/demo so both configure the build directory the same
# way: running one after the other never recompiles everything for a changed flag.
#   configure_build DIR [cmake arguments...]
# Dev build type: -Og -g1 (see CMakeLists.txt), warnings are errors.
configure_build() {
  local dir=$1
  shift
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Dev -DOPSDECK_WERROR=ON "$@" >/dev/null
}
