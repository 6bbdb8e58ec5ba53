#pragma once
// The network fence (network_fence.hpp) on a curl easy handle: when OPSDECK_NETWORK fences
// connections, curl's socket opener refuses every address outside loopback and writes the
// refused address to `*refused` (which must outlive the transfer), so the caller can report
// the refusal instead of curl's "couldn't connect". Without the fence, nothing is installed.
// Runs on the thread that drives the transfer.

#include <curl/curl.h>

#include <string>

namespace opsdeck::aws {

void fence_curl(CURL* easy, std::string* refused);

}  // namespace opsdeck::aws
