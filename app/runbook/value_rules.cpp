#include "app/runbook/value_rules.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <set>

namespace opsdeck::app::runbook {

namespace {

using Names = std::set<std::string, std::less<>>;

bool has_prefix(std::string_view name, std::initializer_list<std::string_view> prefixes) {
  return std::any_of(prefixes.begin(), prefixes.end(),
                     [&](std::string_view p) { return name.starts_with(p); });
}

// Decodes one UTF-8 character at s[i]; returns its length (0 when malformed).
std::size_t decode_utf8(std::string_view s, std::size_t i, std::uint32_t& cp) {
  auto b = static_cast<unsigned char>(s[i]);
  std::size_t n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  cp = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
  for (std::size_t k = 1; k < n; ++k) {
    auto c = static_cast<unsigned char>(s[i + k]);
    if ((c >> 6) != 2) return 0;
    cp = (cp << 6) | (c & 0x3F);
  }
  static constexpr std::array<std::uint32_t, 5> kMin = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

// Characters at or above U+0080 a shell or a terminal may treat as other than a letter.
bool is_unsafe_non_ascii(std::uint32_t cp) {
  return cp < 0xA1 ||   // C1 controls, NBSP
         cp == 0xAD ||  // soft hyphen
         cp == 0x061C || cp == 0x1680 || cp == 0x180E ||
         (cp >= 0x2000 && cp <= 0x200F) ||  // spaces, zero-width, LRM/RLM
         (cp >= 0x2028 && cp <= 0x202F) ||  // separators, bidi embeddings, NNBSP
         (cp >= 0x205F && cp <= 0x206F) ||  // math space, invisible operators, isolates
         cp == 0x3000 || cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFB) ||
         (cp >= 0xE0000 && cp <= 0xE007F);  // tags
}

}  // namespace

bool is_shell_identifier(std::string_view s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

bool is_plain_integer(std::string_view s) {
  if (!s.empty() && s[0] == '-') s.remove_prefix(1);
  if (s.empty() || s.size() > 18 || (s.size() > 1 && s[0] == '0')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_inert_value(std::string_view s) {
  if (s.empty()) return false;
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (!std::isalnum(c) &&
          std::string_view("_./:@%+,=-").find(static_cast<char>(c)) == std::string_view::npos)
        return false;
      ++i;
      continue;
    }
    std::uint32_t cp = 0;
    std::size_t n = decode_utf8(s, i, cp);
    if (n == 0 || is_unsafe_non_ascii(cp)) return false;
    i += n;
  }
  return true;
}

std::string shown_value(std::string_view value) {
  std::string out;
  for (std::size_t i = 0; i < value.size() && out.size() < 40; ++i) {
    auto c = static_cast<unsigned char>(value[i]);
    if (c == '\n')
      out += "\\n";
    else if (c == '\t')
      out += "\\t";
    else if (c < 0x20 || c == 0x7F)
      out += "\\x" + std::string(1, "0123456789abcdef"[c >> 4]) + "0123456789abcdef"[c & 15];
    else
      out.push_back(static_cast<char>(c));
  }
  if (out.size() >= 40) out += "…";
  return out;
}

std::string check_value(std::string_view v, const SiteContext& ctx) {
  if (ctx.arithmetic && !is_plain_integer(v))
    return "bash evaluates the value as arithmetic (" + ctx.arith_why +
           "), where text such as a[$(cmd)] runs commands; only a plain integer is allowed there, "
           "not \"" +
           shown_value(v) + "\"";
  if (ctx.name && !is_shell_identifier(v))
    return "bash uses the value as a variable name (" + ctx.name_why +
           "), where a subscript such as a[$(cmd)] runs commands; only a plain name is allowed "
           "there, not \"" +
           shown_value(v) + "\"";
  if (ctx.code && !is_inert_value(v))
    return "the value becomes part of a command line that is parsed again (" + ctx.code_why +
           "); only letters, digits and _./:@%+,=- are allowed there, and it must not be empty; "
           "\"" +
           shown_value(v) + "\" is not plain";
  if (ctx.host) {
    std::string lower(v);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (!v.empty() && v[0] == '-')
      return "the value is given to " + ctx.host_why +
             ", where a leading '-' would be read as an option";
    if (lower.find("command") != std::string::npos || lower.starts_with("match") ||
        lower.starts_with("include"))
      return "the value is given to " + ctx.host_why +
             ", where it could make ssh run a local command";
  }
  return {};
}

bool is_reserved_env_name(std::string_view n) {
  static const Names kExact = {
      // ENV is left out: only interactive POSIX shells read it, and steps never run in one.
      "PATH", "HOME", "IFS", "BASH_ENV", "SHELLOPTS", "BASHOPTS", "PS1", "PS2", "PS3", "PS4",
      "PROMPT_COMMAND", "CDPATH", "GLOBIGNORE", "POSIXLY_CORRECT", "EXECIGNORE", "FIGNORE",
      "HISTFILE", "HOSTFILE", "INPUTRC", "MAILPATH", "MAILCHECK", "FCEDIT", "TIMEFORMAT", "TMOUT",
      "FUNCNEST", "OPTERR",
      // a login shell's environment (variables.cpp, is_login_environment)
      "USER", "SHELL", "PWD", "OLDPWD", "HOSTNAME", "HOST", "UID", "EUID", "GROUPS", "PPID",
      "RANDOM", "LINENO", "SECONDS", "TERM", "LANG", "LANGUAGE", "LOGNAME", "TMPDIR", "OSTYPE",
      "BASH", "BASHPID", "EDITOR", "VISUAL", "PAGER", "SHLVL", "COLUMNS", "LINES", "MACHTYPE",
      "HOSTTYPE", "DISPLAY", "SSH_AUTH_SOCK", "SSH_CLIENT", "SSH_CONNECTION", "SSH_TTY", "MAIL",
      "REPLY", "PIPESTATUS", "FUNCNAME", "OPTARG", "OPTIND", "EPOCHSECONDS", "EPOCHREALTIME",
      "DIRSTACK", "SRANDOM", "HISTCMD", "COMP_WORDBREAKS"};
  return kExact.count(n) > 0 || has_prefix(n, {"LD_", "BASH_", "AWS_", "LC_", "XDG_", "OPSDECK_"});
}

std::string upper_snake(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (c >= 'a' && c <= 'z')
      out.push_back(static_cast<char>(c - 'a' + 'A'));
    else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
      out.push_back(c);
    else
      out.push_back('_');
  }
  return out;
}

std::string placeholder_env_name(std::string_view name) {
  // Read from the environment by programs a runbook step commonly starts.
  static const Names kToolExact = {"TZ",           "TZDIR",          "GCONV_PATH",
                                   "LOCPATH",      "NLSPATH",        "HOSTALIASES",
                                   "RES_OPTIONS",  "LOCALDOMAIN",    "HTTP_PROXY",
                                   "HTTPS_PROXY",  "ALL_PROXY",      "NO_PROXY",
                                   "FTP_PROXY",    "LESSOPEN",       "LESSCLOSE",
                                   "LESS",         "MANPAGER",       "BROWSER",
                                   "SUDO_ASKPASS", "SUDO_EDITOR",    "GNUPGHOME",
                                   "KRB5CCNAME",   "KRB5_CONFIG",    "SSL_CERT_FILE",
                                   "SSL_CERT_DIR", "CURL_CA_BUNDLE", "REQUESTS_CA_BUNDLE",
                                   "OPENSSL_CONF", "TERMINFO",       "KUBECONFIG",
                                   "DOCKER_HOST",  "DOCKER_CONFIG",  "CHILD_MAX",
                                   "CLASSPATH",    "GOPATH",         "GOFLAGS"};
  std::string up = upper_snake(name);
  bool tool = kToolExact.count(up) > 0 ||
              has_prefix(up, {"GIT_", "SSH_", "PYTHON", "PERL", "RUBY", "NODE_", "NPM_CONFIG_",
                              "JAVA_", "_JAVA", "DYLD_", "MALLOC_", "GLIBC_", "KUBE", "DOCKER_",
                              "TF_", "SUDO_", "GPG_", "COMP_"});
  if (!is_shell_identifier(up) || tool || is_reserved_env_name(up)) return "OPSDECK_VAR_" + up;
  return up;
}

}  // namespace opsdeck::app::runbook
