# Every dependency comes from a Debian package (scripts/setup installs them).
# Nothing is vendored and nothing is fetched at build time.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(CURL REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(fmt REQUIRED)
find_package(pugixml REQUIRED)
# Boost.Beast (header-only, with Asio): the WebSocket of the native Session Manager client.
find_package(Boost 1.74 REQUIRED)
# simdjson (libsimdjson-dev ships a CMake package, simdjson::simdjson): the On-Demand reader of
# FilterLogEvents / GetLogEvents pages, the one response big enough for parsing speed to show.
find_package(simdjson 3 CONFIG REQUIRED)
find_package(CLI11 CONFIG QUIET)
pkg_check_modules(NCURSESW REQUIRED IMPORTED_TARGET ncursesw)
pkg_check_modules(LIBSSH2 REQUIRED IMPORTED_TARGET libssh2)
pkg_check_modules(MD4C REQUIRED IMPORTED_TARGET md4c)
if(NOT TARGET CLI11::CLI11)
  find_path(CLI11_INCLUDE_DIR CLI/CLI.hpp REQUIRED)
  add_library(CLI11::CLI11 INTERFACE IMPORTED)
  target_include_directories(CLI11::CLI11 INTERFACE ${CLI11_INCLUDE_DIR})
endif()
