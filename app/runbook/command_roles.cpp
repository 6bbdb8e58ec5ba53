#include "app/runbook/command_roles.hpp"

#include <set>
#include <string_view>

namespace opsdeck::app::runbook {

namespace {

using Args = std::vector<CommandWord>;
using Names = std::set<std::string, std::less<>>;

std::string_view base_name(std::string_view w) {
  auto slash = w.rfind('/');
  return slash == std::string_view::npos ? w : w.substr(slash + 1);
}

bool is_short_option(std::string_view a) { return a.size() > 1 && a[0] == '-' && a[1] != '-'; }

// Programs whose standard input stays data: what they read is copied, counted, searched or
// encoded, never run.
const Names& data_readers() {
  static const Names k = {"cat",    "tee",  "head",   "tail",      "wc",        "sort",   "uniq",
                          "grep",   "egrep", "fgrep", "cut",       "tr",        "base64", "sha256sum",
                          "sha1sum", "md5sum", "column", "jq",     "dd",        "cmp",    "diff",
                          "less",   "more",  "fold",  "nl",        "rev",       "tac",    "od",
                          "xxd",    "hexdump", "gzip", "zcat",     "logger"};
  return k;
}

// Programs that only print, search or report: a shell's name among their arguments is data.
const Names& never_executes() {
  static const Names k = {"echo",    "printf",    "grep",      "egrep",      "fgrep",  "rg",
                          "pgrep",   "pkill",     "ps",        "which",      "type",   "man",
                          "whatis",  "apropos",   "systemctl", "journalctl", "logger", "apt",
                          "apt-get", "apt-cache", "dpkg",      "yum",        "dnf",    "rpm",
                          "ls",      "cat",       "file",      "stat",       "chsh",   "killall"};
  return k;
}

// Builtins that parse their arguments as shell code.
const Names& code_builtins() {
  static const Names k = {"eval", "source",   ".",       "trap", "alias",
                          "bind", "complete", "compgen", "fc"};
  return k;
}

// Programs whose following words become a command line another shell parses.
const Names& rest_is_code() {
  static const Names k = {"watch", "su", "runuser", "parallel", "tmux", "screen", "script",
                          "expect", "flock", "sg", "at", "batch", "byobu", "dtach",
                          // remote paths go through the remote shell; -e is a command
                          "scp", "rsync"};
  return k;
}

class Classifier {
 public:
  explicit Classifier(const Args& args) {
    for (const auto& w : args) {
      a_.push_back(w.text);
      option_.push_back(!w.text && w.may_be_option);
    }
    out_.roles.assign(args.size(), kData);
    out_.why.assign(args.size(), std::string());
  }

  CommandRoles run() {
    std::size_t head = 0;
    while (head < a_.size() && (word(head) == "command" || word(head) == "builtin")) ++head;
    if (head >= a_.size()) return out_;
    std::string_view h = word(head);
    if (code_builtins().count(h)) {
      code_from(head + 1, std::string(h));
      return out_;
    }
    name_builtin(head, h);
    {
      std::size_t c = head;  // the command itself, looking through sudo/doas and their options
      while (c < a_.size() && a_[c] &&
             (base_name(*a_[c]) == "sudo" || base_name(*a_[c]) == "doas" || (c > head && a_[c]->starts_with("-"))))
        ++c;
      if (c < a_.size() && a_[c] && data_readers().count(base_name(*a_[c]))) out_.stdin_is_data = true;
    }
    if (never_executes().count(base_name(h))) return out_;
    for (std::size_t i = head; i < a_.size(); ++i) {
      if (!a_[i]) continue;
      std::string_view b = base_name(*a_[i]);
      if (is_shell_name(b)) {
        shell(i, b);
      } else if (b == "ssh" || b == "autossh" || b == "mosh") {
        ssh(i, b);
      } else if (rest_is_code().count(b)) {
        code_from(i + 1, std::string(b));
        if (b == "at" || b == "batch" || b == "su" || b == "runuser") stdin_code(std::string(b));
      } else if (b == "xargs") {
        stdin_code("xargs (it splits its input at blanks and quotes)");
      } else if (b == "sudo" || b == "doas") {
        sudo(i, b);
      } else if (b == "env") {
        for (std::size_t j = i + 1; j < a_.size() && a_[j] && a_[j]->starts_with("-"); ++j)
          if (*a_[j] == "-S" || a_[j]->starts_with("--split-string") ||
              (is_short_option(*a_[j]) && a_[j]->find('S') != std::string::npos))
            code_from(j + 1, "env -S");
      } else if (b == "aws") {
        for (std::size_t j = i + 1; j < a_.size(); ++j)
          if (a_[j] && (*a_[j] == "send-command" || *a_[j] == "execute-command" ||
                        *a_[j] == "start-session"))
            code_from(i + 1, "aws " + *a_[j] + " (runs the command remotely through a shell)");
      }
    }
    return out_;
  }

