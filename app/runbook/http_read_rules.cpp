// curl_read_problem(), wget_read_problem(), httpie_read_problem() (tool_read_rules.hpp):
// HTTP clients read only when they GET or HEAD an http(s) URL with no body, no upload, no
// form, no config file and no output into a file.

#include <algorithm>
#include <cctype>
#include <vector>

#include "app/runbook/command_args.hpp"
#include "app/runbook/tool_read_rules.hpp"

namespace opsdeck::app::runbook {

using namespace command_args;

namespace {

constexpr auto npos = std::string::npos;

// Long options that take a value (the next word), so that a value is never read as an option.
constexpr std::string_view kCurlValues[] = {"--abstract-unix-socket",
                                            "--alt-svc",
                                            "--aws-sigv4",
                                            "--cacert",
                                            "--capath",
                                            "--cert",
                                            "--cert-type",
                                            "--ciphers",
                                            "--config",
                                            "--connect-timeout",
                                            "--connect-to",
                                            "--continue-at",
                                            "--cookie",
                                            "--cookie-jar",
                                            "--create-file-mode",
                                            "--crlfile",
                                            "--curves",
                                            "--data",
                                            "--data-ascii",
                                            "--data-binary",
                                            "--data-raw",
                                            "--data-urlencode",
                                            "--delegation",
                                            "--dns-interface",
                                            "--dns-ipv4-addr",
                                            "--dns-ipv6-addr",
                                            "--dns-servers",
                                            "--doh-url",
                                            "--dump-header",
                                            "--egd-file",
                                            "--engine",
                                            "--etag-compare",
                                            "--etag-save",
                                            "--expect100-timeout",
                                            "--form",
                                            "--form-string",
                                            "--ftp-account",
                                            "--ftp-alternative-to-user",
                                            "--ftp-method",
                                            "--ftp-port",
                                            "--ftp-ssl-ccc-mode",
                                            "--happy-eyeballs-timeout-ms",
                                            "--haproxy-clientip",
                                            "--header",
                                            "--hostpubmd5",
                                            "--hostpubsha256",
                                            "--hsts",
                                            "--interface",
                                            "--ip-tos",
                                            "--json",
                                            "--keepalive-time",
                                            "--key",
                                            "--key-type",
                                            "--krb",
                                            "--libcurl",
                                            "--limit-rate",
                                            "--local-port",
                                            "--login-options",
                                            "--mail-auth",
                                            "--mail-from",
                                            "--mail-rcpt",
                                            "--max-filesize",
                                            "--max-redirs",
                                            "--max-time",
                                            "--netrc-file",
                                            "--noproxy",
                                            "--oauth2-bearer",
                                            "--output",
                                            "--output-dir",
                                            "--parallel-max",
                                            "--pass",
                                            "--pinnedpubkey",
                                            "--preproxy",
                                            "--proto",
                                            "--proto-default",
                                            "--proto-redir",
                                            "--proxy",
                                            "--proxy-cacert",
                                            "--proxy-capath",
                                            "--proxy-cert",
                                            "--proxy-cert-type",
                                            "--proxy-ciphers",
                                            "--proxy-crlfile",
                                            "--proxy-header",
                                            "--proxy-key",
                                            "--proxy-key-type",
                                            "--proxy-pass",
                                            "--proxy-pinnedpubkey",
                                            "--proxy-service-name",
                                            "--proxy-user",
                                            "--proxy1.0",
                                            "--pubkey",
                                            "--quote",
                                            "--random-file",
                                            "--range",
                                            "--rate",
                                            "--referer",
                                            "--request",
                                            "--request-target",
                                            "--resolve",
                                            "--retry",
                                            "--retry-delay",
                                            "--retry-max-time",
                                            "--sasl-authzid",
                                            "--service-name",
                                            "--socks4",
                                            "--socks4a",
                                            "--socks5",
                                            "--socks5-hostname",
                                            "--speed-limit",
                                            "--speed-time",
                                            "--stderr",
                                            "--telnet-option",
                                            "--time-cond",
                                            "--tls-max",
                                            "--tlsauthtype",
                                            "--tlspassword",
                                            "--tlsuser",
                                            "--trace",
                                            "--trace-ascii",
                                            "--unix-socket",
                                            "--upload-file",
                                            "--url",
                                            "--url-query",
                                            "--user",
                                            "--user-agent",
                                            "--variable",
                                            "--write-out"};
constexpr std::string_view kWgetValues[] = {"--execute",
                                            "--output-file",
                                            "--append-output",
                                            "--input-file",
                                            "--base",
                                            "--tries",
                                            "--output-document",
                                            "--timeout",
                                            "--dns-timeout",
                                            "--connect-timeout",
                                            "--read-timeout",
                                            "--wait",
                                            "--waitretry",
                                            "--quota",
                                            "--limit-rate",
                                            "--bind-address",
                                            "--directory-prefix",
                                            "--level",
                                            "--domains",
                                            "--exclude-domains",
                                            "--accept",
                                            "--reject",
                                            "--include-directories",
                                            "--exclude-directories",
                                            "--user-agent",
                                            "--header",
                                            "--user",
                                            "--password",
                                            "--http-user",
                                            "--http-password",
                                            "--post-data",
                                            "--post-file",
                                            "--method",
                                            "--body-data",
                                            "--body-file",
                                            "--load-cookies",
                                            "--save-cookies",
                                            "--referer",
                                            "--ca-certificate",
                                            "--ca-directory",
                                            "--certificate",
                                            "--private-key",
                                            "--config",
                                            "--proxy-user",
                                            "--proxy-password",
                                            "--max-redirect",
                                            "--progress",
                                            "--compression"};
constexpr std::string_view kHttpieValues[] = {"--auth",
                                              "--auth-type",
                                              "--output",
                                              "--session",
                                              "--session-read-only",
                                              "--print",
                                              "--verify",
                                              "--cert",
                                              "--cert-key",
                                              "--cert-key-pass",
                                              "--proxy",
                                              "--timeout",
                                              "--max-redirects",
                                              "--pretty",
                                              "--style",
                                              "--format-options",
                                              "--response-charset",
                                              "--response-mime",
                                              "--default-scheme",
                                              "--ssl",
                                              "--ciphers",
                                              "--boundary",
                                              "--raw",
                                              "--max-headers",
                                              "--history-print"};

bool url_ok(const Arg& a, Names schemes) {
  auto scheme_end = a.value.find("://");
  if (scheme_end == npos) return a.known;  // no scheme: the tool's default (http)
  return in(lower(a.value.substr(0, scheme_end)), schemes);
}

}  // namespace

std::string curl_read_problem(const ShellCommand& c) {
  bool get = false, data = false;
  auto p =
      visit(c, 1, {"AbCcDdEeFHKmoPQrTtUuwXxYyz", kCurlValues}, [&](const Arg& a) -> std::string {
        const std::string& n = a.name;
        if (a.operand() || n == "--url")
          return url_ok(a, {"http", "https"})
                     ? ""
                     : "curl to `" + a.value + "`: only http(s) URLs opsdeck can see are reads";
        if (n == "-X" || n == "--request")
          return a.known && in(a.value, {"GET", "HEAD"})
                     ? ""
                     : "curl -X " + a.value + " changes something";
        if (n == "-G" || n == "--get") get = true;
        if (n == "-d" || n.starts_with("--data")) data = true;
        if (in(n, {"-F", "--form", "--form-string", "--json", "-T", "--upload-file", "--mail-rcpt",
                   "--mail-from"}))
          return "curl " + n + " sends a body or uploads";
        if (in(n, {"-O", "--remote-name", "--remote-name-all", "-J", "--remote-header-name"}))
          return "curl " + n + " writes a file";
        if (in(n,
               {"-o", "--output", "-c", "--cookie-jar", "-D", "--dump-header", "--trace",
                "--trace-ascii", "--stderr", "--libcurl", "--etag-save", "--hsts", "--alt-svc"}) &&
            !(a.known && to_stdout(a.value)))
          return "curl " + n + " " + a.value + " writes a file";
        if (in(n, {"-K", "--config"}))
          return "curl -K reads options from a file opsdeck cannot see";
        if (in(n, {"-Q", "--quote"})) return "curl -Q sends commands to the server";
        if (n == "--proto-default" && !in(a.value, {"http", "https"}))
          return "curl --proto-default " + a.value;
        return {};
      });
  if (p.empty() && data && !get) return "curl -d sends a request body (POST)";
  return p;
}

std::string wget_read_problem(const ShellCommand& c) {
  bool to_out = false;
  auto p = visit(c, 1, {"eoaiBtOTwQPlDARXIUn", kWgetValues}, [&](const Arg& a) -> std::string {
    const std::string& n = a.name;
    if (a.operand())
      return url_ok(a, {"http", "https", "ftp"})
                 ? ""
                 : "wget `" + a.value + "`: only http(s) URLs are reads";
    if (n == "-O" || n == "--output-document") {
      if (!(a.known && to_stdout(a.value))) return "wget -O " + a.value + " writes a file";
      to_out = true;
    }
    if (n == "--spider") to_out = true;
    if (n == "--method" && !(a.known && in(a.value, {"GET", "HEAD"})))
      return "wget --method " + a.value + " changes something";
    if (in(n, {"--post-data", "--post-file", "--body-data", "--body-file"}))
      return "wget " + n + " sends a body";
    if (in(n, {"-e", "--execute", "--config"}))
      return "wget " + n + " runs settings opsdeck cannot judge";
    if (in(n, {"-o", "--output-file", "-a", "--append-output"}) && !(a.known && to_stdout(a.value)))
      return "wget " + n + " writes a log file";
    if (in(n, {"--save-cookies", "-b", "--background", "-r", "--recursive", "-m", "--mirror", "-p",
               "--page-requisites", "-x", "--force-directories", "--delete-after", "-k",
               "--convert-links"}))
      return "wget " + n + " writes files";
    return {};
  });
  if (p.empty() && !to_out) return "wget saves the download into a file (use -O - or --spider)";
  return p;
}

// httpie: http [METHOD] URL [ITEM ...]; items other than headers (Name:value) and query
// parameters (name==value) are a request body, which makes the request a POST.
std::string httpie_read_problem(const ShellCommand& c) {
  std::vector<Arg> positional;
  bool ignore_stdin = false;
  auto p = visit(c, 1, {"aAopsP", kHttpieValues}, [&](const Arg& a) -> std::string {
    if (a.operand()) positional.push_back(a);
    if (in(a.name, {"-d", "--download", "--session", "--raw", "-c", "--continue"}))
      return c.name() + " " + a.name + " writes a file or sends a body";
    if (in(a.name, {"-o", "--output"}) && !(a.known && to_stdout(a.value)))
      return c.name() + " -o writes a file";
    if (in(a.name, {"-I", "--ignore-stdin"})) ignore_stdin = true;
    return {};
  });
  if (!p.empty()) return p;
  size_t url = 0;
  if (positional.size() >= 2 && positional[0].known && !positional[0].value.empty() &&
      std::all_of(positional[0].value.begin(), positional[0].value.end(),
                  [](unsigned char ch) { return std::isalpha(ch); })) {
    std::string method = positional[0].value;
    std::transform(method.begin(), method.end(), method.begin(),
                   [](unsigned char ch) { return std::toupper(ch); });
    if (!in(method, {"GET", "HEAD"})) return c.name() + " " + method + " changes something";
    url = 1;
  } else if (c.input.kind != StdinSource::Kind::Inherited && !ignore_stdin) {
    return c.name() + " sends its stdin as a request body (POST)";
  }
  if (url >= positional.size()) return {};
  if (!positional[url].known && !url_ok(positional[url], {"http", "https"}))
    return c.name() + " to a URL opsdeck cannot see";
  if (!url_ok(positional[url], {"http", "https"}))
    return c.name() + " to `" + positional[url].value + "`";
  for (size_t i = url + 1; i < positional.size(); ++i) {
    const std::string& item = positional[i].value;
    // The earliest separator decides what an item is (httpie's rule); ':' alone is a header.
    size_t k = 0;
    for (; k < item.size(); ++k) {
      if (item[k] == '\\') {
        ++k;
        continue;
      }
      if (item.compare(k, 2, "==") == 0 || (item[k] == ':' && item.compare(k, 2, ":=") != 0) ||
          item[k] == ';')
        break;
      if (item[k] == '=' || item[k] == '@' || item.compare(k, 2, ":=") == 0)
        return c.name() + " item `" + item + "` is a request body (POST)";
    }
    if (k >= item.size() || !positional[i].known) {
      if (k >= item.size())
        return c.name() + " item `" + item + "` is not a header or query parameter";
      if (item.find('$') < k) return c.name() + " item `" + item + "` is not literal";
    }
  }
  return {};
}

}  // namespace opsdeck::app::runbook
