// UserMessage (app/user_message.hpp): made from errors in one place, printed by the CLI
// with the "opsdeck: " prefix exactly once, shown on the console's status line as summary
// and hint on one line (no prefix, no line ending, so no visible "␊").
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "app/console/console_view.hpp"
#include "app/console/screens/list_screen.hpp"
#include "app/resources/queues.hpp"
#include "app/console/status_message.hpp"
#include "app/message_printer.hpp"
#include "app/user_message.hpp"

using namespace opsdeck;
using app::MessageSeverity;
using app::UserMessage;

namespace {

const std::string kLineFeedPicture = "␊";

aws::Error denied() {
  aws::Error e;
  e.kind = aws::ErrorKind::Aws;
  e.code = "AccessDeniedException";
  e.http_status = 400;
  e.message = "User is not authorized to perform ecs:ListClusters";
  e.request_id = "req-1";
  e.operation = "ecs:ListClusters";
  e.endpoint = "http://127.0.0.1:1";
  e.hint = "ask for ecs:ListClusters";
  return e;
}

// An error whose text ends with a line break and already carries the CLI's prefix (as
// text that went through the printer once does).
aws::Error prefixed_with_newline() {
  return aws::make_error(aws::ErrorKind::Usage, "opsdeck: config /x.json: line 3: bad value\n",
                         "fix the file");
}

int count(const std::string& s, const std::string& what) {
  int n = 0;
  for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at + what.size())) ++n;
  return n;
}

}  // namespace

TEST(UserMessage, FromErrorKeepsTheSummaryAndTheHint) {
  UserMessage m = app::from_error(denied());
  EXPECT_EQ(m.severity, MessageSeverity::Error);
  EXPECT_EQ(m.summary,
            "ecs:ListClusters at http://127.0.0.1:1: AccessDeniedException (HTTP 400): User is not "
            "authorized to perform ecs:ListClusters [request id req-1]");
  EXPECT_EQ(m.hint, "ask for ecs:ListClusters");
  // The CLI line is what Error::describe() always printed, prefixed.
  EXPECT_EQ(app::cli_text(m), "opsdeck: " + denied().describe() + "\n");
}

TEST(UserMessage, FromErrorGivesADefaultHintOnlyWhereItFits) {
  aws::Error creds = aws::make_error(aws::ErrorKind::Credentials, "no credentials found");
  EXPECT_NE(app::from_error(creds).hint.find("AWS_ACCESS_KEY_ID"), std::string::npos);

  aws::Error remote = aws::make_error(aws::ErrorKind::Parse, "not XML");
  remote.operation = "ec2:DescribeInstances";
  EXPECT_NE(app::from_error(remote).hint.find("--endpoint-url"), std::string::npos);

  // A runbook's script that is not valid bash is not the endpoint's fault.
  aws::Error local = aws::make_error(aws::ErrorKind::Parse, "not valid bash at line 2: unexpected )");
  EXPECT_EQ(app::from_error(local).hint, "");

  aws::Error own = aws::make_error(aws::ErrorKind::Credentials, "expired", "run aws sso login");
  EXPECT_EQ(app::from_error(own).hint, "run aws sso login");
}

TEST(UserMessage, ConstructorsDropThePrefixAndTrailingLineBreaks) {
  UserMessage m = UserMessage::warning("opsdeck: opsdeck: disk nearly full \r\n\n", "free some space\n");
  EXPECT_EQ(m.severity, MessageSeverity::Warning);
  EXPECT_EQ(m.summary, "disk nearly full");
  EXPECT_EQ(m.hint, "free some space");
  EXPECT_EQ(UserMessage::info("ok").severity, MessageSeverity::Info);
  EXPECT_EQ(UserMessage::error("bad").severity, MessageSeverity::Error);
  EXPECT_EQ(UserMessage::error("bad").about("deploy api").summary, "deploy api: bad");
}

TEST(MessagePrinter, AddsThePrefixExactlyOnce) {
  EXPECT_EQ(app::cli_text(app::from_error(prefixed_with_newline())),
            "opsdeck: config /x.json: line 3: bad value — fix the file\n");
  // Even a message put together by hand, prefix and line break included.
  UserMessage by_hand{MessageSeverity::Error, "opsdeck: boom\n", ""};
  EXPECT_EQ(app::cli_text(by_hand), "opsdeck: boom\n");
  EXPECT_EQ(app::cli_text(UserMessage::warning("Lightsail skipped")), "opsdeck: warning: Lightsail skipped\n");
  EXPECT_EQ(app::cli_text(UserMessage::info("connecting"), "\r\n"), "opsdeck: connecting\r\n");
  EXPECT_EQ(app::cli_line(UserMessage::info("step 2 stopped")), "opsdeck: step 2 stopped");
}

