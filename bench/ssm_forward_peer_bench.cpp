// SsmPortForward throughput and latency against the ssm peer (tests/support/ssm_peer behind
// fake_aws), compared with a direct loopback TCP connection to the same server (the floor).
//   Throughput/<path>/<write size>: bytes to a digest sink, 16 MiB per iteration.
//   RoundTrip/<path>: one byte to an echo server and back.
// Counters: MB/s (bytes_per_second), and this process's CPU per MiB moved (cpu_ms_per_MiB;
// the peer's own CPU is not counted). Needs node and the peer's npm packages.
#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>

#include "aws/aws_client.hpp"
#include "aws/credential_static.hpp"
#include "aws/service_call.hpp"
#include "ssh/ssm/ssm_port_forward.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/echo_server.hpp"
#include "tests/support/ssm_gateway.hpp"

namespace {

using namespace opsdeck;
using namespace std::chrono_literals;

struct World {
  testing::TempDir logs;
  testing::SsmGateway gateway{logs.path()};
  testing::EchoServer sink{testing::EchoServer::Mode::Sink}, echo;
  std::unique_ptr<aws::AwsClient> client;
  aws::SyncCaller call;
  std::shared_ptr<ssh::ssm::SsmPortForward> to_sink, to_echo;

  World() {
    aws::ClientOptions o;
    o.region = "us-east-1";
    o.endpoint_url = gateway.endpoint();
    client = std::make_unique<aws::AwsClient>(
        std::move(o), std::make_shared<aws::StaticCredentialsProvider>(
                          aws::Credentials{"AKIDTEST", "secret", "", std::nullopt, "test"}));
    call = aws::sync_caller(*client);
    to_sink = open(sink.port());
    to_echo = open(echo.port());
  }
  std::shared_ptr<ssh::ssm::SsmPortForward> open(int port) {
    ssh::ssm::PortForwardSpec s;
    s.target = "i-0aaa111122223333a";
    s.remote_port = port;
    auto f = ssh::ssm::SsmPortForward::open(call, s);
    if (!f) return nullptr;
    for (int i = 0; i < 500 && f.value()->status().state != ssh::ssm::PortForwardStatus::State::Open; ++i)
      std::this_thread::sleep_for(20ms);
    return f.value();
  }
};

World& world() {
  static World w;
  return w;
}

double cpu_seconds() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// state.range(0): 0 = direct, 1 = through the forward; range(1): bytes per write.
void Throughput(benchmark::State& state) {
  auto& w = world();
  int port = state.range(0) ? w.to_sink->status().local_port : w.sink.port();
  size_t write_size = static_cast<size_t>(state.range(1));
  constexpr uint64_t kPerIteration = 16u << 20;
  std::string block(write_size, 'x');
  double cpu = 0;
  for (auto _ : state) {
    int fd = testing::connect_loopback(port, 60);
    double c0 = cpu_seconds();
    uint64_t total = kPerIteration;
    std::string header(8, '\0');
    for (int i = 0; i < 8; ++i) header[static_cast<size_t>(i)] = static_cast<char>((total >> (8 * i)) & 0xff);
    ::send(fd, header.data(), 8, MSG_NOSIGNAL);
    for (uint64_t sent = 0; sent < total;) {
      auto n = ::send(fd, block.data(), std::min<uint64_t>(block.size(), total - sent), MSG_NOSIGNAL);
      if (n <= 0) {
        state.SkipWithError("send failed");
        break;
      }
      sent += static_cast<uint64_t>(n);
    }
    char digest[64];
    size_t got = 0;
    while (got < sizeof digest) {
      auto n = ::recv(fd, digest + got, sizeof digest - got, 0);
      if (n <= 0) break;
      got += static_cast<size_t>(n);
    }
    cpu += cpu_seconds() - c0;
    ::close(fd);
    if (got != sizeof digest) state.SkipWithError("no digest back");
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kPerIteration));
  state.counters["cpu_ms_per_MiB"] =
      benchmark::Counter(cpu * 1000 / (static_cast<double>(state.iterations()) * 16), benchmark::Counter::kDefaults);
}
BENCHMARK(Throughput)
    ->ArgNames({"forward", "write"})
    ->Args({0, 1024})
    ->Args({1, 1024})
    ->Args({0, 16384})
    ->Args({1, 16384})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(4);

void RoundTrip(benchmark::State& state) {
  auto& w = world();
  int port = state.range(0) ? w.to_echo->status().local_port : w.echo.port();
  int fd = testing::connect_loopback(port, 10);
  char c = 'p';
  for (auto _ : state) {
    if (::send(fd, &c, 1, MSG_NOSIGNAL) != 1 || ::recv(fd, &c, 1, 0) != 1) {
      state.SkipWithError("round trip failed");
      break;
    }
  }
  ::close(fd);
}
BENCHMARK(RoundTrip)->ArgName("forward")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond)->UseRealTime()->MinTime(2.0);

}  // namespace
