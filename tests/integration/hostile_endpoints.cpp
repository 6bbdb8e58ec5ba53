// The real `opsdeck` binary against endpoints that misbehave on purpose: truncated bodies,
// HTML from a proxy (as an error and as a 200), an error document sent with status 200, a
// body that trickles forever, 30,000 levels of nesting, 50 MB of garbage, terminal escapes
// and invalid UTF-8 in an error message, and a server that closes without answering.
//
// For each of `instances` (EC2 query XML), `alarms` (CloudWatch, awsJson1.0), `logs`
// (CloudWatch Logs, awsJson1.1) and `databases` (RDS query XML) the command must end with a
// non-zero exit, never a signal (abort 134, segfault 139) and never the test's deadline
// (a hang); its last stderr line is one clear "opsdeck: ..." message; nothing raw from the
// endpoint reaches the terminal (no ESC, no C1 control, only valid UTF-8, no page of HTML or
// binary). Optional services asked alongside (Lightsail, ElastiCache) get the same answers.
//
// Time bounds are generous ("no hang", not "fast"): 60 s, except the endless body, which
// the client's request timeout (30 s, 3 attempts: aws/aws_client.hpp ClientOptions) ends,
// so 150 s; `logs` ends that one within 60 s too (a range read's page deadline, 45 s:
// app/logs/logs_headless.hpp). A command still running 30 s after its bound is killed and
// reported as a hang, which keeps the whole file well inside ctest's 600 s.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <future>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "tests/support/child_process.hpp"
#include "tests/support/concurrent_command.hpp"
#include "tests/support/loopback_http_server.hpp"
#include "tests/support/slow_http_server.hpp"

namespace opsdeck::testing {
namespace {

using namespace std::chrono_literals;

struct Command {
  std::string name;
  std::vector<std::string> args;
};

const std::vector<Command>& commands() {
  static const std::vector<Command> all = {{"instances", {"instances"}},
                                           {"alarms", {"alarms"}},
                                           {"logs", {"logs", "/app/api", "--since", "1h"}},
                                           {"databases", {"databases"}}};
  return all;
}

struct Run {
  std::string command;
  RunResult result;
  std::chrono::milliseconds took{0};
};

// Fake credentials, no config or metadata service, one endpoint for every service.
Run run_opsdeck(const std::string& url, const Command& c, std::chrono::seconds deadline) {
  static TempDir home;
  std::vector<std::string> argv = {OPSDECK_BINARY, "--endpoint-url", url};
  argv.insert(argv.end(), c.args.begin(), c.args.end());
  std::map<std::string, std::string> env = {{"AWS_ACCESS_KEY_ID", "AKIDLOOPBACKTEST"},
                                            {"AWS_SECRET_ACCESS_KEY", "loopback-test-secret"},
                                            {"AWS_SESSION_TOKEN", ""},
                                            {"AWS_REGION", "us-east-1"},
                                            {"AWS_PROFILE", ""},
                                            {"AWS_EC2_METADATA_DISABLED", "true"},
                                            {"AWS_CONFIG_FILE", "/dev/null"},
                                            {"AWS_SHARED_CREDENTIALS_FILE", "/dev/null"},
                                            {"HOME", home.path().string()},
                                            {"XDG_CONFIG_HOME", (home.path() / "config").string()}};
  Run r;
  r.command = c.name;
  auto start = std::chrono::steady_clock::now();
  r.result = run_concurrently_safe(argv, env, deadline);
  r.took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  return r;
}

// Every command at once against one endpoint (the slow cases then cost one wait, not four).
std::vector<Run> run_all(const std::string& url, std::chrono::seconds deadline) {
  std::vector<std::future<Run>> pending;
  for (const auto& c : commands())
    pending.push_back(std::async(std::launch::async, [&url, &c, deadline] { return run_opsdeck(url, c, deadline); }));
  std::vector<Run> runs;
  for (auto& p : pending) runs.push_back(p.get());
  return runs;
}

bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    if (n == 2 && c < 0xC2) return false;  // overlong
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return false;
    i += n;
  }
  return true;
}

