#include "app/man_page.hpp"

#include <fmt/format.h>

#include "app/exit_codes.hpp"

namespace opsdeck::app {

namespace {

// Decodes one UTF-8 sequence at `s[i]` (advancing i); a broken one is U+FFFD.
char32_t next_code_point(std::string_view s, size_t& i) {
  auto c = static_cast<unsigned char>(s[i++]);
  int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
  char32_t cp = extra == 3 ? c & 0x07 : extra == 2 ? c & 0x0F : c & 0x1F;
  if (extra == 0) return 0xFFFD;
  for (int k = 0; k < extra; ++k) {
    if (i >= s.size() || (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) return 0xFFFD;
    cp = (cp << 6) | (static_cast<unsigned char>(s[i++]) & 0x3F);
  }
  return cp;
}

// Text for a roff line: backslashes and hyphens escaped, non-ASCII as \[uXXXX] (groff reads
// its input as Latin-1 unless preconv runs), `code` as bold when `markdown`, and a line
// that would start with a control character protected.
std::string roff(std::string_view text, bool markdown = false) {
  std::string out;
  bool bold = false;
  for (size_t i = 0; i < text.size();) {
    char c = text[i];
    if (static_cast<unsigned char>(c) >= 0x80) {
      out += fmt::format("\\[u{:04X}]", static_cast<unsigned>(next_code_point(text, i)));
      continue;
    }
    ++i;
    if (c == '\\') out += "\\e";
    else if (c == '-') out += "\\-";
    else if (c == '`' && markdown) out += (bold = !bold) ? "\\fB" : "\\fR";
    else if (c == '\n') out += "\n.br\n";
    else out += c;
  }
  if (bold) out += "\\fR";
  if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out.insert(0, "\\&");
  return out;
}

std::string option_block(const CliOption& o) {
  std::string head;
  if (!o.positional.empty()) {
    head = "\\fI" + roff(o.synopsis()) + "\\fR";
  } else {
    for (const auto& n : o.names) head += (head.empty() ? "" : ", ") + ("\\fB" + roff(n) + "\\fR");
    if (!o.value.empty()) head += " \\fI" + roff(o.value) + "\\fR";
  }
  std::string body = roff(o.description);
  if (!o.choices.empty()) {
    std::string list;
    for (const auto& v : o.choices) list += (list.empty() ? "" : ", ") + v;
    if (body.find(list) == std::string::npos) body += " (one of: " + roff(list) + ")";
  }
  if (o.required && o.positional.empty()) body += " Required.";
  if (o.repeatable && o.positional.empty()) body += " May be given more than once.";
  return ".TP\n" + head + "\n" + body + "\n";
}

// "opsdeck ssm run [OPTIONS] INSTANCE COMMAND..." for a subcommand's heading.
std::string usage_line(const CliCommand& c) {
  std::string s = "\\fB" + roff(c.full_name()) + "\\fR";
  if (!c.subcommands.empty()) return s + " \\fICOMMAND\\fR";
  if (!c.named_options().empty()) s += " [\\fIOPTIONS\\fR]";
  for (const auto* p : c.positionals()) {
    std::string name = "\\fI" + roff(p->synopsis()) + "\\fR";
    s += " " + (p->required ? name : "[" + name + "]");
  }
  return s;
}

void command_section(const CliCommand& c, std::string& out) {
  if (c.subcommands.empty() || !c.named_options().empty() || !c.positionals().empty()) {
    out += ".SS \"" + roff(c.full_name()) + "\"\n" + usage_line(c) + "\n.PP\n" + roff(c.description) + "\n";
    for (const auto& o : c.options) out += option_block(o);
    if (!c.footer.empty()) out += ".PP\n" + roff(c.footer) + "\n";
  } else {
    out += ".SS \"" + roff(c.full_name()) + "\"\n" + roff(c.description) + "\n";
  }
  for (const auto& s : c.subcommands) command_section(s, out);
}

constexpr const char* kDescription = R"(.SH DESCRIPTION
\fBopsdeck\fR is a terminal operations console for AWS on\-call work.
Without a subcommand it opens the console: one curses screen with live panes of instances,
databases, alarms and a log tail, from which the operator filters, drills into ECS services,
SQS queues, parameters and secrets, runs the steps of Markdown runbooks locally, through SSM,
over SSH or in an ECS task, and deploys.
With a subcommand it runs headless, for scripts and for terminals without the console:
lists print tables (\fB\-\-output json\fR for JSON), errors go to standard error, one line each:
\fBopsdeck: WHAT HAPPENED \[u2014] WHAT TO DO\fR.
.PP
Every change goes through one gate that knows about read\-only mode (\fB\-\-readonly\fR) and
production environments, and is written to the audit log before it runs.
Credentials are found in the AWS CLI's order: flags, environment, the shared
\fI~/.aws/credentials\fR and \fI~/.aws/config\fR files (static keys, assumed roles,
IAM Identity Center (SSO), \fBcredential_process\fR), container credentials, IMDSv2.
.PP
\fBopsdeck doctor\fR checks a machine's setup and says what to fix;
\fBopsdeck config check\fR checks a config file.
)";

constexpr const char* kEnvironment = R"(.SH ENVIRONMENT
.TP
\fBAWS_PROFILE\fR, \fBAWS_REGION\fR, \fBAWS_DEFAULT_REGION\fR
The profile and region when \fB\-\-profile\fR and \fB\-\-region\fR are not given.
.TP
\fBAWS_ACCESS_KEY_ID\fR, \fBAWS_SECRET_ACCESS_KEY\fR, \fBAWS_SESSION_TOKEN\fR
Credentials from the environment (skipped when \fB\-\-profile\fR is given).
.TP
\fBAWS_CONFIG_FILE\fR, \fBAWS_SHARED_CREDENTIALS_FILE\fR
Other shared config and credentials files than \fI~/.aws/config\fR and \fI~/.aws/credentials\fR.
.TP
\fBAWS_ENDPOINT_URL\fR, \fBAWS_ENDPOINT_URL_\fR\fISERVICE\fR
Send AWS requests (of one service) to another endpoint, as \fB\-\-endpoint\-url\fR does.
.TP
\fBOPSDECK_NETWORK\fR
\fBloopback\fR: open connections only to 127.0.0.0/8 and ::1 (the demo and the tests set it);
unset or \fBany\fR: no fence.
.TP
\fBOPSDECK_AUDIT_LOG\fR
The audit log file (default \fI$XDG_STATE_HOME/opsdeck/audit.jsonl\fR).
.TP
\fBOPSDECK_THEMES_DIR\fR
Where \fB\-\-theme\fR\ \fINAME\fR looks first.
.TP
\fBOPSDECK_SHFMT\fR
The \fBshfmt\fR binary that parses runbook steps to prove them read\-only.
.TP
\fBOPSDECK_SSH_CONFIG\fR, \fBOPSDECK_KNOWN_HOSTS\fR
Another ssh_config and known_hosts file than \fI~/.ssh/config\fR and \fI~/.ssh/known_hosts\fR.
.TP
\fBSSH_AUTH_SOCK\fR
The ssh\-agent whose identities SSH connections offer.
.TP
\fBXDG_CONFIG_HOME\fR, \fBXDG_STATE_HOME\fR
Base directories of the config file and of the state (audit log, runbook progress).
.TP
\fBTERM\fR, \fBNO_COLOR\fR
The terminal's capabilities; \fBNO_COLOR\fR set draws the console without colours.
)";

constexpr const char* kFiles = R"(.SH FILES
.TP
\fI~/.config/opsdeck/config.json\fR
The config (environments, refresh intervals, log groups, key overrides, shell, services,
runbooks); \fBopsdeck config check\fR checks it.
.TP
\fI~/.local/state/opsdeck/audit.jsonl\fR
The audit log (mode 0600): a start record before every action, an end record after it.
.TP
\fI~/.local/state/opsdeck/progress/\fR
Runbook progress per runbook and environment.
.TP
\fI~/.aws/config\fR, \fI~/.aws/credentials\fR, \fI~/.aws/sso/cache/\fR
The AWS CLI's shared files and the IAM Identity Center tokens \fBaws sso login\fR caches.
.TP
\fI/usr/share/opsdeck/themes/\fR
Colour themes (\fB\-\-theme\fR \fINAME\fR); \fIshare/opsdeck/themes\fR under the prefix
opsdeck was installed to, found relative to the binary.
.TP
\fI/usr/share/doc/opsdeck/examples/\fR
An example config and runbooks for the demo account.
)";

}  // namespace

