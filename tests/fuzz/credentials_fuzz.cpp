// libFuzzer target: the credential documents opsdeck reads from outside.
//  - credentials_from_json: credential_process stdout, container and IMDS answers
//    (aws/credential_json.hpp), under each source name;
//  - the SSO token cache file (~/.aws/sso/cache/<sha1>.json) as SsoCredentialsProvider
//    reads it, from a per-process scratch HOME. The provider's clock stands at the end of
//    time, so every token has expired and the provider stops before the network.
// Besides not crashing or throwing: an error message never repeats the document's
// SecretAccessKey (unless that text is also in a field a message may quote).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws/credential_json.hpp"
#include "aws/credential_sso.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

using namespace opsdeck::aws;
using opsdeck::fuzz::touch;

void check_secret_not_quoted(std::string_view body, const Result<Credentials>& r) {
  if (r.ok()) return;
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_object()) return;
  auto s = j.find("SecretAccessKey");
  if (s == j.end() || !s->is_string()) return;
  const std::string& secret = s->get_ref<const std::string&>();
  if (secret.size() < 12) return;
  const std::string shown = r.error().describe() + r.error().hint;
  if (shown.find(secret) == std::string::npos) return;
  for (const auto& [k, v] : j.items())
    if (k != "SecretAccessKey" && v.is_string() && v.get_ref<const std::string&>().find(secret) != std::string::npos)
      return;  // the same text is also, e.g., the Expiration the message quotes
  opsdeck::fuzz::fail("a credential error message shows the SecretAccessKey");
}

std::size_t sso_cache(std::string_view body) {
  static const std::string home = (opsdeck::fuzz::ScratchDir::path() / "home").string();
  SsoParams p;
  p.profile = "fuzz";
  p.session_name = "fuzz-session";
  p.start_url = "https://fuzz.awsapps.invalid/start";
  p.sso_region = "us-east-1";
  p.account_id = "123456789012";
  p.role_name = "ReadOnly";
  static const std::string file = home + "/.aws/sso/cache/" + SsoCredentialsProvider::cache_key(p) + ".json";
  opsdeck::fuzz::write_file(file, body);
  EnvLookup env = [](const std::string& name) -> std::optional<std::string> {
    if (name == "HOME") return home;
    return std::nullopt;
  };
  SsoCredentialsProvider provider(p, env, [] { return std::chrono::system_clock::time_point::max(); });
  auto r = provider.get();
  if (r.ok()) opsdeck::fuzz::fail("an expired SSO token gave credentials");
  return touch(r);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view body = opsdeck::fuzz::as_text(data, size);
  std::size_t n = 0;
  for (const char* source : {"credential_process", "container credentials", "EC2 instance metadata (role r)"}) {
    auto r = credentials_from_json(body, source);
    check_secret_not_quoted(body, r);
    n += touch(r.ok() ? r->source : r.error().describe());
  }
  n += sso_cache(body);
  volatile std::size_t sink = n;
  (void)sink;
  return 0;
}