 private:
  std::string_view word(std::size_t i) const {
    return a_[i] ? std::string_view(*a_[i]) : std::string_view();
  }

  void mark(std::size_t i, ArgRole r, const std::string& why) {
    if (i >= a_.size() || (out_.roles[i] & r)) return;
    // The first reason for code is the one worth telling; otherwise the latest.
    if (!(out_.roles[i] & kCode)) out_.why[i] = why;
    out_.roles[i] |= r;
  }
  void code_from(std::size_t i, const std::string& why) {
    for (; i < a_.size(); ++i) mark(i, kCode, why);
  }
  void stdin_code(const std::string& why) {
    if (out_.stdin_is_code) return;
    out_.stdin_is_code = true;
    out_.stdin_why = why;
  }

  // Builtins that take variable names: bash evaluates `a[...]` subscripts in them.
  void name_builtin(std::size_t head, std::string_view h) {
    auto option_then = [&](std::string_view with_value, std::string_view name_opts) {
      for (std::size_t j = head + 1; j < a_.size(); ++j) {
        if (!a_[j]) {
          mark(j, kName, std::string(h));
          continue;
        }
        std::string_view w = *a_[j];
        if (is_short_option(w)) {
          char last = w.back();
          if (name_opts.find(last) != std::string_view::npos) mark(j + 1, kName, std::string(h));
          if (with_value.find(last) != std::string_view::npos ||
              name_opts.find(last) != std::string_view::npos)
            ++j;
          continue;
        }
        mark(j, kName, std::string(h));
      }
    };
    if (h == "unset") {
      option_then("", "");
    } else if (h == "read") {
      option_then("dinNptu", "a");
    } else if (h == "mapfile" || h == "readarray") {
      option_then("dnOsuCc", "");
      for (std::size_t j = head + 1; j + 1 < a_.size(); ++j)
        if (word(j) == "-C") mark(j + 1, kCode, std::string(h) + " -C (a callback bash runs)");
    } else if (h == "getopts") {
      mark(head + 2, kName, "getopts");
    } else if (h == "printf" || h == "wait") {
      for (std::size_t j = head + 1; j + 1 < a_.size(); ++j)
        if (word(j) == (h == "printf" ? "-v" : "-p")) mark(j + 1, kName, std::string(h));
    } else if (h == "test" || h == "[") {
      for (std::size_t j = head + 1; j + 1 < a_.size(); ++j)
        if (word(j) == "-v" || word(j) == "-R") mark(j + 1, kName, std::string(h) + " -v");
    }
  }

  // bash -c SCRIPT [NAME ARGS...]: SCRIPT is code, the words after it are $0 $1 ... (data).
  // Without -c the shell runs a file, or reads code from stdin when there is none.
  void shell(std::size_t i, std::string_view b) {
    bool c = false, s = false;
    std::size_t j = i + 1;
    for (; j < a_.size(); ++j) {
      if (!a_[j] && option_[j]) {
        code_from(j, std::string(b) + " (options that are not literal)");
        return;
      }
      if (!a_[j]) break;
      std::string_view w = *a_[j];
      if (w == "--") {
        ++j;
        break;
      }
      if (w == "-o" || w == "+o" || w == "-O" || w == "+O" || w == "--rcfile" ||
          w == "--init-file") {
        ++j;
        continue;
      }
      if (w.size() > 1 && (w[0] == '-' || w[0] == '+')) {
        if (w[0] == '-' && w[1] != '-') {
          c = c || w.find('c') != std::string_view::npos;
          s = s || w.find('s') != std::string_view::npos;
        }
        continue;
      }
      break;
    }
    if (c) {
      mark(j, kCode, std::string(b) + " -c");
    } else if (j >= a_.size() || s) {
      stdin_code(std::string(b) + " (it reads commands from standard input)");
    }
  }