std::vector<std::pair<std::string, std::string>> console_key_rows(std::string_view markdown) {
  std::vector<std::pair<std::string, std::string>> rows;
  size_t from = markdown.find("\n## Keys (console)");
  if (from == std::string_view::npos) return rows;
  size_t end = markdown.find("\n## ", from + 1);
  std::string_view section = markdown.substr(from, end == std::string_view::npos ? end : end - from);
  bool in_table = false;
  size_t at = 0;
  while (at < section.size()) {
    size_t nl = section.find('\n', at);
    std::string_view line = section.substr(at, nl == std::string_view::npos ? nl : nl - at);
    at = nl == std::string_view::npos ? section.size() : nl + 1;
    if (line.rfind("|", 0) != 0) {
      if (in_table) break;  // the first table only
      continue;
    }
    in_table = true;
    size_t split = line.find(" | ", 2);
    if (line.rfind("| ", 0) != 0 || split == std::string_view::npos) continue;  // the |---|---| rule
    std::string key(line.substr(2, split - 2));
    std::string what(line.substr(split + 3));
    while (!what.empty() && (what.back() == '|' || what.back() == ' ')) what.pop_back();
    if (key == "key") continue;  // the header
    rows.emplace_back(std::move(key), std::move(what));
  }
  return rows;
}

