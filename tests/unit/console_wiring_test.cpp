// The console's wiring as start_live() builds it, without a terminal: a real Session and
// AwsClient against a loopback HTTP peer that answers DescribeInstances (and refuses every
// other call), the ConsoleView driven by KeyEvents and rendered as text. What only tmux
// reached before: every key command has one handler and is documented, a row travels from
// an HTTP response to a pane and to `d`'s document, the overlay stack's order, and a
// console whose new session cannot open says why instead of acting on the old one.

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "app/console/console_view.hpp"
#include "app/console/live_setup.hpp"
#include "app/console/screens/forwards_screen.hpp"
#include "tests/support/canned_answers.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/loopback_http_server.hpp"

namespace opsdeck::app {
namespace {

std::string answer(const testing::CapturedRequest& r) {
  if (r.body.find("Action=DescribeInstances") != std::string::npos)
    return testing::LoopbackHttpServer::response(200, testing::kOneInstanceXml);
  if (auto target = r.header("x-amz-target"); target && *target == "AmazonSSM.DescribeInstanceInformation")
    return testing::LoopbackHttpServer::response(
        200, R"({"InstanceInformationList": [{"InstanceId": "i-0c45aa11", "PingStatus": "Online"}]})", {},
        "application/x-amz-json-1.1");
  if (r.header("x-amz-target"))
    return testing::LoopbackHttpServer::response(400, R"({"__type":"UnknownOperationException","message":"not here"})",
                                                 {}, "application/x-amz-json-1.1");
  return testing::LoopbackHttpServer::response(
      400, "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>not here</Message></Error>"
           "<RequestId>r2</RequestId></ErrorResponse>");
}

class ConsoleWiring : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* v : {"AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION"}) ::unsetenv(v);
    ::setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", 1);
    ::setenv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", 1);
    ::setenv("AWS_CONFIG_FILE", (dir_.path() / "aws-config").c_str(), 1);
    ::setenv("AWS_SHARED_CREDENTIALS_FILE", (dir_.path() / "aws-credentials").c_str(), 1);
    ::setenv("OPSDECK_AUDIT_LOG", (dir_.path() / "audit.jsonl").c_str(), 1);
    ::setenv("XDG_STATE_HOME", (dir_.path() / "state").c_str(), 1);
    testing::write_file(dir_.path() / "config.json", R"({"environments": {"staging": {}}})");
    options_.config_path = (dir_.path() / "config.json").string();
    options_.region = "eu-west-1";
    options_.endpoint_url = server_.url();
  }
  void TearDown() override {
    for (const char* v : {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_CONFIG_FILE",
                          "AWS_SHARED_CREDENTIALS_FILE", "OPSDECK_AUDIT_LOG", "XDG_STATE_HOME"})
      ::unsetenv(v);
  }
  std::unique_ptr<LiveParts> start(const GlobalOptions& o) {
    return start_live(o, view_, loop_, [](const std::function<void()>& body) { body(); }, &forwards_);
  }
  // A key as the console app routes it: to the topmost open overlay, else to the view.
  ui::Outcome press(LiveParts& parts, const ui::KeyEvent& e) {
    ConsoleOverlay* top = nullptr;
    for (ConsoleOverlay* o : parts.overlays())
      if (o->modal()) top = o;
    return top ? top->on_key(e) : view_.on_key(e);
  }
  void type(LiveParts& parts, const std::string& text) {
    for (char c : text) press(parts, ui::KeyEvent::character(static_cast<unsigned char>(c)));
  }
  std::string audit_log() {
    std::ifstream in(dir_.path() / "audit.jsonl");
    std::stringstream out;
    out << in.rdbuf();
    return out.str();
  }
  template <class Pred>
  bool pump(Pred done) {
    for (int i = 0; i < 500 && !done(); ++i) loop_.run_once(std::chrono::milliseconds(10));
    return done();
  }
  std::string screen() {
    ui::CellGrid grid(120, 40);
    view_.render(grid, "00:00 UTC", 0, true);
    return grid.to_text();
  }

  testing::TempDir dir_;
  testing::LoopbackHttpServer server_{answer};
  GlobalOptions options_;
  ConsoleView view_{HeaderInfo{}};
  ui::EventLoop loop_;
  ForwardRegistry forwards_;  // after the loop, as in the console app
};

