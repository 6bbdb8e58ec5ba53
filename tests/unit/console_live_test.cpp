// The console's live-pane pieces without AWS: rows from typed results (roles, order,
// keys, ages), refresh pacing (in flight, hidden, throttling backoff, stale notes), the
// console settings from the config, resource capabilities, and a pane rendered as text.
#include <gtest/gtest.h>

#include "app/console/console_view.hpp"
#include "app/console/resource_actions.hpp"
#include "app/console/sources/console_settings.hpp"
#include "app/console/sources/refresh_state.hpp"
#include "app/console/sources/resource_rows.hpp"
#include "app/resources/alarms.hpp"
#include "app/resources/databases.hpp"
#include "app/resources/instances.hpp"
#include "aws/iso8601.hpp"

namespace opsdeck::app {
namespace {

SysTime at(const char* iso) { return *aws::parse_iso8601(iso); }

// What the console's read delivers: the resources in the list's order, then the pane's rows.
PaneRows rows_of(const ResourceList& list, std::vector<Resource> resources, SysTime now,
                 std::map<std::string, std::vector<double>> series = {}) {
  list.sort(resources);
  Snapshot s{std::move(resources), {}, std::move(series)};
  return pane_rows(list, s, now);
}

TEST(ConsoleRows, InstancesColourStatesAndKeepEc2ThenLightsailByName) {
  aws::Ec2Instance a;
  a.id = "i-1";
  a.name = "clinic-api";
  a.state = "running";
  a.launch_time = "2026-11-20T10:00:00Z";
  aws::Ec2Instance b;
  b.id = "i-2";
  b.state = "stopped";
  aws::LightsailInstance l;
  l.name = "therapy";
  l.state = "pending";
  auto rows = rows_of(instance_list(), {resource_of(l), resource_of(b), resource_of(a)}, at("2026-11-22T10:00:00Z"));
  ASSERT_EQ(rows.rows.size(), 3u);
  EXPECT_EQ(rows.rows[0][0].text, "clinic-api");
  EXPECT_EQ(rows.rows[0][1].role, ui::Role::StateGood);
  EXPECT_EQ(rows.rows[0][2].text, "i-1");  // the id, so /i-1 finds it
  EXPECT_EQ(rows.rows[0][7].text, "2d");
  EXPECT_EQ(rows.rows[1][0].text, "i-2");  // untagged: the id stands in for the name
  EXPECT_EQ(rows.rows[1][1].role, ui::Role::StateBad);
  EXPECT_EQ(rows.keys[2], "lightsail:therapy");
  EXPECT_EQ(rows.rows[2][1].role, ui::Role::StateWarn);
}

TEST(ConsoleRows, TheSsmColumnSaysHowAShellWillConnect) {
  aws::Ec2Instance online, lost, unmanaged, unread;
  online.id = "i-1";
  lost.id = "i-2";
  unmanaged.id = "i-3";
  unread.id = "i-4";
  aws::LightsailInstance l;
  l.name = "box";
  std::vector<Resource> rs = {resource_of(online), resource_of(lost), resource_of(unmanaged), resource_of(unread),
                              resource_of(l)};
  rs[0].fields["ssm"] = "Online";
  rs[1].fields["ssm"] = "ConnectionLost";
  rs[2].fields["ssm"] = nullptr;  // DescribeInstanceInformation does not list it
  auto rows = rows_of(instance_list(), rs, at("2026-11-22T10:00:00Z"));
  ASSERT_EQ(rows.rows.size(), 5u);
  EXPECT_EQ(rows.rows[0][6].text, "Online");
  EXPECT_EQ(rows.rows[0][6].role, ui::Role::StateGood);
  EXPECT_EQ(rows.rows[1][6].text, "ConnectionLost");
  EXPECT_EQ(rows.rows[1][6].role, ui::Role::StateWarn);
  EXPECT_EQ(rows.rows[2][6].text, "-");
  EXPECT_EQ(rows.rows[3][6].text, "?");  // the status could not be read: not a guess
  EXPECT_EQ(rows.rows[4][6].text, "-");  // Lightsail: SSH only
}

TEST(ConsoleRows, AlarmsInAlarmFirstWithTimeInState) {
  aws::Alarm ok, bad, unknown;
  ok.name = "ok";
  ok.state = "OK";
  bad.name = "bad";
  bad.state = "ALARM";
  bad.updated = "2026-11-22T09:15:00Z";
  unknown.name = "unknown";
  unknown.state = "INSUFFICIENT_DATA";
  auto rows = rows_of(alarm_list(), {resource_of(ok), resource_of(unknown), resource_of(bad)},
                      at("2026-11-22T10:00:00Z"));
  ASSERT_EQ(rows.keys, (std::vector<std::string>{"bad", "unknown", "ok"}));
  EXPECT_EQ(rows.rows[0][0].role, ui::Role::StateBad);
  EXPECT_EQ(rows.rows[0][2].text, "45m");
}

// Log rows: tests/unit/live_logs_test.cpp (LiveLogs is the Logs pane's source).

TEST(ConsoleRefresh, SkipsWhileInFlightOrHiddenAndBacksOffOnThrottling) {
  using namespace std::chrono_literals;
  RefreshState st(10s);
  auto t0 = RefreshState::Clock::time_point{} + 1h;
  EXPECT_TRUE(st.due(t0, true));
  EXPECT_FALSE(st.due(t0, false));
  st.started(t0);
  EXPECT_FALSE(st.due(t0 + 20s, true));
  st.succeeded(t0 + 1s);
  EXPECT_EQ(st.note(t0 + 5s), "");
  EXPECT_EQ(st.note(t0 + 60s), "stale 59s");
  st.started(t0 + 60s);
  aws::Error throttled;
  throttled.kind = aws::ErrorKind::Aws;
  throttled.code = "ThrottlingException";
  throttled.http_status = 400;
  st.failed(throttled, t0 + 61s);
  EXPECT_FALSE(st.due(t0 + 71s, true));  // backs off past one interval
  EXPECT_TRUE(st.due(t0 + 61s + 5min, true));
  EXPECT_NE(st.note(t0 + 62s).find("backoff"), std::string::npos);
  EXPECT_NE(st.note(t0 + 62s).find("stale"), std::string::npos);  // keeps showing old data's age
}

TEST(ConsoleSettingsTest, ReadsRefreshAndLogGroupsAndRejectsWrongTypes) {
  auto s = parse_console_settings(R"({"refresh":{"alarms_seconds":45,"logs_poll_ms":250},
                                      "log_groups":{"clinic-api":["/app/api","/app/nginx"]}})",
                                  "c.json");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->alarms, std::chrono::milliseconds(45'000));
  EXPECT_EQ(s->instances, std::chrono::milliseconds(10'000));
  EXPECT_EQ(s->logs_poll, std::chrono::milliseconds(250));
  EXPECT_EQ(s->log_groups.at("clinic-api").size(), 2u);
  auto bad = parse_console_settings(R"({"refresh":{"alarms_seconds":"soon"}})", "c.json");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("refresh.alarms_seconds"), std::string::npos);
  EXPECT_NE(bad.error().message.find("c.json"), std::string::npos);
}

TEST(ConsoleSettingsTest, KeyOverridesRebindCommandsAndTakeTheKeyAway) {
  auto s = parse_console_settings(R"({"keys":{"quit":"Q","table.down":["j","<c-n>"]}})", "c.json");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->keys.at("quit"), std::vector<std::string>{"Q"});
  ConsoleView v(HeaderInfo{});
  for (const auto& [command, keys] : s->keys) EXPECT_EQ(v.keys().rebind(command, keys), "");
  EXPECT_EQ(v.on_key(ui::KeyEvent::character('q')), ui::Outcome::Ignored);  // q is free now
  EXPECT_EQ(v.on_key(ui::KeyEvent::character('Q')), ui::Outcome::Quit);
  // An override takes the key from the command that had it.
  EXPECT_EQ(v.keys().rebind("quit", {"j"}), "");
  EXPECT_EQ(v.keys().keys_for("table.down"), "<c-n>");
  EXPECT_NE(v.keys().rebind("no.such.command", {"x"}), "");
  auto bad = parse_console_settings(R"({"keys":{"quit":[1]}})", "c.json");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("keys.quit"), std::string::npos);
}

