// libFuzzer target: ~/.ssh/config text (ssh/ssh_config.hpp) and the destination an
// operator types (ssh/host_target.hpp). Parsing and resolving never crash, loop forever or
// blow the stack. Include works on a scratch ~/.ssh holding two files, one of which
// includes itself (the depth limit must stop it). An input whose Include could leave that
// directory (a '/', '~', '\\', '[' or a leading '.' in a pattern) is skipped: it would read
// this machine's files, /dev/zero among them.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ssh/host_target.hpp"
#include "ssh/ssh_config.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

using namespace opsdeck::ssh;

const SshConfigContext& context() {
  static const SshConfigContext ctx = [] {
    auto home = opsdeck::fuzz::ScratchDir::path() / "home";
    opsdeck::fuzz::write_file(home / ".ssh" / "self.conf", "Host *\n  User fuzz\n  Include self.conf\n");
    opsdeck::fuzz::write_file(home / ".ssh" / "other.conf",
                              "Host web-*\n  HostName %h.internal\n  Port 2222\n  ProxyJump bastion\n"
                              "Host bastion\n  HostName 10.0.0.1\n  IdentityFile ~/.ssh/%r@%h\n");
    return SshConfigContext{home.string(), "fuzz", home / ".ssh"};
  }();
  return ctx;
}

// A pattern glob() can only resolve to names directly inside the include base.
bool stays_inside(std::string_view pattern) {
  if (pattern.empty() || pattern[0] == '.') return false;
  for (char c : pattern)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '*' ||
          c == '?' || c == '-' || c == '_' || c == '.'))
      return false;
  return true;
}

// True when a line of `text` is an Include that may read outside the scratch directory.
bool includes_outside(std::string_view text) {
  while (!text.empty()) {
    auto words = split_config_line(opsdeck::fuzz::take_until(text, '\n'));
    if (!words || words->size() < 2) continue;
    std::string key = (*words)[0];
    for (auto& c : key) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    if (key != "include") continue;
    for (std::size_t i = 1; i < words->size(); ++i)
      if (!stays_inside((*words)[i])) return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text = opsdeck::fuzz::as_text(data, size);
  if (includes_outside(text)) return 0;
  std::size_t n = 0;
  auto cfg = SshConfig::parse(text, context(), "fuzz");
  for (const auto& w : cfg.warnings()) n += w.size();
  auto h = cfg.resolve("web-1.prod");
  n += cfg.resolve(h.hostname).identity_files.size();
  // The first line as a destination the operator typed ("user@[::1]:2222").
  std::string_view first = text.substr(0, text.find('\n'));
  auto target = parse_host_target(first.substr(0, 256));
  if (target.ok()) {
    auto settings = resolve_host_target(*target, cfg);
    n += settings.hostname.size() + (settings.jump ? settings.jump->hostname.size() : 0);
    n += looks_like_instance_id(target->host) ? 1 : 0;
  }
  volatile std::size_t sink = n;
  (void)sink;
  return 0;
}