// The README's notation for a key-map key name: "<c-d>" is Ctrl-D, "s" is `s`.
std::string readme_key(const std::string& key) {
  static const std::map<std::string, std::string> names{
      {"<tab>", "Tab"},   {"<s-tab>", "Shift-Tab"}, {"<enter>", "Enter"}, {"<esc>", "Esc"},
      {"<pgdn>", "PgDn"}, {"<pgup>", "PgUp"},       {"<home>", "Home"},   {"<end>", "End"},
      {"<up>", "arrows"}, {"<down>", "arrows"}};
  if (auto it = names.find(key); it != names.end()) return it->second;
  if (key.size() == 5 && key.rfind("<c-", 0) == 0)
    return std::string("Ctrl-") + static_cast<char>(std::toupper(static_cast<unsigned char>(key[3])));
  return "`" + key + "`";
}

TEST_F(ConsoleWiring, EveryKeyCommandHasOneHandlerAndTheReadmeKeyTableListsIt) {
  auto parts = start(options_);
  ASSERT_TRUE(parts->live);
  std::ifstream in(std::string(OPSDECK_SOURCE_DIR) + "/README.md");
  std::stringstream readme;
  readme << in.rdbuf();
  std::string text = readme.str();
  auto from = text.find("## Keys (console)");
  ASSERT_NE(from, std::string::npos);
  std::string first_column;  // the key cells of the section's tables
  std::istringstream lines(text.substr(from, text.find("\n## ", from + 1) - from));
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("| ", 0) == 0) first_column += line.substr(0, line.find(" |", 2)) + "\n";

  std::set<std::string> names;
  for (const auto& c : view_.commands().commands()) {
    EXPECT_TRUE(names.insert(c.name).second) << c.name << " is in the table twice";
    EXPECT_TRUE(static_cast<bool>(c.run)) << c.name << " has no handler";
    EXPECT_FALSE(c.description.empty()) << c.name;
    for (const auto& k : c.keys)
      EXPECT_NE(first_column.find(readme_key(k)), std::string::npos)
          << "README's key table does not list " << readme_key(k) << " (" << c.name << ")";
  }
  for (const char* live : {"shell", "detail", "logs-screen", "deploy", "action.reboot"})
    EXPECT_TRUE(names.count(live)) << live;
  // Every key in the map belongs to a command of the table: nothing bound without a handler.
  for (const auto& b : view_.keys().bindings()) EXPECT_TRUE(view_.commands().find(b.command)) << b.key;
  // Every palette command is in the README's key section as `:word`.
  std::string section = text.substr(from, text.find("\n## ", from + 1) - from);
  for (const auto* c : view_.palette().commands())
    EXPECT_NE(section.find("`:" + c->word), std::string::npos) << "README does not list :" << c->word;
}

TEST_F(ConsoleWiring, PaletteViewsAreHandledOnceTheSessionIsUp) {
  auto parts = start(options_);
  ASSERT_TRUE(parts->live);
  for (const char* word : {"ecs", "sqs", "params", "secrets", "lightsail", "runbooks", "alarm cpu-high"}) {
    ASSERT_EQ(view_.top_screen(), nullptr) << word;
    view_.run_command(std::string(":") + word);
    EXPECT_NE(view_.top_screen(), nullptr) << ":" << word << " pushed no view";
    while (view_.top_screen()) view_.pop_screen();
  }
  view_.run_command(":logs /demo/app");
  EXPECT_NE(view_.status().text().find("following /demo/app"), std::string::npos) << view_.status().text();
  // `:sg` asks EC2 (which this peer refuses) and says what came back on the status line.
  int before = server_.request_count();
  view_.run_command(":sg");
  EXPECT_NE(view_.status().text().find("security groups"), std::string::npos) << view_.status().text();
  // The answer is the status line naming both the view and the refusal (other refused
  // calls of the panes may say InvalidAction first).
  EXPECT_TRUE(pump([&] {
    const std::string& s = view_.status().text();
    return s.find("security groups") != std::string::npos && s.find("InvalidAction") != std::string::npos;
  })) << view_.status().text();
  EXPECT_GT(server_.request_count(), before);
}

