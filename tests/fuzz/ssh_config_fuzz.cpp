// libFuzzer target: ssh_config and known_hosts text from outside must never crash the
// parsers, loop forever or blow the stack (Include is not reachable: no files exist under
// the fuzzer's include base).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ssh/known_hosts.hpp"
#include "ssh/ssh_config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  opsdeck::ssh::SshConfigContext ctx{"/nonexistent-home", "fuzz", "/nonexistent-home/.ssh"};
  auto cfg = opsdeck::ssh::SshConfig::parse(text, ctx);
  auto h = cfg.resolve("web-1.prod");
  (void)cfg.resolve(h.hostname);
  auto kh = opsdeck::ssh::KnownHosts::parse(text);
  (void)kh.key_types_for("web-1.prod", 2222);
  return 0;
}
