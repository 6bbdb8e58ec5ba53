// A registered secret stays masked however a script quotes, escapes or encodes it, and
// values after secret names are masked under the app/secret_names.hpp rules.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "app/redactor.hpp"
#include "app/secret_value_forms.hpp"

using opsdeck::app::base64_forms;
using opsdeck::app::match_encoded_value;
using opsdeck::app::Redactor;

namespace {

// What /bin/bash prints for `script`, which reads the value from $V (it passes through the
// environment, so nothing is quoted by the test itself).
std::string bash_quoted(const char* script, const std::string& value) {
  ::setenv("V", value.c_str(), 1);
  std::string cmd = std::string("/bin/bash -c '") + script + "'";
  std::string out;
  if (FILE* p = ::popen(cmd.c_str(), "r")) {
    char buf[512];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    ::pclose(p);
  }
  ::unsetenv("V");
  return out;
}

std::string base64_of(const std::string& value) {
  ::setenv("V", value.c_str(), 1);
  std::string out;
  if (FILE* p = ::popen("printf %s \"$V\" | base64 -w0", "r")) {
    char buf[512];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    ::pclose(p);
  }
  ::unsetenv("V");
  return out;
}

std::string percent_encode(const std::string& v, bool lower, bool plus_for_space) {
  std::string out;
  const char* hex = lower ? "0123456789abcdef" : "0123456789ABCDEF";
  for (unsigned char c : v) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else if (c == ' ' && plus_for_space) {
      out.push_back('+');
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

Redactor with(const std::string& secret) {
  Redactor r;
  r.add_secret(secret);
  return r;
}

}  // namespace

TEST(RedactorForms, ShellSingleQuotes) {
  Redactor r = with("hunter2'x");
  EXPECT_EQ(r.redact("mysql -u app -p'hunter2'\\''x' db"), "mysql -u app -p'***' db");
  EXPECT_EQ(r.redact("echo 'hunter2'\"'\"'x'"), "echo '***'");
}

TEST(RedactorForms, ShellDoubleQuotesAndBackslashes) {
  const std::string secret = "pa$s\"w`d\\z";
  Redactor r = with(secret);
  EXPECT_EQ(r.redact("curl -u \"app:pa\\$s\\\"w\\`d\\\\z\" x"), "curl -u \"app:***\" x");
  Redactor t = with("tok$en");
  EXPECT_EQ(t.redact("run --with tok\\$en now"), "run --with *** now");
}

TEST(RedactorForms, WhatBashQuotingMakesOfIt) {
  for (std::string secret : {"hunter2'x", "s3cret with spaces", "tab\there", "new\nline", "esc\x1b[0m!",
                             "caf\xC3\xA9-p@ss", "a&b|c;d<e>f(g)h", "$(rm -rf /)", "back\\slash\"quote"}) {
    for (const char* script : {"printf %q \"$V\"", "printf %s \"${V@Q}\""}) {
      std::string q = bash_quoted(script, secret);
      ASSERT_FALSE(q.empty()) << script;
      std::string want = q.starts_with("$'") ? "$'***'" : q.starts_with("'") ? "'***'" : "***";
      EXPECT_EQ(with(secret).redact("psql " + q + " done"), "psql " + want + " done") << script << " gave " << q;
    }
  }
}

TEST(RedactorForms, AnsiCQuoting) {
  Redactor r = with("x'y\nz\x1bw");
  EXPECT_EQ(r.redact("echo $'x\\'y\\nz\\x1bw'"), "echo $'***'");
  EXPECT_EQ(r.redact("echo $'x\\047y\\012z\\033w'"), "echo $'***'");
  EXPECT_EQ(r.redact("echo $'x\\'y\\nz\\Ew'"), "echo $'***'");
}

TEST(RedactorForms, UrlEncoded) {
  const std::string secret = "p@ss w/rd&=+%";
  Redactor r = with(secret);
  for (bool lower : {false, true})
    for (bool plus : {false, true}) {
      std::string enc = percent_encode(secret, lower, plus);
      EXPECT_EQ(r.redact("GET /login?user=app&password=" + enc + "&next=/home"), "GET /login?user=app&password=***&next=/home")
          << enc;
      EXPECT_EQ(r.redact("GET /q?v=" + enc + "&next=/"), "GET /q?v=***&next=/") << enc;
    }
  // encodeURIComponent leaves some characters alone; any mix of forms is the same value.
  EXPECT_EQ(r.redact("v=p%40ss%20w%2frd%26%3D%2B%25 end"), "v=*** end");
  EXPECT_EQ(r.redact("v=p@ss+w/rd%26=%2b%25 end"), "v=*** end");
}

TEST(RedactorForms, Base64AtAnyOffset) {
  const std::string secret = "hunter2-secret";
  Redactor r = with(secret);
  std::string b = base64_of(secret);
  ASSERT_FALSE(b.empty());
  EXPECT_EQ(r.redact("echo " + b + " | base64 -d"), "echo *** | base64 -d");
  // Inside a longer base64 text ("user:" + secret, as HTTP Basic sends it): offsets 1 and 2.
  for (std::string prefix : {"u", "us", "use", "user:", "app:"}) {
    std::string blob = base64_of(prefix + secret + "@tail");
    std::string out = r.redact("X-Creds: " + blob);
    EXPECT_EQ(out.find(blob), std::string::npos) << prefix << ": " << out;
    EXPECT_NE(out.find("***"), std::string::npos) << prefix << ": " << out;
  }
  // URL-safe alphabet.
  const std::string binary = "\xFB\xFF\xBF\xFB\xFF\xBF" "abc";
  Redactor u = with(binary);
  EXPECT_EQ(u.redact("std=+/+/+/+/YWJj url=-_-_-_-_YWJj"), "std=*** url=***");
  EXPECT_EQ(u.redact("t=-_-_"), "t=-_-_");  // shorter than 6 characters: not a form on its own
}

TEST(RedactorForms, JsonEscaped) {
  const std::string secret = "q\"uo\\te/\x01" "caf\xC3\xA9\xF0\x9F\x94\x91";
  Redactor r = with(secret);
  nlohmann::json j = {{"Parameters", {{"commands", {"echo " + secret}}}}};
  for (bool ascii : {false, true}) {
    std::string text = j.dump(-1, ' ', ascii);
    std::string out = r.redact(text);
    EXPECT_EQ(out, R"({"Parameters":{"commands":["echo ***"]}})") << text;
  }
  EXPECT_EQ(r.redact(R"("q\"uo\\te\/\u0001caf\u00E9\uD83D\uDD11")"), R"("***")");
}

TEST(RedactorForms, MatcherReportsTheLongestReading) {
  EXPECT_EQ(match_encoded_value("a\\\\bc", 0, "a\\bc"), 5u);  // an escaped backslash
  EXPECT_EQ(match_encoded_value("a\\bc", 0, "a\\bc"), 4u);    // a literal one
  EXPECT_EQ(match_encoded_value("abx", 0, "abc"), std::string_view::npos);
  EXPECT_EQ(match_encoded_value("%4", 0, "J"), std::string_view::npos);
  EXPECT_EQ(match_encoded_value("%4a", 0, "J"), 3u);
}

TEST(RedactorForms, ShortValuesAndPlainTextAreLeftAlone) {
  Redactor r;
  r.add_secret("abc");  // < 4 characters: names only
  r.add_secret("hunter2");
  EXPECT_EQ(r.redact("abc def"), "abc def");
  const std::string plain = "ls -la /var/log | grep -c error && systemctl status nginx --no-pager";
  EXPECT_EQ(r.redact(plain), plain);
}

TEST(RedactorForms, LongerSecretIsMaskedWhole) {
  Redactor r;
  r.add_secret("hunt");
  r.add_secret("hunter2-long");
  EXPECT_EQ(r.redact("x hunter2-long y hunt z"), "x *** y *** z");
}

TEST(RedactorNames, ValuesAfterSecretNames) {
  Redactor r;
  const std::pair<const char*, const char*> cases[] = {
      {"DB_PASS=pw123 ./migrate", "DB_PASS=*** ./migrate"},
      {"export PGPASS='a b'\\''c' && next", "export PGPASS=*** && next"},
      {"MYSQL_PWD=\"x y\" mysql", "MYSQL_PWD=*** mysql"},
      {"API_KEY=abc SENTRY_DSN=https://k@sentry.io/1 run", "API_KEY=*** SENTRY_DSN=*** run"},
      {"DATABASE_URL=postgres://u:p@h/db run", "DATABASE_URL=*** run"},
      {"app --db-password hunter --host db", "app --db-password *** --host db"},
      {"app --api-key=abc123 --verbose", "app --api-key=*** --verbose"},
      {"app --auth-token 'x y' --v", "app --auth-token *** --v"},
      {R"({"password": "x\"y", "user": "bob"})", R"({"password": ***, "user": "bob"})"},
      {R"({"clientSecret":"s3","region":"eu"})", R"({"clientSecret":***,"region":"eu"})"},
      {"token: abc123\nhost: db", "token: ***\nhost: db"},
      {"Authorization: Bearer abc.def", "Authorization: *** ***"},
      // Not secrets: the value stays.
      {"KEY_NAME=prod-key ssh", "KEY_NAME=prod-key ssh"},
      {"aws ec2 run-instances --key-name prod-key", "aws ec2 run-instances --key-name prod-key"},
      {"PWD=/home/app OLDPWD=/tmp", "PWD=/home/app OLDPWD=/tmp"},
      {"author: bob", "author: bob"},
      {"if [ $a == b ]; then x; fi", "if [ $a == b ]; then x; fi"},
      {"see https://example.com/a", "see https://example.com/a"},
  };
  for (const auto& [in, want] : cases) EXPECT_EQ(r.redact(in), want) << in;
}

TEST(RedactorNames, AFlagWithoutAValueMasksWhatFollowsRatherThanLeak) {
  Redactor r;
  EXPECT_EQ(r.redact("psql --password -secretlooking"), "psql --password ***");
  EXPECT_EQ(r.redact("psql --password\nnext"), "psql --password\nnext");
}

TEST(RedactorNames, ExtraNamesFromTheConfig) {
  Redactor r;
  EXPECT_EQ(r.redact("STRIPE_ACCOUNT=acct_1"), "STRIPE_ACCOUNT=acct_1");
  r.add_secret_names({"stripe"});
  EXPECT_EQ(r.redact("STRIPE_ACCOUNT=acct_1"), "STRIPE_ACCOUNT=***");
}

TEST(RedactorNames, TheExistingRulesStillHold) {
  Redactor r;
  r.add_secret("hunter2-secret");
  std::string out = r.redact(
      "export DB_PASSWORD='hunter2-secret'\n"
      "psql postgres://app:s3cr3tpw@db:5432/app --password hunter2-secret\n"
      "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE aws s3 ls\n"
      "aws configure set aws_secret_access_key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
      "git checkout 0123456789abcdef0123456789abcdef01234567\n");
  for (const char* secret : {"hunter2-secret", "s3cr3tpw", "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"})
    EXPECT_EQ(out.find(secret), std::string::npos) << secret << " in:\n" << out;
  EXPECT_NE(out.find("AWS_ACCESS_KEY_ID=AKIA****************"), std::string::npos) << out;
  EXPECT_NE(out.find("0123456789abcdef0123456789abcdef01234567"), std::string::npos);
}
