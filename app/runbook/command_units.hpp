#pragma once
// The logical commands of a shell block, each with the comment lines that introduce it
// and its place in the block. A logical command spans every line it needs: backslash
// continuations, a line ending in `|`, `&&` or `||`, quotes left open across lines, the
// bodies of here-documents and compound commands (`if … fi`, `for … done`, `case … esac`,
// `{ … }`, `( … )`). Lines that are only `or` / `# or` / `# alternatively` separate two
// alternatives and are recorded on the command after them. In a prompted transcript
// (`$ cmd` followed by output) only the prompted lines are commands. Pure function.

#include <string>
#include <string_view>
#include <vector>

namespace opsdeck::app::runbook {

struct CommandUnit {
  int line = 0;                       // 0-based index (within the block) of its first line
  int end_line = 0;                   // 0-based index of its last line
  int comment_line = -1;              // 0-based index of the first comment line above it
  std::string text;                   // its lines as written (a `$ ` prompt removed)
  std::vector<std::string> comments;  // the comment lines directly above it, without '#'
  std::string trailing_comment;       // `cmd   # comment` on its first line, without '#'
  bool blank_before = false;          // a blank line stands between it and the unit before
  bool or_before = false;             // an "or" separator stands between it and the unit before
};

// `prompted`: a transcript — lines without a `$ ` prompt are output, not commands.
std::vector<CommandUnit> split_command_units(std::string_view code, bool prompted);

// True for a block whose first command line carries a `$ ` prompt, or a console /
// shell-session block (the same test runnable_script() applies).
bool is_prompted_block(std::string_view lang, std::string_view code);

}  // namespace opsdeck::app::runbook
