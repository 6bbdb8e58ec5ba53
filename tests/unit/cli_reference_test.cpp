// The command line as data (app/cli_reference.hpp) and what is generated from it: the
// completion scripts and the man page. The scripts are run by real shells in
// integration.shell_completion_cli, the man page by groff in integration.man_page_cli.

#include <gtest/gtest.h>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "app/cli.hpp"
#include "app/cli_reference.hpp"
#include "app/completion_script.hpp"
#include "app/exit_codes.hpp"
#include "app/man_page.hpp"

namespace opsdeck::app {
namespace {

std::string readme() {
  std::ifstream in(std::string(OPSDECK_SOURCE_DIR) + "/README.md");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const CliCommand* find(const CliCommand& c, const std::string& name) {
  for (const auto& s : c.subcommands)
    if (s.name == name) return &s;
  return nullptr;
}

const CliOption* option(const CliCommand& c, const std::string& name) {
  for (const auto& o : c.options)
    if (std::find(o.names.begin(), o.names.end(), name) != o.names.end() || o.positional == name) return &o;
  return nullptr;
}

TEST(CliReference, ReadsSubcommandsOptionsChoicesAndFootersFromTheDefinition) {
  CLI::App app{"test app", "t"};
  std::string out, file;
  int count = 0;
  bool yes = false;
  std::vector<std::string> vars;
  auto* sub = app.add_subcommand("run", "Run a thing");
  sub->add_option("--output,-o", out, "table|json")->check(CLI::IsMember({"table", "json"}));
  sub->add_option("--var", vars, "K=V");
  sub->add_option("count", count, "How many")->required()->check(CLI::Range(0, 9));
  sub->add_flag("--yes", yes, "Do not ask");
  sub->footer("Exit: 0 done.");
  auto* hidden = app.add_subcommand("secret", "not shown");
  hidden->group("");

  CliCommand ref = describe_cli(app);
  ASSERT_EQ(ref.subcommands.size(), 1u);  // the hidden one is left out
  const CliCommand& run = ref.subcommands[0];
  EXPECT_EQ(run.full_name(), "opsdeck run");
  EXPECT_EQ(run.footer, "Exit: 0 done.");
  const CliOption* o = option(run, "--output");
  ASSERT_TRUE(o);
  EXPECT_EQ(o->names, (std::vector<std::string>{"--output", "-o"}));
  EXPECT_EQ(o->choices, (std::vector<std::string>{"table", "json"}));
  EXPECT_FALSE(o->is_flag());
  ASSERT_TRUE(option(run, "--yes"));
  EXPECT_TRUE(option(run, "--yes")->is_flag());
  EXPECT_FALSE(option(run, "--help"));
  EXPECT_TRUE(option(run, "--var")->repeatable);
  ASSERT_EQ(run.positionals().size(), 1u);
  EXPECT_EQ(run.positionals()[0]->synopsis(), "COUNT");
  EXPECT_TRUE(run.positionals()[0]->required);
  EXPECT_TRUE(run.positionals()[0]->choices.empty());
}

TEST(CliReference, OpsdecksOwnCommandLineHasEveryCommand) {
  CliCommand cli = cli_reference();
  for (const char* name : {"instances", "logs", "runbook", "ssm", "ssh", "deploy", "scale", "snapshot", "doctor",
                           "config", "completion"})
    EXPECT_TRUE(find(cli, name)) << name;
  ASSERT_TRUE(find(cli, "ssm"));
  EXPECT_TRUE(find(*find(cli, "ssm"), "run"));
  ASSERT_TRUE(find(cli, "config"));
  EXPECT_TRUE(find(*find(cli, "config"), "check"));
  EXPECT_TRUE(option(cli, "--profile"));
  EXPECT_TRUE(option(cli, "--version"));
  ASSERT_TRUE(find(cli, "logs"));
  EXPECT_EQ(option(*find(cli, "logs"), "--output")->choices, (std::vector<std::string>{"text", "json"}));
  EXPECT_EQ(option(*find(cli, "completion"), "shell")->choices, (std::vector<std::string>{"bash", "zsh", "fish"}));
}

TEST(CompletionScript, EveryShellGetsEveryLevelOfTheCommandLine) {
  CliCommand cli = cli_reference();
  std::string bash = completion_script(cli, Shell::Bash);
  EXPECT_NE(bash.find("complete -o filenames -F _opsdeck opsdeck"), std::string::npos);
  EXPECT_NE(bash.find("'/ssm/run'"), std::string::npos);
  EXPECT_NE(bash.find("'/logs --output') COMPREPLY=($(compgen -W 'text json'"), std::string::npos);
  std::string zsh = completion_script(cli, Shell::Zsh);
  EXPECT_EQ(zsh.rfind("#compdef opsdeck\n", 0), 0u);
  EXPECT_NE(zsh.find("'doctor:Check this machine'"), std::string::npos);
  std::string fish = completion_script(cli, Shell::Fish);
  EXPECT_NE(fish.find("complete -c opsdeck -n '__opsdeck_at \\'/ssm\\'' -a 'run'"), std::string::npos);
  EXPECT_NE(fish.find("-l output -s o -x -a 'text json'"), std::string::npos);
  EXPECT_EQ(shell_named("tcsh"), std::nullopt);
}

TEST(ManPage, HoldsEverySubcommandTheExitCodesAndTheReadmeKeys) {
  auto keys = console_key_rows(readme());
  ASSERT_GE(keys.size(), 10u);
  EXPECT_EQ(keys.front().first, "`j` / `k`, arrows");
  std::string page = man_page(cli_reference(), keys, "9.9.9");
  EXPECT_EQ(page.find(".TH OPSDECK 1"), page.find('\n') + 1);
  for (const char* section : {".SH SYNOPSIS", ".SH DESCRIPTION", ".SH GLOBAL OPTIONS", ".SH COMMANDS",
                              ".SH CONSOLE KEYS", ".SH ENVIRONMENT", ".SH FILES", ".SH EXIT STATUS"})
    EXPECT_NE(page.find(section), std::string::npos) << section;
  EXPECT_NE(page.find(".SS \"opsdeck ssm run\""), std::string::npos);
  EXPECT_NE(page.find("Exit: 0 done; 1 AWS error; 4 no such cluster or service; 5 refused."), std::string::npos);
  EXPECT_NE(page.find("\\fB\\-\\-output\\fR, \\fB\\-o\\fR \\fITEXT\\fR"), std::string::npos);
  EXPECT_NE(page.find(".TP\n\\fBs\\fR\n"), std::string::npos);  // the console's `s`
  // Non-ASCII goes as groff escapes (groff reads Latin-1 without preconv).
  EXPECT_NE(page.find("\\[u2014]"), std::string::npos);
  EXPECT_EQ(std::count_if(page.begin(), page.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; }), 0);
  for (const auto& e : documented_exit_codes())
    EXPECT_NE(page.find(std::string(".TP\n\\fB") + e.code + "\\fR\n"), std::string::npos) << e.code;
  EXPECT_NE(man_page(cli_reference(), {}, "1").find("Press \\fB?\\fR"), std::string::npos);
}

TEST(ExitCodes, ReadmeTableIsTheDocumentedList) {
  std::string text = readme();
  auto from = text.find("### Exit codes");
  ASSERT_NE(from, std::string::npos);
  std::istringstream lines(text.substr(from, text.find("\n\n", text.find("| code |", from)) - from));
  std::vector<std::pair<std::string, std::string>> rows;
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("| ", 0) != 0 || line.rfind("| code", 0) == 0) continue;
    auto split = line.find(" | ", 2);
    rows.emplace_back(line.substr(2, split - 2), line.substr(split + 3, line.size() - split - 5));
  }
  const auto& codes = documented_exit_codes();
  ASSERT_EQ(rows.size(), codes.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].first, codes[i].code);
    EXPECT_EQ(rows[i].second, codes[i].meaning);
  }
  EXPECT_EQ(std::string(codes[7].code), std::to_string(kExitCheckFailed));
}

}  // namespace
}  // namespace opsdeck::app