std::string man_page(const CliCommand& cli, const std::vector<std::pair<std::string, std::string>>& console_keys,
                     const std::string& version) {
  std::string out = ".\\\" Generated by `opsdeck manpage` from the command line; do not edit.\n";
  out += ".TH OPSDECK 1 \"\" \"opsdeck " + roff(version) + "\" \"User Commands\"\n";
  out += ".SH NAME\nopsdeck \\- terminal operations console for AWS on\\-call work\n";
  out += ".SH SYNOPSIS\n.B opsdeck\n[\\fIGLOBAL OPTIONS\\fR]\n.br\n.B opsdeck\n"
         "[\\fIGLOBAL OPTIONS\\fR] \\fICOMMAND\\fR [\\fIOPTIONS\\fR] [\\fIARGUMENTS\\fR]\n";
  out += kDescription;
  out += ".SH GLOBAL OPTIONS\nGiven before the command.\n";
  for (const auto& o : cli.options) out += option_block(o);
  out += ".TP\n\\fB\\-\\-help\\fR\nPrint the help (of the command it follows) and exit.\n";
  out += ".SH COMMANDS\n";
  for (const auto& c : cli.subcommands) command_section(c, out);
  out += ".SH CONSOLE KEYS\n";
  if (console_keys.empty()) {
    out += "Press \\fB?\\fR in the console for the keys in effect.\n";
  } else {
    out += "The keys in effect, with the config's overrides, are shown by \\fB?\\fR in the console.\n";
    for (const auto& [key, what] : console_keys) out += ".TP\n" + roff(key, true) + "\n" + roff(what, true) + "\n";
  }
  out += kEnvironment;
  out += kFiles;
  out += ".SH EXIT STATUS\n";
  for (const auto& e : documented_exit_codes())
    out += ".TP\n\\fB" + roff(e.code) + "\\fR\n" + roff(e.meaning, true) + "\n";
  out += ".SH SEE ALSO\n\\fBaws\\fR(1), \\fBssh\\fR(1), \\fBssh_config\\fR(5), \\fBsession\\-manager\\-plugin\\fR\n";
  return out;
}

}  // namespace opsdeck::app