TEST(ConsoleSettingsTest, ReadsShellSectionAndRejectsBadValues) {
  auto d = parse_console_settings("{}", "c.json");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->shell.method, "auto");
  EXPECT_EQ(d->shell.ssh_user, "ec2-user");
  EXPECT_EQ(d->shell.ssh_port, 0);
  auto s = parse_console_settings(R"({"shell":{"method":"ssh","ssh_user":"admin","ssh_port":2222,
                                      "identity_file":"~/.ssh/lab.pem","prefer_private_ip":true}})",
                                  "c.json");
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->shell.method, "ssh");
  EXPECT_EQ(s->shell.ssh_user, "admin");
  EXPECT_EQ(s->shell.ssh_port, 2222);
  EXPECT_EQ(s->shell.identity_file, "~/.ssh/lab.pem");
  EXPECT_TRUE(s->shell.prefer_private_ip);
  for (const char* bad : {R"({"shell":{"method":"telnet"}})", R"({"shell":{"ssh_port":70000}})",
                          R"({"shell":{"ssh_user":""}})", R"({"shell":{"prefer_private_ip":"yes"}})",
                          R"({"shell":[]})"}) {
    auto r = parse_console_settings(bad, "c.json");
    ASSERT_FALSE(r) << bad;
    EXPECT_NE(r.error().message.find("shell"), std::string::npos) << r.error().message;
  }
}