TEST(MessagePrinter, ACommandNamesItselfAfterOpsdeckAndTheRestIsTheSame) {
  EXPECT_EQ(app::cli_line(UserMessage::warning("opsdeck: unknown option"), "ssh"), "opsdeck ssh: warning: unknown option");
  EXPECT_EQ(app::cli_text(UserMessage::error("no command given", "opsdeck ssm run I -- C"), "\n", "ssm run"),
            "opsdeck ssm run: no command given — opsdeck ssm run I -- C\n");
  // Remote text in a command's message is as inert as anywhere else.
  std::string line = app::cli_line(UserMessage::error("host said \x1b[2Jhi\nforged"), "ssh");
  EXPECT_EQ(line.find('\x1b'), std::string::npos) << line;
  EXPECT_EQ(line.find('\n'), std::string::npos) << line;
}

TEST(MessagePrinter, RemoteTextCannotForgeALineOrDriveTheTerminal) {
  aws::Error e = denied();
  e.message = "denied\nopsdeck: all good\x1b[2J";
  std::string text = app::cli_text(app::from_error(e));
  EXPECT_EQ(count(text, "\n"), 1) << text;
  EXPECT_EQ(text.back(), '\n');
  EXPECT_EQ(count(text, "opsdeck: "), 2) << text;  // the real prefix, and the remote text after a "␊"
  EXPECT_EQ(text.rfind("opsdeck: ", 0), 0u);
  EXPECT_NE(text.find("denied" + kLineFeedPicture + "opsdeck: all good␛[2J"), std::string::npos) << text;
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
}

TEST(MessagePrinter, PrintMessageWritesTheLineToTheGivenFile) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  app::print_message(app::from_error(prefixed_with_newline()), f);
  std::rewind(f);
  char buf[256] = {};
  std::size_t n = std::fread(buf, 1, sizeof buf - 1, f);
  std::fclose(f);
  EXPECT_EQ(std::string(buf, n), "opsdeck: config /x.json: line 3: bad value — fix the file\n");
}

TEST(StatusMessage, StatusTextHasNoPrefixNoLineBreakAndNoHint) {
  UserMessage m = app::from_error(prefixed_with_newline());
  EXPECT_EQ(m.status_text(), "config /x.json: line 3: bad value");
  EXPECT_EQ(m.line(), "config /x.json: line 3: bad value — fix the file");
  // A line break inside the text becomes a space on one-line views.
  EXPECT_EQ(UserMessage::error("a\nb\r\nc").status_text(), "a b c");
  EXPECT_EQ(app::status_severity(MessageSeverity::Warning), ui::Severity::Warn);
  EXPECT_EQ(app::status_severity(MessageSeverity::Info), ui::Severity::Info);
}

// An error's line ending must not reach the status line (the sanitiser would show it as a
// visible "␊"), nor must the CLI's prefix.
TEST(StatusMessage, TheConsoleStatusLineNeverShowsALineFeedPictureOrThePrefix) {
  app::ConsoleView v(app::HeaderInfo{});
  app::show_message(v.status(), app::from_error(prefixed_with_newline()).about("Instances"));
  EXPECT_EQ(v.status().text(), "Instances: config /x.json: line 3: bad value — fix the file");
  EXPECT_EQ(v.status().severity(), ui::Severity::Error);
  ui::CellGrid g(120, 24);
  v.render(g, "06:00 UTC", 0, true);
  std::string screen = g.to_text();
  EXPECT_NE(screen.find("Instances: config /x.json: line 3: bad value"), std::string::npos) << screen;
  EXPECT_EQ(screen.find(kLineFeedPicture), std::string::npos) << screen;
  EXPECT_EQ(screen.find("opsdeck: "), std::string::npos) << screen;
}

TEST(StatusMessage, AScreenThatAskedShowsSummaryAndHintOnOneLine) {
  app::ConsoleView v(app::HeaderInfo{});
  app::ScreenEnv env;
  env.view = &v;
  env.post = [](std::function<void()> f) { f(); };
  auto screen = std::make_shared<app::TableScreen>("Queues", std::vector<ui::Column>{{"NAME", 20}},
                                                   app::ResourceType::SqsQueue);
  v.push_screen(screen);
  auto done = app::deliver_snapshot(env, std::weak_ptr<app::TableScreen>(screen), app::queue_list());
  aws::Error e = prefixed_with_newline();
  done(aws::Result<app::Snapshot>(e));
  ui::CellGrid g(160, 24);
  v.render(g, "06:00 UTC", 0, true);
  std::string text = g.to_text();
  EXPECT_NE(text.find("queues: config /x.json: line 3: bad value — fix the file"), std::string::npos) << text;
  EXPECT_EQ(text.find(kLineFeedPicture), std::string::npos) << text;
  EXPECT_EQ(text.find("opsdeck: "), std::string::npos) << text;
}