// `:metric` checks its words before asking anything; a good one pushes a graph whose
// failure (this peer refuses GetMetricData) is said in the graph. `m` on an instance row
// shows its standard metrics; on a row without any it says what to do instead.
TEST_F(ConsoleWiring, MetricWordsAreCheckedAndMShowsTheRowsStandardMetrics) {
  auto parts = start(options_);
  ASSERT_TRUE(parts->live);
  view_.run_command(":metric AWS/EC2 CPUUtilization InstanceId");
  EXPECT_EQ(view_.top_screen(), nullptr);
  EXPECT_NE(view_.status().text().find(":metric: \"InstanceId\" is neither DIM=VALUE"), std::string::npos)
      << view_.status().text();
  view_.run_command(":metric AWS/EC2 CPUUtilization InstanceId=i-0c45aa11 Maximum");
  ASSERT_NE(view_.top_screen(), nullptr);
  EXPECT_TRUE(pump([&] { return screen().find("UnknownOperation") != std::string::npos; })) << screen();
  EXPECT_NE(screen().find("AWS/EC2 CPUUtilization InstanceId=i-0c45aa11 (Maximum)"), std::string::npos) << screen();
  view_.pop_screen();
  ASSERT_TRUE(pump([&] { return screen().find("clinic-api") != std::string::npos; })) << screen();
  view_.on_key(ui::KeyEvent::character('m'));
  ASSERT_NE(view_.top_screen(), nullptr);
  std::string s = screen();
  EXPECT_NE(s.find("Metrics clinic-api (i-0c45aa11)"), std::string::npos) << s;
  EXPECT_NE(s.find("CPUUtilization (Average)"), std::string::npos) << s;
  EXPECT_NE(s.find("StatusCheckFailed (Maximum)"), std::string::npos) << s;
  ASSERT_NE(view_.top_screen()->selected_document(), nullptr);
  EXPECT_EQ((*view_.top_screen()->selected_document())["Dimensions"][0]["Value"], "i-0c45aa11");
  view_.pop_screen();
  view_.on_key(ui::KeyEvent::of(ui::Key::Tab));  // Databases: no rows here
  view_.on_key(ui::KeyEvent::character('m'));
  EXPECT_EQ(view_.top_screen(), nullptr);
  EXPECT_NE(view_.status().text().find("select a row first"), std::string::npos) << view_.status().text();
  parts->shutdown();
}

TEST_F(ConsoleWiring, ARowTravelsFromTheHttpResponseToThePaneAndToItsDocument) {
  auto parts = start(options_);
  ASSERT_TRUE(parts->live);
  ASSERT_TRUE(pump([&] { return screen().find("clinic-api") != std::string::npos; })) << screen();
  // The row has its id and, from SSM, how `s` will connect.
  EXPECT_NE(screen().find("i-0c45aa11"), std::string::npos) << screen();
  EXPECT_NE(screen().find("Online"), std::string::npos) << screen();
  EXPECT_EQ(view_.header().region, "eu-west-1");
  EXPECT_EQ(parts->live->session()->region(), "eu-west-1");
  // `d` opens the row's document, which is what EC2 sent.
  EXPECT_NE(view_.on_key(ui::KeyEvent::character('d')), ui::Outcome::Ignored);
  ASSERT_TRUE(view_.detail_open());
  std::string detail = screen();
  EXPECT_NE(detail.find("i-0c45aa11"), std::string::npos) << detail;
  EXPECT_NE(detail.find("10.0.1.5"), std::string::npos) << detail;
  view_.on_key(ui::KeyEvent::of(ui::Key::Escape));
  EXPECT_FALSE(view_.detail_open());
  // Other services refused the calls: the status line names the AWS error code.
  EXPECT_TRUE(pump([&] { return screen().find("InvalidAction") != std::string::npos ||
                                screen().find("UnknownOperation") != std::string::npos; }))
      << screen();
  parts->shutdown();
}

