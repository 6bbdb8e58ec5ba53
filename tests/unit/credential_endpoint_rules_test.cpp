// Which container credentials URLs are fetched (aws/credential_container.hpp): the AWS
// SDKs' rule — https anywhere, plain http only to loopback IP literals, localhost and the
// ECS/EKS link-local endpoints — applied to a parsed URL, never to a string prefix.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "aws/credential_container.hpp"

using namespace opsdeck;

namespace {

constexpr const char* kFull = "AWS_CONTAINER_CREDENTIALS_FULL_URI";

struct Allowed {
  const char* url;
  const char* host;  // HttpRequest::host (the Host header)
  const char* path;  // HttpRequest::path (the request target)
};

}  // namespace

TEST(CredentialEndpointRules, AllowedUrls) {
  const Allowed cases[] = {
      {"http://127.0.0.1/v2/credentials", "127.0.0.1", "/v2/credentials"},
      {"http://127.0.0.1:51679/creds", "127.0.0.1:51679", "/creds"},
      {"http://127.2.3.4/x", "127.2.3.4", "/x"},
      {"http://127.255.255.255/", "127.255.255.255", "/"},
      {"http://localhost:8080/get-credentials?a=1&b=2", "localhost:8080",
       "/get-credentials?a=1&b=2"},
      {"HTTP://LocalHost/creds", "localhost", "/creds"},
      {"http://[::1]:9000/creds", "[::1]:9000", "/creds"},
      {"http://[0:0:0:0:0:0:0:1]/creds", "[0:0:0:0:0:0:0:1]", "/creds"},
      {"http://169.254.170.2/v2/credentials/uuid", "169.254.170.2", "/v2/credentials/uuid"},
      {"http://169.254.170.23/v1/credentials", "169.254.170.23", "/v1/credentials"},
      {"http://[fd00:ec2::23]/v1/credentials", "[fd00:ec2::23]", "/v1/credentials"},
      {"http://[FD00:EC2:0::23]:80/v1/credentials", "[fd00:ec2:0::23]:80", "/v1/credentials"},
      {"http://localhost", "localhost", "/"},
      {"http://localhost?x=1", "localhost", "/?x=1"},
      {"http://127.0.0.1/creds#fragment", "127.0.0.1", "/creds"},
      {"https://creds.example.com/path", "creds.example.com", "/path"},
      {"https://127.evil.example/", "127.evil.example", "/"},  // https: any host
      {"https://10.0.0.8:8443/creds", "10.0.0.8:8443", "/creds"},
  };
  for (const auto& c : cases) {
    auto r = aws::container_credentials_request(c.url, kFull);
    ASSERT_TRUE(r.ok()) << c.url << ": " << r.error().message;
    EXPECT_EQ(r->method, "GET") << c.url;
    EXPECT_EQ(r->host, c.host) << c.url;
    EXPECT_EQ(r->path, c.path) << c.url;
    EXPECT_TRUE(r->query.empty()) << c.url;
  }
  EXPECT_EQ(aws::container_credentials_request("https://x.example/p", kFull)->scheme, "https");
  EXPECT_EQ(aws::container_credentials_request("HTTP://127.0.0.1/p", kFull)->scheme, "http");
}

