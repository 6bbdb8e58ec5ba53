add_library(opsdeck_options INTERFACE)
target_compile_options(opsdeck_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow
  -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual -Wformat=2 -Wimplicit-fallthrough)
if(OPSDECK_WERROR)
  target_compile_options(opsdeck_options INTERFACE -Werror)
endif()
if(OPSDECK_SANITIZE)
  target_compile_options(opsdeck_options INTERFACE -fsanitize=address,undefined
    -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(opsdeck_options INTERFACE -fsanitize=address,undefined)
  target_sources(opsdeck_options INTERFACE ${PROJECT_SOURCE_DIR}/cmake/sanitizer_defaults.cpp)
endif()
target_include_directories(opsdeck_options INTERFACE ${PROJECT_SOURCE_DIR})

# opsdeck_library(<name> DIR <dir> DEPS ...): a static library of every .cpp under <dir>
# (except main.cpp). Globbing keeps parallel work free of CMakeLists merge conflicts.
function(opsdeck_library name)
  cmake_parse_arguments(L "" "DIR" "DEPS" ${ARGN})
  file(GLOB_RECURSE srcs CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/${L_DIR}/*.cpp)
  list(FILTER srcs EXCLUDE REGEX "/main\\.cpp$")
  add_library(${name} STATIC ${srcs})
  target_link_libraries(${name} PUBLIC opsdeck_options ${L_DEPS})
endfunction()

if(OPSDECK_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "OPSDECK_FUZZ needs clang: cmake -DCMAKE_CXX_COMPILER=clang++ -DOPSDECK_FUZZ=ON")
  endif()
  target_compile_options(opsdeck_options INTERFACE -fsanitize=fuzzer-no-link,address,undefined)
  target_link_options(opsdeck_options INTERFACE -fsanitize=address,undefined)
endif()
