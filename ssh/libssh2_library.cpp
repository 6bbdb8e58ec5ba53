#include "ssh/libssh2_library.hpp"

#include <libssh2.h>

#include <cstdlib>
#include <mutex>

namespace opsdeck::ssh {

bool ensure_libssh2() {
  static std::once_flag once;
  static bool ok = false;
  std::call_once(once, [] {
    ok = libssh2_init(0) == 0;
    if (ok) std::atexit([] { libssh2_exit(); });
  });
  return ok;
}

}  // namespace opsdeck::ssh