// C1 controls (U+0080..U+009F) as UTF-8: C2 80..C2 9F. U+009B is an 8-bit CSI.
bool has_c1(std::string_view s) {
  for (std::size_t i = 0; i + 1 < s.size(); ++i)
    if (static_cast<unsigned char>(s[i]) == 0xC2 && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
        static_cast<unsigned char>(s[i + 1]) <= 0x9F)
      return true;
  return false;
}

std::string last_line(const std::string& s) {
  std::string t = s;
  while (!t.empty() && t.back() == '\n') t.pop_back();
  auto nl = t.rfind('\n');
  return nl == std::string::npos ? t : t.substr(nl + 1);
}

bool contains(const std::string& s, std::string_view what) { return s.find(what) != std::string::npos; }

// What every hostile case shares: a clean failure within `bound`, and a terminal-safe stderr.
void expect_clean_failure(const Run& r, std::chrono::seconds bound) {
  SCOPED_TRACE("opsdeck " + r.command);
  const int code = r.result.exit_code;
  EXPECT_NE(code, 0) << r.result.err;
  EXPECT_NE(code, 134) << "aborted: " << r.result.err;
  EXPECT_NE(code, 139) << "segfault: " << r.result.err;
  EXPECT_NE(code, 137) << "still running at the test's deadline (a hang)";
  EXPECT_LT(code, 128) << "ended by a signal";
  EXPECT_LT(r.took, bound) << "took " << r.took.count() << " ms";
  const std::string& err = r.result.err;
  EXPECT_TRUE(contains(last_line(err), "opsdeck: ")) << err;
  EXPECT_EQ(err.find('\x1b'), std::string::npos) << "ESC reached stderr";
  EXPECT_TRUE(valid_utf8(err)) << "raw bytes reached stderr";
  EXPECT_FALSE(has_c1(err)) << "a C1 control reached stderr";
  EXPECT_LT(err.size(), 8192U) << "a page of the body reached stderr";
  std::size_t start = 0;
  while (start < err.size()) {
    auto end = err.find('\n', start);
    if (end == std::string::npos) end = err.size();
    EXPECT_LT(end - start, 1000U) << "an overlong line: " << err.substr(start, 200);
    start = end + 1;
  }
  EXPECT_EQ(r.result.out.find('\x1b'), std::string::npos);
  EXPECT_LT(r.result.out.size(), 1024U) << "the body reached stdout";
}

// --- the endpoint's side ---------------------------------------------------------------

bool is_json(const CapturedRequest& r) { return r.header("x-amz-target") != nullptr; }

std::string content_type(const CapturedRequest& r) {
  if (!is_json(r)) return "text/xml";
  const std::string* t = r.header("x-amz-target");
  return t->starts_with("GraniteServiceVersion20100801.") ? "application/x-amz-json-1.0"
                                                          : "application/x-amz-json-1.1";
}

// "DescribeDBInstances" from a query body (Action=...&Version=...); "" for JSON.
std::string query_action(const CapturedRequest& r) {
  auto at = r.body.find("Action=");
  if (at == std::string::npos) return {};
  auto end = r.body.find('&', at);
  return r.body.substr(at + 7, end == std::string::npos ? std::string::npos : end - at - 7);
}

std::string head(int status, const std::string& type, std::size_t length) {
  return "HTTP/1.1 " + std::to_string(status) + " Status\r\nContent-Type: " + type +
         "\r\nContent-Length: " + std::to_string(length) + "\r\nConnection: close\r\n\r\n";
}

// Bytes from a fixed-seed generator: every byte value, ESC and 0x9B (8-bit CSI) included.
const std::string& garbage_50mb() {
  static const std::string bytes = [] {
    std::string s(50u << 20, '\0');
    std::uint64_t x = 0x9E3779B97F4A7C15ULL;
    for (auto& c : s) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      c = static_cast<char>(x >> 56);
    }
    s[0] = '\x1b';  // starts like a terminal escape
    s[1] = '[';
    s[2] = '2';
    s[3] = 'J';
    return s;
  }();
  return bytes;
}

constexpr int kDepth = 30'000;

std::string nested_xml(const std::string& action) {
  std::string s = "<" + action + "Response><" + action + "Result>";
  s.reserve(s.size() + kDepth * 13 + 100);
  for (int i = 0; i < kDepth; ++i) s += "<item>";
  for (int i = 0; i < kDepth; ++i) s += "</item>";
  return s + "</" + action + "Result></" + action + "Response>";
}

