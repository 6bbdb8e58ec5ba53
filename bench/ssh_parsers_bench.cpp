// Hot paths of SSH set-up that scale with the operator's files: resolving a host through a
// large ssh_config, and checking a host key against a large known_hosts (hashed entries
// cost one HMAC-SHA1 each per lookup, as in OpenSSH).
#include <benchmark/benchmark.h>

#include <string>

#include "ssh/known_hosts.hpp"
#include "ssh/ssh_config.hpp"

using namespace opsdeck::ssh;

namespace {

HostKey fake_key(int i) {
  std::string blob;
  const std::string type = "ssh-ed25519";
  auto put32 = [&](uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) blob.push_back(static_cast<char>((v >> s) & 0xff));
  };
  put32(static_cast<uint32_t>(type.size()));
  blob += type;
  put32(32);
  for (int b = 0; b < 32; ++b) blob.push_back(static_cast<char>((i * 31 + b) & 0xff));
  return HostKey{type, blob};
}

std::string known_hosts_text(int entries, bool hashed) {
  std::string text;
  for (int i = 0; i < entries; ++i)
    text += format_known_host("10.0." + std::to_string(i / 256) + "." + std::to_string(i % 256), 22, fake_key(i),
                              hashed) +
            "\n";
  return text;
}

void BM_KnownHostsCheck(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const bool hashed = state.range(1) != 0;
  auto kh = KnownHosts::parse(known_hosts_text(n, hashed));
  auto key = fake_key(n - 1);
  const std::string host = "10.0." + std::to_string((n - 1) / 256) + "." + std::to_string((n - 1) % 256);
  for (auto _ : state) benchmark::DoNotOptimize(kh.check(host, 22, key));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_KnownHostsCheck)->Args({100, 0})->Args({1000, 0})->Args({100, 1})->Args({1000, 1});

void BM_KnownHostsParse(benchmark::State& state) {
  auto text = known_hosts_text(static_cast<int>(state.range(0)), false);
  for (auto _ : state) benchmark::DoNotOptimize(KnownHosts::parse(text));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_KnownHostsParse)->Arg(1000);

void BM_SshConfigResolve(benchmark::State& state) {
  std::string text;
  for (int i = 0; i < state.range(0); ++i)
    text += "Host web-" + std::to_string(i) + " web-" + std::to_string(i) + ".prod !bastion*\n  HostName 10.1.0." +
            std::to_string(i % 256) + "\n  User ubuntu\n  IdentityFile ~/.ssh/web_%h\n";
  text += "Host *\n  ServerAliveInterval 30\n";
  auto cfg = SshConfig::parse(text, SshConfigContext{"/home/op", "op", "/home/op/.ssh"});
  const std::string last = "web-" + std::to_string(state.range(0) - 1);
  for (auto _ : state) benchmark::DoNotOptimize(cfg.resolve(last));
}
BENCHMARK(BM_SshConfigResolve)->Arg(10)->Arg(500);

}  // namespace
