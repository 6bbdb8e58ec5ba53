#pragma once
// Wiping secrets from buffers the code owns, once they have been used: passphrases and
// secret values typed at a prompt, private key text read from a file. wipe() overwrites
// the whole buffer (up to its capacity, so bytes left behind by erase() or a move go too)
// with OPENSSL_cleanse, which the compiler cannot drop as a dead store, then empties the
// string; the capacity is kept.
//
// The limits, on purpose: only the buffer passed in is wiped. Not covered are buffers a
// std::string left behind when it grew (append_secret() avoids that for text read a byte
// at a time; elsewhere reserve first), copies a caller or a std::function capture took,
// copies inside libssh2 and OpenSSL, the kernel's terminal and pipe buffers, and memory
// swapped to disk. What wiping cannot cover, the process hygiene does: no core files and
// a non-dumpable process (app/process_hygiene.hpp).
//
// widgets/ cannot use this (it does not depend on aws/ or OpenSSL): widgets/secret_dialog
// wipes its own buffer with explicit_bzero, which gives the same guarantee.
//
// Pure functions, any thread (on distinct strings).

#include <optional>
#include <string>

namespace opsdeck::aws {

void wipe(std::string& secret);
// Wipes the value, if any, and resets the optional.
void wipe(std::optional<std::string>& secret);
// push_back(c) for a secret read piece by piece: when the buffer must grow, the contents
// move to a larger one and the old buffer is wiped before it is freed.
void append_secret(std::string& secret, char c);

}  // namespace opsdeck::aws