std::string nested_json() {
  std::string s = "{\"x\":";
  s.append(kDepth, '[');
  s.append(kDepth, ']');
  return s + "}";
}

const char* kHtmlPage =
    "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title><style>body{font-family:sans-serif}"
    "h1{color:#c00}</style></head>\n<body><h1>Bad Gateway</h1><p>The proxy server received an invalid "
    "response from an upstream server. Please try again later or contact your administrator if the "
    "problem persists.</p><hr><address>nginx/1.25.3 at corp-proxy.example</address>"
    "<p>PAGE-TAIL-MARKER: reference #8f3e2a1b</p></body></html>\n";

// --- the cases ---------------------------------------------------------------------------

TEST(HostileEndpoints, TruncatedBodyIsReportedAsTruncated) {
  LoopbackHttpServer server([](const CapturedRequest& r) {
    std::string partial = is_json(r) ? R"({"events":[{"message":"par)" : "<" + query_action(r) + "Response><item>";
    return head(200, content_type(r), 5000) + partial;  // promised 5000 bytes, then closes
  });
  for (const auto& run : run_all(server.url(), 90s)) {
    expect_clean_failure(run, 60s);
    EXPECT_TRUE(contains(last_line(run.result.err), "truncated response")) << run.command << ": " << run.result.err;
  }
}

TEST(HostileEndpoints, HtmlErrorPageFromAProxyNamesTheStatusAndSaysItIsNotAws) {
  LoopbackHttpServer server(
      [](const CapturedRequest&) { return LoopbackHttpServer::response(502, kHtmlPage, {}, "text/html"); });
  for (const auto& run : run_all(server.url(), 90s)) {
    expect_clean_failure(run, 60s);
    const std::string line = last_line(run.result.err);
    EXPECT_TRUE(contains(line, "HTTP 502")) << run.command << ": " << line;
    EXPECT_TRUE(contains(line, "not AWS")) << run.command << ": " << line;
    EXPECT_FALSE(contains(run.result.err, "PAGE-TAIL-MARKER")) << run.command << ": the page was printed";
  }
}

TEST(HostileEndpoints, HtmlWithStatus200SaysTheEndpointIsNotAws) {
  LoopbackHttpServer server(
      [](const CapturedRequest&) { return LoopbackHttpServer::response(200, kHtmlPage, {}, "text/html"); });
  for (const auto& run : run_all(server.url(), 90s)) {
    expect_clean_failure(run, 60s);
    const std::string line = last_line(run.result.err);
    EXPECT_TRUE(contains(line, "HTTP 200")) << run.command << ": " << line;
    EXPECT_TRUE(contains(line, "not AWS")) << run.command << ": " << line;
    EXPECT_FALSE(contains(run.result.err, "PAGE-TAIL-MARKER")) << run.command << ": the page was printed";
  }
}

TEST(HostileEndpoints, ErrorDocumentWithStatus200IsAnError) {
  LoopbackHttpServer server([](const CapturedRequest& r) {
    if (is_json(r))
      return LoopbackHttpServer::response(
          200, R"({"__type":"com.amazonaws.coral#AccessDeniedException","message":"denied, but sent as 200"})", {},
          content_type(r));
    return LoopbackHttpServer::response(
        200,
        "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>denied, but sent as 200"
        "</Message></Error><RequestId>req-200</RequestId></ErrorResponse>");
  });
  for (const auto& run : run_all(server.url(), 90s)) {
    expect_clean_failure(run, 60s);
    const std::string line = last_line(run.result.err);
    // Either the error is recognised, or the answer is refused as not AWS-shaped.
    EXPECT_TRUE(contains(line, "AccessDenied") || contains(line, "did not answer like AWS"))
        << run.command << ": " << line;
  }
}