TEST_F(ConsoleWiring, YCopiesTheSelectedIdThroughTheTerminalAndSaysSo) {
  auto parts = start(options_);
  ASSERT_TRUE(parts->live);
  // Without a terminal there is nowhere to copy to, and it says so.
  ASSERT_TRUE(pump([&] { return screen().find("clinic-api") != std::string::npos; })) << screen();
  view_.on_key(ui::KeyEvent::character('y'));
  EXPECT_NE(view_.status().text().find("no terminal clipboard"), std::string::npos) << view_.status().text();
  std::vector<std::string> copied;
  view_.on_copy = [&](const std::string& text) { copied.push_back(text); };
  view_.on_key(ui::KeyEvent::character('y'));
  ASSERT_EQ(copied.size(), 1u);
  EXPECT_EQ(copied[0], "i-0c45aa11");  // the id, not the row key or the name
  EXPECT_NE(view_.status().text().find("copied id i-0c45aa11"), std::string::npos) << view_.status().text();
  // EC2's DescribeInstances has no ARN: Y says so instead of copying another resource's.
  view_.on_key(ui::KeyEvent::character('Y'));
  EXPECT_EQ(copied.size(), 1u);
  EXPECT_NE(view_.status().text().find("no ARN"), std::string::npos) << view_.status().text();
  parts->shutdown();
}

TEST_F(ConsoleWiring, FOnAnInstanceAsksWhereAndRefusesWhatIsNotAPort) {
  auto parts = start(options_);
  ASSERT_TRUE(parts->forward);
  ASSERT_TRUE(pump([&] { return screen().find("clinic-api") != std::string::npos; })) << screen();
  view_.set_clock([] { return std::chrono::steady_clock::now() + std::chrono::hours(1); });  // past the hold
  press(*parts, ui::KeyEvent::character('f'));
  ASSERT_TRUE(parts->forward->modal());
  ui::CellGrid grid(120, 40);
  parts->forward->render(grid, true);
  EXPECT_NE(grid.to_text().find("[HOST:]PORT through clinic-api"), std::string::npos) << grid.to_text();
  type(*parts, "db;reboot:5432");
  press(*parts, ui::KeyEvent::of(ui::Key::Enter));
  EXPECT_FALSE(parts->forward->modal());
  EXPECT_NE(view_.status().text().find("cannot have"), std::string::npos) << view_.status().text();
  EXPECT_TRUE(forwards_.rows().empty());
  // Esc cancels without a forward.
  press(*parts, ui::KeyEvent::character('f'));
  press(*parts, ui::KeyEvent::of(ui::Key::Escape));
  EXPECT_FALSE(parts->forward->modal());
  EXPECT_TRUE(forwards_.rows().empty());
  parts->shutdown();
}

TEST_F(ConsoleWiring, FInReadOnlyModeIsRefusedAndAudited) {
  GlobalOptions o = options_;
  o.readonly = true;
  auto parts = start(o);
  ASSERT_TRUE(parts->forward);
  ASSERT_TRUE(pump([&] { return screen().find("clinic-api") != std::string::npos; })) << screen();
  view_.set_clock([] { return std::chrono::steady_clock::now() + std::chrono::hours(1); });
  press(*parts, ui::KeyEvent::character('f'));
  type(*parts, "5432");
  press(*parts, ui::KeyEvent::of(ui::Key::Enter));
  EXPECT_NE(view_.status().text().find("read-only mode"), std::string::npos) << view_.status().text();
  EXPECT_TRUE(forwards_.rows().empty());
  std::string audit = audit_log();
  EXPECT_NE(audit.find("\"ssm.forward\""), std::string::npos) << audit;
  EXPECT_NE(audit.find("\"refused\""), std::string::npos) << audit;
  parts->shutdown();
}

