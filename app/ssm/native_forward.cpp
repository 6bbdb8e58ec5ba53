#include "app/ssm/native_forward.hpp"

#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <mutex>

#include "app/exit_codes.hpp"
#include "app/terminal_text.hpp"

namespace opsdeck::app {
namespace {

volatile std::sig_atomic_t g_signal = 0;
void on_signal(int signo) { g_signal = signo; }

}  // namespace

std::string forward_status_line(const ssh::ssm::PortForwardSpec& spec, const ssh::ssm::PortForwardStatus& s) {
  std::string line = "forward 127.0.0.1:" + std::to_string(s.local_port) + " -> " +
                     (spec.remote_host.empty() ? std::string("localhost") : spec.remote_host) + ":" +
                     std::to_string(spec.remote_port) + " via " + spec.target + ": " + ssh::ssm::to_string(s.state);
  if (!s.detail.empty()) {
    if (s.state == ssh::ssm::PortForwardStatus::State::Open)
      line += " (" + s.detail + ")";
    else
      line += ": " + s.detail;
  }
  return neutralise_text(line);
}

aws::Result<int> run_native_forward(const aws::SyncCaller& call, const ssh::ssm::PortForwardSpec& spec) {
  std::mutex print_mu;
  std::string last;
  auto print = [&](const ssh::ssm::PortForwardStatus& s) {
    std::string line = forward_status_line(spec, s);
    std::lock_guard lock(print_mu);
    if (line == last) return;
    last = line;
    std::fputs((line + "\n").c_str(), stdout);
    std::fflush(stdout);
  };
  g_signal = 0;
  auto prev_int = std::signal(SIGINT, on_signal);
  auto prev_term = std::signal(SIGTERM, on_signal);
  auto restore = [&] {
    std::signal(SIGINT, prev_int);
    std::signal(SIGTERM, prev_term);
  };
  auto opened = ssh::ssm::SsmPortForward::open(call, spec, print);
  if (!opened) {
    restore();
    return opened.error();
  }
  auto forward = opened.value();
  bool closing = false;
  while (!forward->wait_for(std::chrono::milliseconds(100))) {
    if (g_signal && !closing) {
      closing = true;
      forward->close();
    }
  }
  auto final_status = forward->status();
  forward.reset();  // joins the forward's thread: every line is out
  restore();
  if (final_status.state == ssh::ssm::PortForwardStatus::State::Failed)
    return aws::make_error(aws::ErrorKind::Network, "port forward failed: " + final_status.detail,
                           "check the instance's SSM agent (:ssm) and the destination");
  return g_signal == SIGINT ? static_cast<int>(kExitInterrupted) : static_cast<int>(kExitOk);
}

}  // namespace opsdeck::app
