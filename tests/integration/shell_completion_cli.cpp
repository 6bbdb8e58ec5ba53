// The completion scripts the binary prints (`opsdeck completion bash|zsh|fish`) run by the
// real shells: each parses (bash -n, zsh -n, fish -n), and each completes subcommands,
// nested subcommands, options and listed values, and the files the build generated for
// installation are exactly what the binary prints (they cannot drift from the CLI).

#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "tests/support/child_process.hpp"

namespace opsdeck {
namespace {

using testing::read_file;
using testing::run_command;
using testing::TempDir;
using testing::write_file;
namespace fs = std::filesystem;

class ShellCompletion : public ::testing::Test {
 protected:
  std::string script(const std::string& shell) {
    auto r = run_command({OPSDECK_BINARY, "completion", shell});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    auto path = dir_.path() / ("opsdeck." + shell);
    write_file(path, r.out);
    return path.string();
  }

  // COMPREPLY of bash's completion function for the words typed (the last is being completed).
  std::string bash_complete(const std::string& file, const std::string& words) {
    std::string program = "source '" + file + "'; COMP_WORDS=(" + words +
                          "); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _opsdeck; printf '%s\\n' \"${COMPREPLY[@]}\"";
    auto r = run_command({"bash", "-c", program}, {}, aws_files());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  }

  // Shared config files with profiles (and an sso-session, which is not one).
  std::map<std::string, std::string> aws_files() {
    write_file(dir_.path() / "aws-config",
               "[default]\nregion = us-east-1\n[profile clinic-prod]\nregion = eu-west-1\n[sso-session corp]\n");
    write_file(dir_.path() / "aws-credentials", "[ci-deployer]\naws_access_key_id = x\n");
    return {{"AWS_CONFIG_FILE", (dir_.path() / "aws-config").string()},
            {"AWS_SHARED_CREDENTIALS_FILE", (dir_.path() / "aws-credentials").string()}};
  }

  TempDir dir_;
};

TEST_F(ShellCompletion, EveryScriptParsesInItsShell) {
  for (const std::string shell : {"bash", "zsh", "fish"}) {
    auto r = run_command({shell, "-n", script(shell)});
    EXPECT_EQ(r.exit_code, 0) << shell << ": " << r.err;
    EXPECT_EQ(r.err, "") << shell;
  }
  auto bad = run_command({OPSDECK_BINARY, "completion", "tcsh"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("tcsh"), std::string::npos) << bad.err;
}

TEST_F(ShellCompletion, BashCompletesSubcommandsOptionsAndValues) {
  const std::string file = script("bash");
  std::string top = bash_complete(file, "opsdeck ss");
  EXPECT_NE(top.find("ssh\n"), std::string::npos) << top;
  EXPECT_NE(top.find("ssm\n"), std::string::npos) << top;
  EXPECT_EQ(top.find("instances"), std::string::npos) << top;

  std::string nested = bash_complete(file, "opsdeck ssm ''");
  EXPECT_EQ(nested, "run\nsession\nforward\nexec\n");

  std::string options = bash_complete(file, "opsdeck logs --f");
  EXPECT_NE(options.find("--follow\n"), std::string::npos) << options;
  EXPECT_NE(options.find("--filter\n"), std::string::npos) << options;

  EXPECT_EQ(bash_complete(file, "opsdeck logs --output ''"), "text\njson\n");
  EXPECT_EQ(bash_complete(file, "opsdeck completion ''"), "bash\nzsh\nfish\n");
  // A global option's value is skipped: "logs" after --profile is a profile name, not the command.
  std::string after_value = bash_complete(file, "opsdeck --profile logs inst");
  EXPECT_EQ(after_value, "instances\n");
  EXPECT_EQ(bash_complete(file, "opsdeck config ''"), "check\n");
  // Open values the shells help with: profiles from the shared files, known regions.
  EXPECT_EQ(bash_complete(file, "opsdeck --profile ''"), "ci-deployer\nclinic-prod\ndefault\n");
  EXPECT_EQ(bash_complete(file, "opsdeck --region eu-central-"), "eu-central-1\neu-central-2\n");
}

TEST_F(ShellCompletion, ZshCompletesSubcommandsOptionsAndValues) {
  const std::string file = script("zsh");
  // Outside compsys: the completion builtins are stood in for by functions that print
  // what they were given (names before the ':' of _describe's "name:description").
  auto complete = [&](const std::string& words, int current) {
    std::string program =
        "_describe() { local -a arr; arr=(\"${(@P)${@[-1]}}\"); print -l -- \"${arr[@]%%:*}\"; }\n"
        "compadd() { shift; print -l -- \"$@\"; }\n"
        "_files() { print FILES; }\n"
        "source '" + file + "' >/dev/null\n"
        "words=(" + words + "); CURRENT=" + std::to_string(current) + "; _opsdeck\n";
    auto r = run_command({"zsh", "-f", "-c", program});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  };
  EXPECT_EQ(complete("opsdeck ssm ''", 3), "run\nsession\nforward\nexec\n");
  EXPECT_EQ(complete("opsdeck logs --output ''", 4), "text\njson\n");
  EXPECT_EQ(complete("opsdeck runbook ''", 3), "FILES\n");
  std::string after_value = complete("opsdeck --profile logs ''", 4);
  EXPECT_EQ(after_value.rfind("instances\n", 0), 0u) << after_value;
  std::string options = complete("opsdeck deploy --", 3);
  EXPECT_NE(options.find("--no-health\n"), std::string::npos) << options;
  EXPECT_NE(options.find("--help\n"), std::string::npos) << options;
}

TEST_F(ShellCompletion, FishCompletesSubcommandsAndOptions) {
  const std::string file = script("fish");
  auto complete = [&](const std::string& line) {
    auto r = run_command({"fish", "--no-config", "-c", "source '" + file + "'; complete -C '" + line + "'"}, {},
                         aws_files());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  };
  std::string top = complete("opsdeck doc");
  EXPECT_NE(top.find("doctor\tCheck this machine"), std::string::npos) << top;
  std::string nested = complete("opsdeck ssm ");
  EXPECT_NE(nested.find("run\t"), std::string::npos) << nested;
  EXPECT_EQ(nested.find("instances"), std::string::npos) << nested;
  std::string values = complete("opsdeck logs --output ");
  EXPECT_NE(values.find("json"), std::string::npos) << values;
  std::string opts = complete("opsdeck deploy --");
  EXPECT_NE(opts.find("--no-health"), std::string::npos) << opts;
  std::string profiles = complete("opsdeck --profile ");
  EXPECT_NE(profiles.find("clinic-prod"), std::string::npos) << profiles;
  EXPECT_NE(profiles.find("ci-deployer"), std::string::npos) << profiles;
  EXPECT_EQ(profiles.find("corp"), std::string::npos) << profiles;
}

TEST_F(ShellCompletion, TheInstalledFilesAreWhatTheBinaryPrints) {
  const fs::path generated = fs::path(OPSDECK_BINARY).parent_path() / "generated";
  for (const auto& [shell, name] : {std::pair{"bash", "opsdeck.bash"}, std::pair{"zsh", "_opsdeck"},
                                    std::pair{"fish", "opsdeck.fish"}}) {
    ASSERT_TRUE(fs::exists(generated / name)) << generated / name;
    EXPECT_EQ(read_file(generated / name), read_file(script(shell))) << name << " is stale: rebuild";
  }
}

}  // namespace
}  // namespace opsdeck
