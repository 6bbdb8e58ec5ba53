// The network fence (aws/network_fence.hpp): which addresses and URLs OPSDECK_NETWORK lets
// opsdeck connect to, including addresses written to slip past a text check.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/un.h>

#include <cstdlib>
#include <string>

#include "aws/network_fence.hpp"

namespace opsdeck::aws {
namespace {

class NetworkFence : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* v = std::getenv("OPSDECK_NETWORK");
    saved_ = v ? std::optional<std::string>(v) : std::nullopt;
    ::setenv("OPSDECK_NETWORK", "loopback", 1);
  }
  void TearDown() override {
    if (saved_)
      ::setenv("OPSDECK_NETWORK", saved_->c_str(), 1);
    else
      ::unsetenv("OPSDECK_NETWORK");
  }
  static bool allowed(const std::string& text) {
    sockaddr_in v4{};
    if (::inet_pton(AF_INET, text.c_str(), &v4.sin_addr) == 1) {
      v4.sin_family = AF_INET;
      return connection_allowed(reinterpret_cast<const sockaddr*>(&v4));
    }
    sockaddr_in6 v6{};
    EXPECT_EQ(::inet_pton(AF_INET6, text.c_str(), &v6.sin6_addr), 1) << text;
    v6.sin6_family = AF_INET6;
    return connection_allowed(reinterpret_cast<const sockaddr*>(&v6));
  }
  std::optional<std::string> saved_;
};

TEST_F(NetworkFence, OnlyLoopbackAddressesPass) {
  for (const char* ok : {"127.0.0.1", "127.255.1.2", "127.0.0.0", "::1", "::ffff:127.0.0.1"})
    EXPECT_TRUE(allowed(ok)) << ok;
  for (const char* no : {"128.0.0.1", "126.255.255.255", "10.0.0.5", "192.0.2.7", "54.210.1.2", "169.254.169.254",
                         "0.0.0.0", "::", "::ffff:10.0.0.1", "2001:db8::1", "fe80::1", "::127.0.0.1"})
    EXPECT_FALSE(allowed(no)) << no;
  sockaddr_un unix_socket{};
  unix_socket.sun_family = AF_UNIX;
  EXPECT_FALSE(connection_allowed(reinterpret_cast<const sockaddr*>(&unix_socket)));
  EXPECT_FALSE(connection_allowed(nullptr));
}

TEST_F(NetworkFence, AnUnknownValueFencesAndOnlyAnyOrNothingOpensIt) {
  ::setenv("OPSDECK_NETWORK", "yes please", 1);
  EXPECT_TRUE(loopback_only());
  EXPECT_FALSE(allowed("192.0.2.7"));
  ::setenv("OPSDECK_NETWORK", "any", 1);
  EXPECT_FALSE(loopback_only());
  EXPECT_TRUE(allowed("192.0.2.7"));
  ::unsetenv("OPSDECK_NETWORK");
  EXPECT_FALSE(loopback_only());
  EXPECT_TRUE(url_allowed("wss://ssmmessages.us-east-1.amazonaws.com/v1/data-channel/s"));
}

// A URL handed to a program opsdeck starts (session-manager-plugin): only a loopback literal
// or localhost; a name is refused, as is anything crafted to look like loopback.
TEST_F(NetworkFence, UrlsForOtherProgramsMustNameLoopbackLiterally) {
  for (const char* ok : {"wss://127.0.0.1:8443/v1/data-channel/s-1?role=publish_subscribe", "http://[::1]:5000/",
                         "http://localhost:5000", "ws://127.9.9.9", "http://user@127.0.0.1:80/x"})
    EXPECT_TRUE(url_allowed(ok)) << ok;
  for (const char* no : {"wss://ssmmessages.us-east-1.amazonaws.com/v1/data-channel/s", "http://127.0.0.1.evil.example/",
                         "http://user@127.0.0.1@evil.example/", "http://0x7f000001/", "http://127.1/",
                         "http://[::ffff:10.0.0.1]/", "http://[::1", "http://192.0.2.7:443/", "", "localhost.evil"})
    EXPECT_FALSE(url_allowed(no)) << no;
}

}  // namespace
}  // namespace opsdeck::aws
