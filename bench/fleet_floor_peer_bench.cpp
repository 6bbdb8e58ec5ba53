// A fleet against one member, the client's side (bench/README.md "### A fleet"): `alarms`,
// `instances` and `databases` read from 12 members (3 role profiles × 4 regions) and from
// one member, as `opsdeck <list> --fleet NAME --output json` reads them (run_fleet_list: a
// fresh SessionRegistry per command; each member assumes its role, asks its identity and
// its list, all members at once) against FloorServers on loopback, which answer from
// prepared pages — so what is measured is opsdeck, not a server. Against moto
// (bench/fleet_vs_cli.sh) the ratio is moto's own: one Python process serving every
// member's calls one after the other.
//
// BM_Fleet12MembersAgainstOne/latency_ms:N
//   N = 0: every member on one endpoint that answers at once — the client's CPU cost of
//          12 members against 1 (the limiter allows 8 requests in flight to it);
//   N > 0: each member on its own endpoint whose every answer takes N ms, as AWS's regional
//          endpoints answer in parallel, each after a round trip — what an operator waits.
// ROUNDS rounds (default 15) of (one member, then 12); the medians and their ratio are
// the counters.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "app/fleet/fleet_list_runner.hpp"
#include "app/session_registry.hpp"
#include "bench/floor_server.hpp"
#include "tests/support/child_process.hpp"

using namespace opsdeck;
using Clock = std::chrono::steady_clock;

namespace {

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

// The three commands; the milliseconds they took, or -1 when a member failed or a list came
// back short.
double three_commands_ms(const app::Fleet& fleet, const bench::FloorAccount& account) {
  const auto t0 = Clock::now();
  for (const std::string kind : {"alarms", "instances", "databases"}) {
    app::SessionRegistry sessions(nullptr);
    auto outcome = app::run_fleet_list(kind, "json", fleet, app::GlobalOptions{}, sessions);
    if (outcome.exit_code != 0) return -1;
    auto rows = nlohmann::json::parse(outcome.out, nullptr, false);
    const auto per_member = static_cast<std::size_t>(kind == "alarms" ? account.alarms
                                                     : kind == "instances" ? account.instances
                                                                           : 1);
    if (!rows.is_array() || rows.size() < per_member * fleet.members.size()) return -1;
  }
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

void BM_Fleet12MembersAgainstOne(benchmark::State& state) {
  for (auto _ : state) {
    bench::FloorAccount account;
    account.instances = 20;
    account.alarms = 30;
    account.log_groups = 1;
    account.latency = std::chrono::milliseconds(state.range(0));
    const std::vector<std::string> profiles{"prod", "staging", "shared"};
    const std::vector<std::string> regions{"us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2"};
    // One endpoint for all, or one per member.
    std::vector<std::unique_ptr<bench::FloorServer>> servers;
    const std::size_t endpoints = account.latency.count() > 0 ? profiles.size() * regions.size() : 1;
    for (std::size_t i = 0; i < endpoints; ++i) servers.push_back(std::make_unique<bench::FloorServer>(account));
    app::Fleet twelve;
    for (const auto& p : profiles)
      for (const auto& r : regions) {
        app::FleetMember m;
        m.profile = p;
        m.region = r;
        m.endpoint_url = servers[twelve.members.size() % endpoints]->url();
        twelve.members.push_back(m);
      }
    app::Fleet one;
    one.members = {twelve.members.front()};

    testing::TempDir dir;
    testing::write_file(dir.path() / "config",
                        "[profile base]\nregion = us-east-1\n"
                        "[profile prod]\nrole_arn = arn:aws:iam::111111111111:role/oncall\nsource_profile = base\n"
                        "[profile staging]\nrole_arn = arn:aws:iam::222222222222:role/oncall\nsource_profile = base\n"
                        "[profile shared]\nrole_arn = arn:aws:iam::333333333333:role/oncall\nsource_profile = base\n");
    testing::write_file(dir.path() / "credentials",
                        "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret\n");
    for (const char* v : {"AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"})
      ::unsetenv(v);
    ::setenv("AWS_CONFIG_FILE", (dir.path() / "config").c_str(), 1);
    ::setenv("AWS_SHARED_CREDENTIALS_FILE", (dir.path() / "credentials").c_str(), 1);
    ::setenv("OPSDECK_NETWORK", "loopback", 1);

    const char* rounds_env = std::getenv("ROUNDS");
    const int rounds = rounds_env ? std::max(1, std::atoi(rounds_env)) : 15;
    three_commands_ms(twelve, account);  // warm-up
    std::vector<double> t1, t12;
    for (int i = 0; i < rounds; ++i) {
      t1.push_back(three_commands_ms(one, account));
      t12.push_back(three_commands_ms(twelve, account));
    }
    int unexpected = 0;
    for (const auto& s : servers) unexpected += s->unexpected_calls();
    if (*std::min_element(t1.begin(), t1.end()) < 0 || *std::min_element(t12.begin(), t12.end()) < 0)
      return state.SkipWithError(("a member failed or a list came back short; unexpected calls: " +
                                  servers.front()->unexpected_names()).c_str());
    state.counters["one_member_ms"] = median(t1);
    state.counters["twelve_members_ms"] = median(t12);
    state.counters["ratio"] = median(t12) / median(t1);
    state.counters["rounds"] = rounds;
    state.counters["unexpected_calls"] = unexpected;
  }
}
BENCHMARK(BM_Fleet12MembersAgainstOne)->ArgName("latency_ms")->Arg(0)->Arg(30)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
