// `opsdeck completion bash|zsh|fish` and `opsdeck manpage`: the shell completions and the
// man page, generated from the command line they are registered in (the build runs both to
// write the files it installs, so they never drift from the definition).

#include <CLI/CLI.hpp>

#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>

#include "app/cli_reference.hpp"
#include "app/commands/command_context.hpp"
#include "app/completion_script.hpp"
#include "app/exit_codes.hpp"
#include "app/man_page.hpp"
#include "app/message_printer.hpp"

namespace opsdeck::app {

void add_reference_commands(CLI::App& cli, CommandContext& ctx) {
  auto shell = std::make_shared<std::string>();
  auto* comp = cli.add_subcommand("completion", "Print the shell completion script for bash, zsh or fish");
  comp->add_option("shell", *shell, "Shell")->required()->check(CLI::IsMember({"bash", "zsh", "fish"}));
  comp->footer(
      "Load it now: source <(opsdeck completion bash); installed copies live in\n"
      "share/bash-completion/completions, share/zsh/site-functions and share/fish/vendor_completions.d.");
  comp->callback([&cli, &ctx, shell] {
    ctx.action = [&cli, shell] {
      std::fputs(completion_script(describe_cli(cli), *shell_named(*shell)).c_str(), stdout);
      return static_cast<int>(kExitOk);
    };
  });

  auto keys_from = std::make_shared<std::string>();
  auto* man = cli.add_subcommand("manpage", "Print the opsdeck(1) manual page (roff)");
  man->add_option("--console-keys", *keys_from,
                  "Markdown file whose '## Keys (console)' table becomes CONSOLE KEYS (the build passes README.md)");
  man->footer("Read it with: opsdeck manpage | man -l -");
  man->callback([&cli, &ctx, keys_from] {
    ctx.action = [&cli, keys_from] {
      std::vector<std::pair<std::string, std::string>> keys;
      if (!keys_from->empty()) {
        std::ifstream in(*keys_from, std::ios::binary);
        if (!in) {
          print_message("manpage", UserMessage::error("cannot read " + *keys_from, "name a readable Markdown file"));
          return static_cast<int>(kExitUsage);
        }
        std::stringstream ss;
        ss << in.rdbuf();
        keys = console_key_rows(ss.str());
        if (keys.empty()) {
          print_message("manpage", UserMessage::error(*keys_from + " has no table under '## Keys (console)'",
                                                      "name the README that documents the console keys"));
          return static_cast<int>(kExitUsage);
        }
      }
      std::fputs(man_page(describe_cli(cli), keys, OPSDECK_VERSION).c_str(), stdout);
      return static_cast<int>(kExitOk);
    };
  });
}

}  // namespace opsdeck::app
