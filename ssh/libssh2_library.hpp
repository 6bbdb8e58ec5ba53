#pragma once
// Process-wide libssh2 initialisation. libssh2_init() is not thread-safe, so the first
// caller (on any thread) initialises it under a once-flag; it is torn down at exit.

namespace opsdeck::ssh {

// Returns true when libssh2 is usable. Safe to call from any thread, any number of times.
bool ensure_libssh2();

}  // namespace opsdeck::ssh
