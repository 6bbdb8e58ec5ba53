// The README's first command, end to end: `scripts/demo` in a real terminal (tmux) opens
// the console on the demo account, and `q` stops everything the demo started — moto, the
// log feeder, the health endpoints, the temporary AWS config — and leaves the terminal in
// cooked mode. (--no-build: the test runs the binary this build made, so ctest never
// re-configures the build directory it is running from.)

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/child_process.hpp"
#include "tests/support/tmux_session.hpp"

using namespace std::chrono_literals;
namespace fs = std::filesystem;
using namespace opsdeck::testing;

namespace {

// `export K=V` / `export K="V"` lines, as scripts/demo --env-file writes them.
std::map<std::string, std::string> parse_exports(const std::string& text) {
  std::map<std::string, std::string> m;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("export ", 0) != 0) continue;
    auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string value = line.substr(eq + 1);
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    m[line.substr(7, eq - 7)] = value;
  }
  return m;
}

std::vector<int> parse_pids(const std::string& text) {
  std::vector<int> pids;
  std::istringstream in(text);
  for (int pid = 0; in >> pid;) pids.push_back(pid);
  return pids;
}

int port_of(const std::string& endpoint) {
  auto colon = endpoint.rfind(':');
  return colon == std::string::npos ? -1 : std::stoi(endpoint.substr(colon + 1));
}

}  // namespace

TEST(DemoConsole, OpensTheConsoleOnTheDemoAccountAndQuitLeavesNothingBehind) {
  TempDir tmp;
  const fs::path env_file = tmp.path() / "demo.env";
  const fs::path build_dir = fs::path(OPSDECK_BINARY).parent_path();
  const int health_port = free_loopback_port();  // not the fixed 18080 another test may hold
  const std::string script =
      "cd '" + std::string(OPSDECK_SOURCE_DIR) + "' && scripts/demo --no-build --env-file '" + env_file.string() +
      "'; echo EXIT=$?; stty -a; echo MODES_END; sleep 60";
  TmuxOptions options;
  options.columns = 160;
  options.rows = 45;
  options.env = {{"BUILD_DIR", build_dir.string()},
                 {"TMPDIR", tmp.path().string()},
                 {"OPSDECK_DEMO_HEALTH_PORT", std::to_string(health_port)}};
  TmuxSession term({"sh", "-c", script}, options);

  // The console, with the demo account's resources in its panes.
  auto shown = term.wait_for_text("clinic-api-staging", 240s);
  ASSERT_TRUE(shown) << TmuxSession::framed(shown.screen);
  for (const char* text : {"profile demo", "clickit-prod-db", "clinic-db"}) {
    auto seen = term.wait_for_text(text, 30s);
    EXPECT_TRUE(seen) << text << TmuxSession::framed(seen.screen);
  }
  auto alarm = term.wait_for_regex(std::regex("ALARM.*clinic-api-cpu|clinic-api-cpu.*ALARM"), 30s);
  EXPECT_TRUE(alarm) << TmuxSession::framed(alarm.screen);

  // What the demo started, from the environment it wrote.
  ASSERT_TRUE(fs::exists(env_file));
  auto env = parse_exports(read_file(env_file));
  const std::vector<int> pids = parse_pids(env["OPSDECK_DEMO_PIDS"]);
  ASSERT_GE(pids.size(), 2u) << env["OPSDECK_DEMO_PIDS"];
  const int moto_port = port_of(env["AWS_ENDPOINT_URL"]);
  ASSERT_EQ(env["AWS_ENDPOINT_URL"].rfind("http://127.0.0.1:", 0), 0u) << env["AWS_ENDPOINT_URL"];
  const fs::path demo_dir = env["OPSDECK_DEMO_DIR"];
  ASSERT_TRUE(fs::exists(demo_dir / "credentials")) << demo_dir;
  for (int pid : pids) EXPECT_FALSE(process_gone(pid)) << "pid " << pid << " should be running";

  // `f` on clinic-db: a port forward through an Online instance of its VPC, the gate's y/N
  // (the demo environment is production), then the database stand-in answers through it.
  term.send_keys({"Tab", "/"});
  term.send_text("clinic-db");
  term.send_keys({"Enter"});
  EXPECT_TRUE(term.wait_for_text_gone("\n/clinic-db", 20s)) << term.screen();  // the prompt line closed
  std::this_thread::sleep_for(1s);  // past the console's hold for keys typed right after a prompt
  term.send_keys({"f"});
  auto gate = term.wait_for_text("y to open it", 30s);
  ASSERT_TRUE(gate) << TmuxSession::framed(gate.screen);
  EXPECT_NE(gate.screen.find("clinic-db.aaaaaaaaaa.us-east-1.rds.amazonaws.com:5432 through clinic-api"),
            std::string::npos)
      << "the forward goes through the instance of clinic-db's own stack" << TmuxSession::framed(gate.screen);
  term.send_keys({"y"});
  const std::regex open_re("forward 127\\.0\\.0\\.1:([0-9]+) -> clinic-db:5432 via clinic-api: open");
  auto opened = term.wait_for_regex(open_re, 30s);
  ASSERT_TRUE(opened) << TmuxSession::framed(opened.screen);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(opened.screen, m, open_re));
  const std::string local_port = m[1].str();
  auto greeting = run_command(
      {"python3", "-c",
       "import socket,sys\n"
       "s=socket.create_connection(('127.0.0.1',int(sys.argv[1])),timeout=10)\n"
       "print(s.recv(200).decode())\n"
       "s.sendall(b'select 1\\n')\n"
       "print(s.recv(200).decode())",
       local_port},
      {}, {}, 30s);
  EXPECT_EQ(greeting.exit_code, 0) << greeting.err;
  EXPECT_NE(greeting.out.find("database stand-in reached through the port forward"), std::string::npos)
      << greeting.out << greeting.err;
  EXPECT_NE(greeting.out.find("echo: select 1"), std::string::npos) << greeting.out;
  term.send_keys({":"});
  term.send_text("forwards");
  term.send_keys({"Enter"});
  auto listed = term.wait_for_regex(std::regex("1 SSM +open +127\\.0\\.0\\.1:" + local_port), 10s);
  EXPECT_TRUE(listed) << TmuxSession::framed(listed.screen);
  term.send_keys({"Escape"});
  std::this_thread::sleep_for(1s);

  term.send_keys({"q"});
  auto exited = term.wait_for_text("MODES_END", 30s);
  ASSERT_TRUE(exited) << TmuxSession::framed(exited.screen);
  const std::string s = exited.screen;
  EXPECT_NE(s.find("EXIT=0"), std::string::npos) << TmuxSession::framed(s);
  EXPECT_NE(s.find("closed 1 port forward"), std::string::npos) << TmuxSession::framed(s);
  EXPECT_NE(s.find(" icanon"), std::string::npos) << TmuxSession::framed(s);  // cooked mode again
  EXPECT_EQ(s.find("-icanon"), std::string::npos) << TmuxSession::framed(s);
  EXPECT_EQ(s.find("-echo "), std::string::npos) << TmuxSession::framed(s);

  for (int pid : pids) EXPECT_TRUE(process_gone(pid)) << "pid " << pid << " still running";
  EXPECT_FALSE(wait_for_port(moto_port, 300ms)) << "moto port " << moto_port << " still accepts connections";
  EXPECT_FALSE(wait_for_port(health_port, 300ms)) << "health port " << health_port << " still open";
  EXPECT_FALSE(fs::exists(demo_dir)) << demo_dir;
  EXPECT_FALSE(fs::exists(env_file)) << env_file;
}