TEST(ConsoleCapabilities, ShellKeyIsFreeForTheShell) {
  // `s` opens a shell (app/console/shell_launcher.hpp); the instance actions use capitals.
  for (const auto& c : capabilities(ResourceType::Ec2Instance)) EXPECT_NE(c.key, "s") << c.verb;
  for (const auto& c : capabilities(ResourceType::Ec2Instance)) {
    if (c.verb == "stop") {
      EXPECT_EQ(c.key, "S");
    }
  }
}

TEST(ConsoleCapabilities, ARowsKindComesWithTheRowNotFromItsKey) {
  aws::Ec2Instance e;
  e.id = "i-1";
  aws::LightsailInstance l;
  l.name = "i-2";  // a Lightsail name that looks like an instance id
  PaneRows rows = rows_of(instance_list(), {resource_of(e), resource_of(l)}, SysTime{});
  ConsoleView view(HeaderInfo{});
  auto src = std::make_shared<ui::VectorTableSource>(instance_list().pane_columns());
  view.pane(kInstancesPane).set_kinds(rows.kind_map());
  src->set_rows(rows.rows, rows.keys);
  view.pane(kInstancesPane).set_source(src);
  ui::CellGrid g(120, 30);
  view.render(g, "", 0, true);
  EXPECT_EQ(view.selection().type, ResourceType::Ec2Instance);
  EXPECT_TRUE(traits(view.selection().type).shell);
  view.on_key(ui::KeyEvent::character('j'));
  EXPECT_EQ(view.selection().type, ResourceType::LightsailInstance);
  EXPECT_FALSE(traits(ResourceType::LightsailInstance).shell);
  EXPECT_NE(traits(ResourceType::LightsailInstance).no_shell.find("opsdeck ssh"), std::string::npos);
  EXPECT_EQ(view.pane(kAlarmsPane).kind_of("any-alarm"), ResourceType::Alarm);
  EXPECT_EQ(view.pane(kAlarmsPane).kind_of(""), ResourceType::None);
}

TEST(ConsoleCapabilities, DeclaredPerResourceType) {
  EXPECT_EQ(capabilities(ResourceType::Ec2Instance).size(), 3u);
  EXPECT_TRUE(capabilities(ResourceType::Alarm).empty());
  bool has_snapshot = false;
  for (const auto& c : capabilities(ResourceType::DbInstance)) has_snapshot |= c.verb == "snapshot";
  EXPECT_TRUE(has_snapshot);
}

TEST(ConsoleRows, PaneRendersLiveRowsAsText) {
  ConsoleView view(HeaderInfo{});
  auto src = std::make_shared<ui::VectorTableSource>(database_list().pane_columns());
  aws::RdsInstance d;
  d.id = "clinic-db";
  d.engine = "postgres";
  d.status = "available";
  d.instance_class = "db.t4g.micro";
  d.storage_gb = 20;
  auto rows = rows_of(database_list(), {resource_of(d)}, SysTime{});
  src->set_rows(rows.rows, rows.keys);
  view.pane(kDatabasesPane).set_source(src);
  view.pane(kDatabasesPane).set_note("stale 2m");
  ui::CellGrid grid;
  grid.resize(140, 30);
  view.render(grid, "10:00 UTC", 0, true);
  std::string text;
  for (int y = 0; y < grid.height(); ++y) text += grid.row_text(y) + "\n";
  EXPECT_NE(text.find("Databases (1) stale 2m"), std::string::npos) << text;
  EXPECT_NE(text.find("clinic-db"), std::string::npos) << text;
  EXPECT_NE(text.find("20 GB"), std::string::npos) << text;
}

}  // namespace
}  // namespace opsdeck::app