TEST_F(ConsoleWiring, AForwardWhoseSessionCannotStartIsListedAsFailedWithTheReason) {
  auto parts = start(options_);
  ASSERT_TRUE(pump([&] { return screen().find("clinic-api") != std::string::npos; })) << screen();
  view_.set_clock([] { return std::chrono::steady_clock::now() + std::chrono::hours(1); });
  press(*parts, ui::KeyEvent::character('f'));
  type(*parts, "8080");
  press(*parts, ui::KeyEvent::of(ui::Key::Enter));
  ASSERT_EQ(forwards_.rows().size(), 1u) << view_.status().text();
  EXPECT_NE(view_.status().text().find(":forwards lists it"), std::string::npos) << view_.status().text();
  // This peer refuses StartSession: the forward fails and says why; its session is released.
  ASSERT_TRUE(pump([&] { return forwards_.rows().front().status.state == "failed"; }))
      << forwards_.rows().front().status.state;
  EXPECT_NE(forwards_.rows().front().status.detail.find("StartSession failed: not here"), std::string::npos)
      << forwards_.rows().front().status.detail;
  EXPECT_TRUE(forwards_.sessions_in_use().empty());
  // :forwards shows it; x on a failed forward removes it from the list.
  view_.commands().set_handler("forwards", [&](const std::string&) {
    open_forwards_screen(view_, loop_, forwards_);
    return ui::Outcome::Relayout;
  });
  view_.commands().run("forwards");
  ASSERT_TRUE(pump([&] { return screen().find("Forwards") != std::string::npos; })) << screen();
  EXPECT_NE(screen().find("failed"), std::string::npos) << screen();
  EXPECT_EQ(forwards_.rows().front().entry.remote, "8080 on the instance");
  press(*parts, ui::KeyEvent::character('x'));
  EXPECT_TRUE(forwards_.rows().empty());
  parts->shutdown();
}

TEST_F(ConsoleWiring, TheOverlayStackPutsTheMfaQuestionOnTop) {
  auto parts = start(options_);
  auto overlays = parts->overlays();
  ASSERT_EQ(overlays.size(), 5u);
  EXPECT_EQ(overlays.back(), parts->mfa.get());
  EXPECT_EQ(overlays[3], parts->forward.get());
  EXPECT_EQ(overlays.front(), parts->triage.get());
  for (auto* o : overlays) EXPECT_FALSE(o->modal());
}

TEST_F(ConsoleWiring, ANewSessionThatCannotOpenMakesTheOldCommandsSayWhy) {
  auto first = start(options_);
  ASSERT_TRUE(first->live);
  ASSERT_TRUE(pump([&] { return screen().find("clinic-api") != std::string::npos; })) << screen();
  first->shutdown();
  GlobalOptions no_region = options_;
  no_region.region.clear();  // and none in the environment or the (missing) AWS config
  auto second = start(no_region);
  EXPECT_FALSE(second->live);
  int requests = server_.request_count();
  for (char key : {'s', 'd', 'L', 'D', 'R'}) {
    view_.on_key(ui::KeyEvent::character(static_cast<char32_t>(key)));
    EXPECT_NE(screen().find("region"), std::string::npos) << key << "\n" << screen();
    EXPECT_FALSE(view_.detail_open()) << key;
    EXPECT_EQ(view_.top_screen(), nullptr) << key;
  }
  loop_.run_once(std::chrono::milliseconds(50));
  EXPECT_EQ(server_.request_count(), requests);
}

}  // namespace
}  // namespace opsdeck::app
