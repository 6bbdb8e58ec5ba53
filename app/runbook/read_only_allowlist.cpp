#include "app/runbook/read_only_allowlist.hpp"

#include <algorithm>
#include <cctype>

#include "app/runbook/command_args.hpp"
#include "app/runbook/tool_read_rules.hpp"

namespace opsdeck::app::runbook {

using namespace command_args;

namespace {

constexpr auto npos = std::string::npos;

std::string changes(const ShellCommand& c, std::string_view what) {
  return c.name() + (what.empty() ? "" : " ") + std::string(what) + " changes something";
}

std::string check_find(const ShellCommand& c) {
  static constexpr std::string_view kTakesValue[] = {
      "-name",      "-iname",       "-path",   "-ipath",    "-wholename", "-iwholename",
      "-regex",     "-iregex",      "-lname",  "-ilname",   "-type",      "-xtype",
      "-user",      "-group",       "-uid",    "-gid",      "-perm",      "-size",
      "-mtime",     "-mmin",        "-atime",  "-amin",     "-ctime",     "-cmin",
      "-newer",     "-anewer",      "-cnewer", "-maxdepth", "-mindepth",  "-links",
      "-inum",      "-samefile",    "-used",   "-fstype",   "-printf",    "-context",
      "-regextype", "-files0-from", "-D",      "-O"};
  const auto& w = c.words;
  for (size_t i = 1; i < w.size(); ++i) {
    const std::string& t = w[i].text;
    if (w[i].known && in(t, {"-delete", "-exec", "-execdir", "-ok", "-okdir", "-fprint", "-fprint0",
                             "-fprintf", "-fls"}))
      return "find " + t +
             (t == "-delete"        ? " deletes files"
              : t.starts_with("-f") ? " writes a file"
                                    : " runs a command");
    if (hidden_option(w[i])) return "`" + t + "` may expand to a find action opsdeck cannot see";
    if (w[i].known && (in(t, kTakesValue) || t.starts_with("-newer"))) ++i;
  }
  return {};
}

std::string check_sort(const ShellCommand& c) {
  return visit(c, 1,
               {"kotST",
                {"--key", "--output", "--field-separator", "--buffer-size", "--temporary-directory",
                 "--compress-program", "--files0-from", "--parallel", "--batch-size", "--sort",
                 "--random-source"}},
               [](const Arg& a) -> std::string {
                 if (in(a.name, {"-o", "--output"})) return "sort -o writes " + a.value;
                 if (a.name == "--compress-program")
                   return "sort --compress-program runs a program";
                 return {};
               });
}

std::string check_date(const ShellCommand& c) {
  return visit(c, 1, {"dfrsI", {"--date", "--file", "--reference", "--set"}},
               [](const Arg& a) -> std::string {
                 if (in(a.name, {"-s", "--set"})) return "date -s sets the clock";
                 if (a.operand() && !(a.known && a.value.starts_with("+")))
                   return "date " + a.value + " sets the clock";
                 return {};
               });
}

std::string check_hostname(const ShellCommand& c) {
  for (size_t i = 1; i < c.words.size(); ++i)
    if (!c.words[i].known ||
        !in(c.words[i].text,
            {"-f", "-I", "-i", "-s", "-d", "-A", "-a", "--fqdn", "--long", "--short", "--domain",
             "--ip-address", "--ip-addresses", "--all-ip-addresses", "--all-fqdns", "--alias"}))
      return "hostname " + c.words[i].text + " sets the host name";
  return {};
}

std::string check_misc(const ShellCommand& c, const std::string& n) {
  if (n == "uniq") {
    int operands = 0;
    auto p = visit(
        c, 1,
        {"fsw", {"--skip-fields", "--skip-chars", "--check-chars", "--all-repeated", "--group"}},
        [&](const Arg& a) {
          return a.operand() && ++operands > 1 ? std::string("uniq INPUT OUTPUT writes a file")
                                               : "";
        });
    return p;
  }
  if (n == "printf")
    return c.words.size() > 1 && (c.words[1].text.starts_with("-v") || hidden_option(c.words[1]))
               ? "printf -v assigns a variable"
               : "";
  if (n == "ping") {
    bool count = false;
    auto p = visit(c, 1, {"cwWiIsltQpMSTFm", {}}, [&](const Arg& a) -> std::string {
      if (a.name == "-c") count = true;
      return a.name == "-f" ? "ping -f floods the network" : "";
    });
    return !p.empty() ? p : count ? "" : "ping runs until stopped unless given -c";
  }
  if (n == "nc" || n == "ncat" || n == "netcat") {
    bool zero = false;
    auto p = visit(c, 1, {"wpsiqxXIOTVMm", {}}, [&](const Arg& a) -> std::string {
      if (a.name == "-z") zero = true;
      if (in(a.name, {"-e", "-c", "-l", "--exec", "--sh-exec", "--lua-exec", "--listen"}))
        return n + " " + a.name + " runs or serves";
      return {};
    });
    return !p.empty() ? p : zero ? "" : n + " without -z sends data";
  }
  if (n == "openssl") {
    std::string sub = word_at(c, 1);
    if (!in(sub, {"s_client", "x509", "version", "verify", "ciphers", "list"}))
      return "openssl " + sub + " is not a read";
    if (sub == "s_client" && c.input.kind != StdinSource::Kind::Inherited &&
        !(c.input.kind == StdinSource::Kind::File && c.input.text == "/dev/null"))
      return "openssl s_client sends its stdin to the server";
    for (const auto& w : c.words)
      if (in(w.text, {"-out", "-sess_out", "-keylogfile", "-msgfile", "-writerand", "-signkey",
                      "-CA", "-CAkey", "-CAcreateserial", "-key", "-new"}))
        return "openssl " + w.text + " writes or signs";
    return {};
  }
  if (n == "less" || n == "more")
    return visit(c, 1, {"bhjkopPtTxyz#", {"--log-file", "--LOG-FILE", "--lesskey-src", "--tag"}},
                 [&](const Arg& a) -> std::string {
                   if (in(a.name, {"-o", "-O", "--log-file", "--LOG-FILE"}))
                     return n + " " + a.name + " writes a file";
                   if (a.operand() && a.value.starts_with("+") &&
                       a.value.find_first_not_of("0123456789GgF/", 1) != npos)
                     return n + " " + a.value + " runs a command";
                   return {};
                 });
  if (n == "file")
    return visit(c, 1, {"emfFP", {}}, [](const Arg& a) {
      return a.name == "-C" || a.name == "--compile" ? std::string("file -C writes a file") : "";
    });
  if (n == "yq")
    return visit(c, 1, {"opIe", {"--output-format", "--input-format", "--indent", "--expression"}},
                 [](const Arg& a) -> std::string {
                   return in(a.name, {"-i", "--inplace", "--in-place", "-s", "--split-exp"})
                              ? "yq " + a.name + " writes files"
                              : "";
                 });
  if (n == "rg")
    return visit(c, 1, {"ABCegjmMtTE", {"--pre", "--regexp", "--file", "--glob", "--type"}},
                 [](const Arg& a) {
                   return a.name == "--pre" ? std::string("rg --pre runs a program") : "";
                 });
  if (n == "ss")
    return visit(c, 1, {"DAfF", {"--diag", "--query", "--family", "--filter"}}, [](const Arg& a) {
      return in(a.name, {"-K", "--kill", "-D", "--diag"})
                 ? "ss " + a.name + " kills sockets or writes a file"
                 : "";
    });
  if (n == "ip") {
    for (const auto& w : c.words)
      if (!w.known || in(w.text, {"add", "del", "delete", "change", "replace", "set", "flush",
                                  "append", "prepend", "restore", "save", "update", "exec",
                                  "-batch", "-b", "-force", "attach", "detach", "monitor"}))
        return "ip " + w.text + " changes something";
    return {};
  }
  if (n == "tee")
    return visit(c, 1, {"", {}}, [](const Arg& a) {
      return a.operand() && !(a.known && to_stdout(a.value)) ? "tee writes " + a.value
                                                             : std::string();
    });
  if (n == "env")
    return visit(c, 1, {"u", {"--unset"}}, [](const Arg& a) -> std::string {
      if (a.operand())
        return a.value.find('=') != npos
                   ? sensitive_variable_problem(a.value.substr(0, a.value.find('=')))
                   : "env runs " + a.value;
      return in(a.name, {"-0", "-i", "-u", "--null", "--ignore-environment", "--unset"})
                 ? ""
                 : "env " + a.name + " is not understood";
    });
  if (n == "read" || n == "mapfile" || n == "readarray")
    return visit(c, 1, {"adinNptuCcOs", {}}, [&](const Arg& a) -> std::string {
      if (a.name == "-C") return n + " -C runs a callback";
      if ((a.operand() || a.name == "-a") && (!a.known || !identifier(a.value)))
        return n + " into `" + a.value + "`, which is not a plain name";
      if (a.operand() || a.name == "-a") return sensitive_variable_problem(a.value);
      return {};
    });
  if (n == "test" || n == "[") {
    for (size_t i = 1; i + 1 < c.words.size(); ++i)
      if (c.words[i].text == "-v" && c.words[i + 1].text.find('[') != npos)
        return "test -v on an array element evaluates its subscript";
    return {};
  }
  if (n == "timedatectl" || n == "hostnamectl" || n == "localectl" || n == "loginctl") {
    for (size_t i = 1; i < c.words.size(); ++i)
      if (!c.words[i].text.starts_with("-"))
        return in(c.words[i].text,
                  {"status", "show", "list-timezones", "list-sessions", "list-users",
                   "show-session", "show-user", "timesync-status", "show-timesync"})
                   ? ""
                   : changes(c, c.words[i].text);
    return {};
  }
  if (in(n, {"declare", "typeset", "local", "export", "readonly"}))
    return declaration_problem(c.words);
  return n + " is not on the read-only allow-list";
}

}  // namespace

std::string read_only_problem(const ShellCommand& c) {
  const std::string n = c.name();
  if (n.empty()) return "the command name is not literal";
  // Commands that only print, whatever their options.
  static constexpr std::string_view kPrintOnly[] = {
      "echo",      "cat",      "head",       "tail",     "wc",         "cut",       "tr",
      "grep",      "egrep",    "fgrep",      "zgrep",    "zcat",       "column",    "ls",
      "stat",      "df",       "du",         "free",     "ps",         "pgrep",     "uptime",
      "whoami",    "id",       "groups",     "uname",    "printenv",   "which",     "type",
      "dig",       "nslookup", "host",       "whois",    "traceroute", "tracepath", "mtr",
      "netstat",   "lsof",     "pg_isready", "base64",   "md5sum",     "sha1sum",   "sha256sum",
      "sha512sum", "diff",     "cmp",        "comm",     "true",       "false",     ":",
      "sleep",     "basename", "dirname",    "realpath", "readlink",   "seq",       "nproc",
      "lscpu",     "lsblk",    "tac",        "rev",      "nl",         "fold",      "paste",
      "strings",   "od",       "hexdump",    "getent",   "jq",         "pwd",       "cd",
      "pushd",     "popd",     "dirs",       "set",      "shopt",      "exit",      "return",
      "break",     "continue", "shift",      "wait",     "jobs",       "unset",     "getopts",
      "umask",     "times",    "w",          "who",      "last",       "vmstat",    "iostat",
      "mpstat",    "top",      "expr",       "tput"};
  if (in(n, kPrintOnly)) return {};
  if (n == "aws") return aws_read_problem(c);
  if (n == "systemctl") return systemctl_read_problem(c);
  if (n == "journalctl") return journalctl_read_problem(c);
  if (n == "docker" || n == "docker-compose") return docker_read_problem(c);
  if (n == "kubectl") return kubectl_read_problem(c);
  if (n == "git") return git_read_problem(c);
  if (n == "terraform" || n == "tofu") return terraform_read_problem(c);
  if (n == "curl") return curl_read_problem(c);
  if (n == "wget") return wget_read_problem(c);
  if (n == "http" || n == "https") return httpie_read_problem(c);
  if (n == "sed") return sed_read_problem(c);
  if (n == "awk" || n == "gawk" || n == "mawk" || n == "nawk") return awk_read_problem(c);
  if (n == "find") return check_find(c);
  if (n == "sort") return check_sort(c);
  if (n == "date") return check_date(c);
  if (n == "hostname") return check_hostname(c);
  return check_misc(c, n);
}

std::string hidden_command_runner(const ShellCommand& c) {
  const std::string n = c.name();
  // The script or program itself runs commands, cannot be seen, or cannot be read; a file
  // it writes is a change but not hidden code.
  if (n == "sed" || n == "awk" || n == "gawk" || n == "mawk" || n == "nawk") {
    auto p = n == "sed" ? sed_read_problem(c) : awk_read_problem(c);
    if ((p.starts_with("sed script") || p.starts_with("awk program")) && p.find("writes") == npos) return p;
  }
  if (in(n, {"psql", "mysql", "mariadb"})) {
    for (const auto& w : c.words)
      if (w.text.find("\\!") != npos || lower(w.text).starts_with("system "))
        return n + " \\! runs shell commands";
    if (c.input.text.find("\\!") != npos) return n + " \\! runs shell commands";
  }
  return {};
}

std::string declaration_problem(const std::vector<ShellWord>& words) {
  const std::string variant = words.empty() ? "" : words[0].text;
  for (size_t i = 1; i < words.size(); ++i) {
    const ShellWord& w = words[i];
    const std::string& t = w.text;
    if (w.known && t.size() > 1 && (t[0] == '-' || t[0] == '+')) {
      if (t.find('n') != npos && variant != "export") return variant + " -n makes a name reference";
      if (t.find('i') != npos) return variant + " -i evaluates values as arithmetic";
      if (t.find('f') != npos && variant == "export") return "export -f exports functions";
      continue;
    }
    std::string name = t.substr(0, std::min(t.find('='), t.find('[')));
    if (!identifier(name) || hidden_option(w) || (t.find('=') == npos && !w.known))
      return variant + " of `" + t + "`, a name opsdeck cannot see";
    if (t.find('[') < t.find('=')) {
      std::string index = t.substr(t.find('[') + 1, t.find(']') - t.find('[') - 1);
      if (index.empty() || index.find_first_not_of("0123456789") != npos)
        return variant + " of an array element evaluates its subscript";
    }
    if (auto p = sensitive_variable_problem(name); !p.empty()) return p;
  }
  return {};
}

}  // namespace opsdeck::app::runbook
