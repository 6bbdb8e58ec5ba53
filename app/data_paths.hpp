#pragma once
// Where opsdeck finds the files it ships (themes): $OPSDECK_THEMES_DIR, else the installed
// data directory relative to the executable (<prefix>/bin/opsdeck -> <prefix>/share/opsdeck,
// so a relocated install or a .deb works), else the source tree the binary was built from
// (a build tree). Reads the environment and the file system; any thread.

#include <filesystem>

namespace opsdeck::app {

std::filesystem::path themes_directory();

}  // namespace opsdeck::app