  // ssh [options] destination [command words...]: the command words are joined with
  // spaces and parsed by the remote login shell.
  void ssh(std::size_t i, std::string_view b) {
    static constexpr std::string_view kWithValue = "BbcDEeFIiJLlmOoPpQRSWw";
    std::size_t j = i + 1;
    for (; j < a_.size(); ++j) {
      if (!a_[j] && option_[j]) {
        mark(j, kHost, std::string(b) + " (an option or the destination)");
        code_from(j, std::string(b) + " (options that are not literal)");
        stdin_code(std::string(b));
        return;
      }
      if (!a_[j]) break;
      std::string_view w = *a_[j];
      if (w == "--") {
        ++j;
        break;
      }
      if (!is_short_option(w)) break;
      for (std::size_t k = 1; k < w.size(); ++k) {
        if (kWithValue.find(w[k]) == std::string_view::npos) continue;
        if (k + 1 == w.size()) {
          mark(j + 1, kHost, std::string(b) + " -" + w[k]);
          ++j;
        }
        break;
      }
    }
    if (j >= a_.size()) {
      stdin_code(std::string(b) + " (the remote shell reads standard input)");
      return;
    }
    mark(j, kHost, std::string(b) + " destination");
    code_from(j + 1, std::string(b) + " (the remote shell parses the command)");
    if (j + 1 >= a_.size()) {
      stdin_code(std::string(b) + " (the remote shell reads standard input)");
      return;
    }
    // ssh host 'sudo tee /etc/x' <<EOF: stdin is data unless the command is a shell.
    for (std::size_t k = j + 1; k < a_.size(); ++k) {
      if (!a_[k]) {
        stdin_code(std::string(b));
        return;
      }
      std::string_view w = *a_[k];
      std::size_t p = 0;
      while (p < w.size()) {
        std::size_t q = w.find_first_of(" \t\n;|&()'\"", p);
        if (q == std::string_view::npos) q = w.size();
        std::string_view t = base_name(w.substr(p, q - p));
        if (is_shell_name(t) || code_builtins().count(t) || rest_is_code().count(t) ||
            t == "xargs" || t == "-s" || t == "-i" || t == "--login" || t == "--shell") {
          stdin_code(std::string(b) + " (the remote command reads code from standard input)");
          return;
        }
        p = q + 1;
      }
    }
  }

  // sudo -s / -i run the command through a shell.
  void sudo(std::size_t i, std::string_view b) {
    static constexpr std::string_view kWithValue = "CDghprtUuTR";
    for (std::size_t j = i + 1; j < a_.size(); ++j) {
      if (!a_[j] && option_[j]) {
        code_from(j, std::string(b) + " (options that are not literal)");
        return;
      }
      if (!a_[j]) return;
      std::string_view w = *a_[j];
      if (w == "--shell" || w == "--login") {
        code_from(j + 1, std::string(b) + " " + std::string(w));
        stdin_code(std::string(b) + " " + std::string(w));
        return;
      }
      if (w.starts_with("--")) continue;
      if (!is_short_option(w)) return;
      for (std::size_t k = 1; k < w.size(); ++k) {
        if (w[k] == 's' || w[k] == 'i') {
          code_from(j + 1, std::string(b) + " -" + w[k]);
          stdin_code(std::string(b) + " -" + w[k]);
          return;
        }
        if (kWithValue.find(w[k]) != std::string_view::npos) {
          if (k + 1 == w.size()) ++j;
          break;
        }
      }
    }
  }

  std::vector<std::optional<std::string>> a_;
  std::vector<bool> option_;  // a word that is not literal and may start with '-'
  CommandRoles out_;
};

}  // namespace

bool is_shell_name(std::string_view word) {
  static const Names k = {"bash", "sh",   "dash", "zsh", "ksh",  "ksh93",   "mksh",  "pdksh", "ash",
                          "yash", "posh", "fish", "csh", "tcsh", "busybox", "rbash", "pwsh"};
  return k.count(word) > 0;
}

CommandRoles classify_command(const std::vector<CommandWord>& args) {
  return Classifier(args).run();
}

}  // namespace opsdeck::app::runbook