TEST(CredentialEndpointRules, RefusedUrlsNameTheVariableAndTheReason) {
  // url -> a word the message must contain
  const std::map<std::string, std::string> cases = {
      // Host names that only look like loopback.
      {"http://127.evil.example/", "over http"},
      {"http://127.0.0.1.evil.example/", "over http"},
      {"http://127.0.0.1.nip.io/", "over http"},
      {"http://localhost.evil.example/", "over http"},
      {"http://evil-localhost/", "over http"},
      // User information: the host is the part after '@'.
      {"http://127.0.0.1@evil.example/", "user information"},
      {"http://127.0.0.1:80@evil.example/", "user information"},
      {"http://user:secret@127.0.0.1/", "user information"},
      {"https://user@creds.example.com/", "user information"},
      {"http://127.0.0.1\\@evil.example/", "user information"},
      // Trailing dots.
      {"http://localhost./", "over http"},
      {"http://127.0.0.1./", "over http"},
      {"http://169.254.170.2./", "over http"},
      // Other spellings of 127.0.0.1 that resolvers accept.
      {"http://2130706433/", "over http"},
      {"http://0x7f.1/", "over http"},
      {"http://0x7f000001/", "over http"},
      {"http://0177.0.0.1/", "over http"},
      {"http://127.1/", "over http"},
      {"http://127.0.1/", "over http"},
      {"http://127.000.000.001/", "over http"},
      {"http://127.0.0.256/", "over http"},
      {"http://1.2.3.4.5/", "over http"},
      // Neither loopback nor the ECS/EKS endpoints.
      {"http://example.com/x", "over http"},
      {"http://169.254.169.254/latest/meta-data/", "over http"},
      {"http://169.254.170.3/", "over http"},
      {"http://10.0.0.1/", "over http"},
      {"http://0.0.0.0/", "over http"},
      {"http://[::2]/", "over http"},
      {"http://[fd00:ec2::24]/", "over http"},
      {"http://[::ffff:127.0.0.1]/", "over http"},
      {"http://[::1%25lo]/", "IPv6"},
      {"http://[::1/", "IPv6"},
      {"http://[::1]x/", "after the IPv6"},
      {"http://::1/", "brackets"},
      // Not a plain URL.
      {"http://127.0.0.1%2eevil.example/", "characters"},
      {"http://127.0.0.1 /", "spaces"},
      {"http://127.0.0.1/\r\nX-Injected: 1", "control"},
      {"http://lоcalhost/", "non-ASCII"},  // Cyrillic 'о'
      {"ftp://127.0.0.1/", "scheme"},
      {"file:///etc/passwd", "scheme"},
      {"127.0.0.1/creds", "not a URL"},
      {"http:///creds", "no host"},
      {"http://:80/creds", "no host"},
      {"http://127.0.0.1:/", "empty port"},
      {"http://127.0.0.1:0/", "port"},
      {"http://127.0.0.1:65536/", "port"},
      {"http://127.0.0.1:99999999999999999999/", "port"},
      {"http://127.0.0.1:8o/", "port"},
  };
  for (const auto& [url, word] : cases) {
    auto r = aws::container_credentials_request(url, kFull);
    ASSERT_FALSE(r.ok()) << url << " was allowed, host " << r->host;
    EXPECT_EQ(r.error().kind, aws::ErrorKind::Credentials) << url;
    const std::string& m = r.error().message;
    EXPECT_EQ(m.rfind(kFull, 0), 0u) << url << ": " << m;
    EXPECT_NE(m.find(word), std::string::npos) << url << ": " << m;
  }
}

TEST(CredentialEndpointRules, TheHttpRefusalStatesTheRule) {
  auto r = aws::container_credentials_request("http://127.evil.example/", kFull);
  ASSERT_FALSE(r.ok());
  const std::string& m = r.error().message;
  EXPECT_NE(m.find("'127.evil.example'"), std::string::npos) << m;
  for (const char* part :
       {"loopback", "localhost", "169.254.170.2", "169.254.170.23", "[fd00:ec2::23]", "https"})
    EXPECT_NE(m.find(part), std::string::npos) << part << " missing from: " << m;
  EXPECT_FALSE(r.error().hint.empty());
}

TEST(CredentialEndpointRules, UserInformationIsNeverEchoed) {
  auto r = aws::container_credentials_request("http://admin:hunter2@127.0.0.1/", kFull);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message.find("hunter2"), std::string::npos) << r.error().message;
  EXPECT_EQ(r.error().hint.find("hunter2"), std::string::npos);
}

TEST(CredentialEndpointRules, ProviderChecksBothVariables) {
  auto env = [](std::map<std::string, std::string> m) -> aws::EnvLookup {
    return [m](const std::string& k) -> std::optional<std::string> {
      auto it = m.find(k);
      return it == m.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
  };
  // A relative URI that is not a path would move the host: "http://169.254.170.2@evil/".
  auto rel = aws::ContainerCredentialsProvider(
                 env({{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "@evil.example/x"}}))
                 .get();
  ASSERT_FALSE(rel.ok());
  EXPECT_NE(rel.error().message.find("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"), std::string::npos)
      << rel.error().message;
  EXPECT_FALSE(aws::is_not_configured(rel.error()));

  auto full = aws::ContainerCredentialsProvider(env({{kFull, "http://127.evil.example/"}})).get();
  ASSERT_FALSE(full.ok());
  EXPECT_FALSE(aws::is_not_configured(full.error()));  // configured and wrong: the chain stops here
  EXPECT_NE(full.error().message.find(kFull), std::string::npos) << full.error().message;

  auto none = aws::ContainerCredentialsProvider(env({})).get();
  ASSERT_FALSE(none.ok());
  EXPECT_TRUE(aws::is_not_configured(none.error()));
}
