#pragma once
// The network fence: with OPSDECK_NETWORK=loopback in the environment, opsdeck opens
// connections only to loopback addresses (127.0.0.0/8, ::1, ::ffff:127.0.0.0/104) — every
// AWS request, credential endpoint, health check and SSH connection. The demo and the test
// suite set it, so an address an endpoint hands out (moto gives instances public addresses
// in real AWS ranges) can never be reached by a stray key. Checked on the address actually
// connected to, after name resolution, so a host name that resolves elsewhere is refused too.
//
//   unset, "" or "any"   no fence
//   "loopback"           loopback only
//   anything else        loopback only (an unknown value fails closed)
//
// Pure apart from reading the environment once per call; any thread.

#include <sys/socket.h>

#include <string>

namespace opsdeck::aws {

// True when OPSDECK_NETWORK fences connections to loopback.
bool loopback_only();

// True when a connection to `address` is allowed (always, without the fence).
bool connection_allowed(const sockaddr* address);

// True when a program opsdeck starts may be handed `url` (it connects by itself, past the
// checks above): always without the fence; with it, only a URL whose host is a loopback
// literal (127.x.x.x, [::1]) or "localhost".
bool url_allowed(const std::string& url);

// "192.0.2.7" / "2001:db8::1": the address as text, for messages.
std::string address_text(const sockaddr* address);

// The message and hint for a connection the fence refused.
std::string fence_refusal(const std::string& address);
inline constexpr const char* kFenceHint =
    "OPSDECK_NETWORK=loopback (the demo and the tests set it) allows only 127.0.0.0/8 and ::1; "
    "unset it to reach other addresses";

}  // namespace opsdeck::aws