TEST(HostileEndpoints, EndlessSlowBodyIsEndedByTheRequestTimeout) {
  // Headers at once, then one byte every 500 ms forever; a Content-Length below the
  // response cap, so only a timeout can end it.
  SlowHttpServer server(SlowHttpServer::head_for(200, "application/x-amz-json-1.1"), ' ', 500ms);
  // 3 attempts of 30 s each, plus room for a slow machine. `logs` (4 slices at once) is
  // held to its page deadline instead: one 30 s attempt and a second cut to what is left
  // of 45 s.
  for (const auto& run : run_all(server.url(), 180s)) {
    expect_clean_failure(run, run.command == "logs" ? 60s : 150s);
    const std::string line = last_line(run.result.err);
    EXPECT_TRUE(contains(line, "timed out") || contains(line, "timeout")) << run.command << ": " << line;
    std::printf("endless body: opsdeck %s ended after %lld ms\n", run.command.c_str(),
                static_cast<long long>(run.took.count()));
  }
  EXPECT_GE(server.request_count(), 3);
}

TEST(HostileEndpoints, DeeplyNestedDocumentsAreRefused) {
  LoopbackHttpServer server([](const CapturedRequest& r) {
    return LoopbackHttpServer::response(200, is_json(r) ? nested_json() : nested_xml(query_action(r)), {},
                                        content_type(r));
  });
  for (const auto& run : run_all(server.url(), 90s)) {
    const std::string line = last_line(run.result.err);
    // The typed EC2 / RDS readers never descend into elements they do not know, so a deep
    // subtree there is simply not rows: "no instances found" is a correct, clean answer.
    if (run.result.exit_code == 0 && contains(line, "found")) {
      EXPECT_LT(run.took, 60s);
      continue;
    }
    expect_clean_failure(run, 60s);
    EXPECT_TRUE(contains(line, "nested") || contains(line, "deep")) << run.command << ": " << line;
  }
}

TEST(HostileEndpoints, FiftyMegabytesOfGarbageIsRefusedWithoutPrintingIt) {
  const std::string& junk = garbage_50mb();
  LoopbackHttpServer server([&junk](const CapturedRequest& r) { return head(200, content_type(r), junk.size()) + junk; });
  for (const auto& run : run_all(server.url(), 90s)) {
    expect_clean_failure(run, 60s);
    const std::string line = last_line(run.result.err);
    EXPECT_TRUE(contains(line, "HTTP 200")) << run.command << ": " << line;
    EXPECT_TRUE(contains(line, "not AWS")) << run.command << ": " << line;
    std::printf("50 MB of garbage: opsdeck %s ended after %lld ms\n", run.command.c_str(),
                static_cast<long long>(run.took.count()));
  }
}

TEST(HostileEndpoints, EscapesAndInvalidUtf8InAnErrorMessageAreNeutralised) {
  LoopbackHttpServer server([](const CapturedRequest& r) {
    if (is_json(r))
      return LoopbackHttpServer::response(
          400,
          R"({"__type":"ValidationException","message":"bad \u001b[2J\u001b]0;pwned\u0007 csi \u009b31m bidi \u202eexe.txt end"})",
          {}, content_type(r));
    return LoopbackHttpServer::response(
        400, "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidParameterValue</Code><Message>bad \x1b[2J\x1b]0;"
             "pwned\x07 csi \x9b"
             "31m raw \xff\xfe bidi \xe2\x80\xae"
             "exe.txt end</Message></Error><RequestId>req-esc</RequestId></ErrorResponse>");
  });
  for (const auto& run : run_all(server.url(), 90s)) {
    expect_clean_failure(run, 60s);
    const std::string line = last_line(run.result.err);
    EXPECT_TRUE(contains(line, "HTTP 400")) << run.command << ": " << line;
    EXPECT_TRUE(contains(line, "ValidationException") || contains(line, "InvalidParameterValue"))
        << run.command << ": " << line;
    EXPECT_FALSE(contains(run.result.err, "\xe2\x80\xae")) << run.command << ": a bidi override reached stderr";
  }
}

TEST(HostileEndpoints, ServerClosingBeforeAnsweringIsANetworkError) {
  LoopbackHttpServer server([](const CapturedRequest&) { return std::string(); });  // close, no reply
  for (const auto& run : run_all(server.url(), 90s)) {
    expect_clean_failure(run, 60s);
    const std::string line = last_line(run.result.err);
    EXPECT_TRUE(contains(line, "cannot reach the endpoint") || contains(line, "Empty reply"))
        << run.command << ": " << line;
  }
}

}  // namespace
}  // namespace opsdeck::testing
