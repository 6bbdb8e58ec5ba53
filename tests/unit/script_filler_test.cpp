// fill_script: hostile values × shell contexts, proven by running the filled script in
// /bin/bash with FilledScript::env as its environment. Each cell either delivers the
// value exactly (checked with a NUL-separated argv dump) or is refused with a message
// naming the variable; a canary file the values try to create must never appear.
// Also export_prelude against bash and dash.

#include "app/runbook/script_filler.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/runbook/remote_prelude.hpp"

namespace opsdeck::app::runbook {
namespace {

namespace fs = std::filesystem;
using Env = std::map<std::string, std::string>;

// A directory under /tmp removed with its contents when the test ends.
class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/opsdeck_filler.XXXXXX";
    if (char* d = mkdtemp(tmpl)) path_ = d;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct Ran {
  int status = -1;
  std::string out;
};

// Runs `program -c script` in `cwd` with exactly `env` (plus PATH) as its environment.
Ran run_shell(const std::string& program, const std::string& script, const Env& env,
              const std::string& cwd) {
  // Everything the child needs is built before fork().
  std::vector<std::string> strings = {"PATH=/usr/bin:/bin", "LC_ALL=C.UTF-8"};
  strings.reserve(env.size() + 2);
  for (const auto& [k, v] : env) {
    std::string entry = k;
    entry += '=';
    entry += v;
    strings.push_back(std::move(entry));
  }
  std::vector<char*> envp;
  envp.reserve(strings.size() + 1);
  for (auto& s : strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::string arg0 = program, dash_c = "-c", body = script;
  char* argv[] = {arg0.data(), dash_c.data(), body.data(), nullptr};
  int out[2];
  Ran r;
  if (pipe(out) != 0) return r;
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    int devnull = open("/dev/null", O_RDWR);
    dup2(devnull, STDIN_FILENO);
    dup2(devnull, STDERR_FILENO);
    close(out[0]);
    close(out[1]);
    if (chdir(cwd.c_str()) != 0) _exit(126);
    alarm(20);
    execve(program.c_str(), argv, envp.data());
    _exit(127);
  }
  close(out[1]);
  char buf[65536];
  for (ssize_t n; (n = read(out[0], buf, sizeof buf)) > 0;)
    r.out.append(buf, static_cast<std::size_t>(n));
  close(out[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

std::string nul_joined(const std::vector<std::string>& args) {
  std::string s;
  for (const auto& a : args) s += a + std::string(1, '\0');
  return s;
}

// ---- the values ---------------------------------------------------------------------

struct Value {
  std::string label;
  std::string text;
};

std::vector<Value> hostile_values(const std::string& canary) {
  std::string ten_k;
  while (ten_k.size() < 10240)
    ten_k += "a'b\"c\\d $(touch " + canary + ") `touch " + canary + "` ;*?[a]~\n";  // NOLINT
  return {
      {"cmdsubst", "$(touch " + canary + ")"},
      {"backticks", "`touch " + canary + "`"},
      {"squote", "'"},
      {"dquote", "\""},
      {"backslash", "\\"},
      {"semicolon", ";touch " + canary},
      {"space", "a b"},
      {"newline", "\n"},
      {"two_lines", "a\nb"},
      {"ifs", "$IFS"},
      {"star", "*"},
      {"question", "?"},
      {"bracket", "[a]"},
      {"tilde", "~"},
      {"flag", "--flag"},
      {"rf", "-rf"},
      {"percent", "%s"},
      {"subscript", "a[$(touch " + canary + ")]"},
      {"unicode", "Zürich ✓"},
      {"unicode_word", "Zürich✓"},
      {"empty", ""},
      {"ten_k", ten_k},
      {"ten_k_plain", std::string(10240, 'x')},
      {"instance", "i-0abc123"},
      {"identifier", "prod_1"},
      {"int", "5"},
      {"negative", "-3"},
      {"zero", "0"},
      {"octal", "010"},
      {"huge", "99999999999999999999"},
      {"bidi", "a\u202eb"},
  };
}

bool inert(const std::string& v) {
  if (v.empty()) return false;
  for (unsigned char c : v)
    if (c < 0x80 && !std::isalnum(c) &&
        std::string_view("_./:@%+,=-").find(static_cast<char>(c)) == std::string_view::npos)
      return false;
  return v.find("\u202e") == std::string::npos;
}
bool integer(const std::string& v) {
  std::string_view s = v;
  if (!s.empty() && s[0] == '-') s.remove_prefix(1);
  return !s.empty() && s.size() <= 18 && (s.size() == 1 || s[0] != '0') &&
         s.find_first_not_of("0123456789") == std::string_view::npos;
}
bool identifier(const std::string& v) {
  return !v.empty() && !std::isdigit(static_cast<unsigned char>(v[0])) &&
         v.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_") ==
             std::string::npos;
}

// ---- the contexts -------------------------------------------------------------------

// Which values a context must accept; all others it must refuse.
enum class Accepts { Any, NoLineBreak, Inert, InertNoDash, Integer, Identifier };

struct Context {
  std::string label;
  std::string script;  // MY_VAL is the variable in every form
  Accepts accepts;
  std::function<std::string(const std::string&)>
      out;                    // expected stdout; empty function: do not run
  bool pastes_value = false;  // a quoted here-document holds the value itself
};

std::string arg(const std::string& v) { return nul_joined({v}); }

std::vector<Context> contexts() {
  const std::string dump = "printf '%s\\0' ";
  return {
      {"unquoted_arg", dump + "<MY_VAL>", Accepts::Any, arg},
      {"glued", dump + "x<MY_VAL>y", Accepts::Any, [](auto& v) { return arg("x" + v + "y"); }},
      {"opt_equals", dump + "--opt=<MY_VAL>", Accepts::Any,
       [](auto& v) { return arg("--opt=" + v); }},
      {"bare_option_value", dump + "--opt MY_VAL", Accepts::Any,
       [](auto& v) {
         return nul_joined({"--opt", v});
       }},
      {"bare_option_equals", dump + "--opt=MY_VAL", Accepts::Any,
       [](auto& v) { return arg("--opt=" + v); }},
      {"double_quotes", dump + "\"a <MY_VAL> b\"", Accepts::Any,
       [](auto& v) { return arg("a " + v + " b"); }},
      {"single_quotes", dump + "'a <MY_VAL> b'", Accepts::Any,
       [](auto& v) { return arg("a " + v + " b"); }},
      {"ansi_c_quotes", dump + "$'a\\t<MY_VAL>'", Accepts::Any,
       [](auto& v) { return arg("a\t" + v); }},
      {"squote_in_dquoted_cmdsubst", dump + "\"$(printf '%s.' '<MY_VAL>')\"", Accepts::Any,
       [](auto& v) { return arg(v + "."); }},
      {"unquoted_cmdsubst", "x=$(printf '%s.' <MY_VAL>); " + dump + "\"$x\"", Accepts::Any,
       [](auto& v) { return arg(v + "."); }},
      {"backticks", "x=`printf '%s.' <MY_VAL>`; " + dump + "\"$x\"", Accepts::Any,
       [](auto& v) { return arg(v + "."); }},
      {"backticks_in_dquotes", dump + "\"`printf '%s.' <MY_VAL>`\"", Accepts::Any,
       [](auto& v) { return arg(v + "."); }},
      {"squote_in_backticks", "x=`printf '%s.' 'a <MY_VAL>'`; " + dump + "\"$x\"", Accepts::Any,
       [](auto& v) { return arg("a " + v + "."); }},
      {"unquoted_heredoc", "cat <<EOF\n<MY_VAL> $HOME\nEOF", Accepts::Any,
       [](auto& v) { return v + " /h\n"; }},
      {"quoted_heredoc", "cat <<'EOF'\n<MY_VAL> $HOME\nEOF", Accepts::NoLineBreak,
       [](auto& v) { return v + " $HOME\n"; }, true},
      {"comment_apostrophe", "# don't <MY_VAL>\n" + dump + "<MY_VAL> # it's <MY_VAL>", Accepts::Any,
       arg},
      {"dollar_var", dump + "$MY_VAL", Accepts::Any, arg},
      {"braced_var", dump + "${MY_VAL}", Accepts::Any, arg},
      {"default_var", dump + "${MY_VAL:-default}", Accepts::Any,
       [](auto& v) { return arg(v.empty() ? std::string("default") : v); }},
      {"quoted_var", dump + "\"$MY_VAL\"", Accepts::Any, arg},
      {"var_glued", dump + "x$MY_VAL.y", Accepts::Any, [](auto& v) { return arg("x" + v + ".y"); }},
      {"test_gt", "if [[ $MY_VAL -gt 1 ]]; then " + dump + "gt; else " + dump + "le; fi",
       Accepts::Integer, [](auto& v) { return arg(std::stoll(v) > 1 ? "gt" : "le"); }},
      {"arith_bare_name", dump + "$(( MY_VAL + 1 ))", Accepts::Integer,
       [](auto& v) { return arg(std::to_string(std::stoll(v) + 1)); }},
      {"arith_placeholder", dump + "$(( <MY_VAL> * 2 ))", Accepts::Integer,
       [](auto& v) { return arg(std::to_string(std::stoll(v) * 2)); }},
      {"arith_command", "if (( <MY_VAL> > 1 )); then " + dump + "gt; else " + dump + "le; fi",
       Accepts::Integer, [](auto& v) { return arg(std::stoll(v) > 1 ? "gt" : "le"); }},
      {"subscript", "a=(p q r s t u); " + dump + "\"${a[<MY_VAL> + 1]}\"", Accepts::Integer,
       [](auto& v) {
         long long i = std::stoll(v) + 1;
         if (i < 0) i += 6;
         return arg(i >= 0 && i < 6 ? std::string(1, "pqrstu"[i]) : std::string());
       }},
      {"name_printf_v", "printf -v <MY_VAL> '%s' ok && n=<MY_VAL> && " + dump + "\"${!n}\"",
       Accepts::Identifier, [](auto&) { return arg("ok"); }},
      {"bash_c_dquoted", "bash -c \"" + dump + "<MY_VAL>\"", Accepts::Inert, arg},
      {"bash_c_squoted", "bash -c 'printf \"%s\\0\" <MY_VAL>'", Accepts::Inert, arg},
      {"bash_c_var", "bash -c \"" + dump + "$MY_VAL\"", Accepts::Inert, arg},
      {"bash_c_positional", "bash -c 'printf \"%s\\0\" \"$1\"' _ <MY_VAL>", Accepts::Any, arg},
      {"eval", "eval \"" + dump + "<MY_VAL>\"", Accepts::Inert, arg},
      {"pipe_into_bash", "printf '%s\\n' \"printf '%s\\\\0' <MY_VAL>\" | bash", Accepts::Inert,
       arg},
      {"heredoc_into_bash", "bash <<'EOF'\n" + dump + "<MY_VAL>\nEOF", Accepts::Inert, arg, true},
      {"ssh_command", "ssh host \"x <MY_VAL>\"", Accepts::Inert, {}},
      {"ssh_destination", "ssh <MY_VAL> uptime", Accepts::InertNoDash, {}},
      {"xargs_input", "printf '%s\\n' <MY_VAL> | xargs printf '%s\\0'", Accepts::Inert, arg},
  };
}

bool should_accept(Accepts a, const std::string& v) {
  switch (a) {
    case Accepts::Any:
      return true;
    case Accepts::NoLineBreak:
      return v.find('\n') == std::string::npos;
    case Accepts::Inert:
      return inert(v);
    case Accepts::InertNoDash:
      return inert(v) && v[0] != '-';
    case Accepts::Integer:
      return integer(v);
    case Accepts::Identifier:
      return identifier(v);
  }
  return false;
}

class HostileValues : public ::testing::TestWithParam<Context> {};

TEST_P(HostileValues, ArriveExactlyOrAreRefusedByName) {
  const Context& ctx = GetParam();
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  const std::string canary = dir.path() + "/canary";
  // Files a stray glob (*, ?, [a]) would match.
  for (const char* f : {"a", "zz"}) std::ofstream(dir.path() + "/" + f) << "";
  for (const auto& [label, v] : hostile_values(canary)) {
    SCOPED_TRACE(ctx.label + " × " + label);
    auto filled = fill_script(ctx.script, {{"MY_VAL", v}});
    bool accept = should_accept(ctx.accepts, v);
    if (!filled.ok()) {
      EXPECT_FALSE(accept) << "refused: " << filled.error().message;
      EXPECT_NE(filled.error().message.find("MY_VAL"), std::string::npos) << filled.error().message;
      EXPECT_EQ(filled.error().kind, aws::ErrorKind::Usage);
      continue;
    }
    EXPECT_TRUE(accept) << "accepted:\n" << filled->script;
    if (!ctx.pastes_value && v.size() >= 6) {
      EXPECT_EQ(filled->script.find(v), std::string::npos)
          << "the value was pasted into the script:\n"
          << filled->script;
    }
    if (!ctx.out) continue;
    Env env = filled->env;
    env["HOME"] = "/h";
    Ran ran = run_shell("/bin/bash", filled->script, env, dir.path());
    EXPECT_EQ(ran.status, 0) << filled->script;
    EXPECT_EQ(ran.out, ctx.out(v)) << filled->script;
    EXPECT_FALSE(fs::exists(canary)) << "the value ran a command:\n" << filled->script;
    fs::remove(canary);
  }
}

INSTANTIATE_TEST_SUITE_P(Contexts, HostileValues, ::testing::ValuesIn(contexts()),
                         [](const auto& param_info) { return param_info.param.label; });

}  // namespace
}  // namespace opsdeck::app::runbook

namespace opsdeck::app::runbook {
namespace {

std::string refusal(std::string_view script, const Env& values) {
  auto r = fill_script(script, values);
  return r.ok() ? std::string() : r.error().message;
}

std::string filled(std::string_view script, const Env& values) {
  auto r = fill_script(script, values);
  return r.ok() ? r->script : "refused: " + r.error().message;
}

TEST(ScriptFiller, ReferenceFormFollowsTheContext) {
  Env v = {{"ZONE_ID", "Z1"}};
  EXPECT_EQ(filled("aws route53 get-hosted-zone --id <ZONE_ID>", v),
            "aws route53 get-hosted-zone --id \"$ZONE_ID\"");
  EXPECT_EQ(filled("echo zone-<ZONE_ID>.txt", v), "echo zone-\"$ZONE_ID\".txt");
  EXPECT_EQ(filled("echo \"id: <ZONE_ID>\"", v), "echo \"id: ${ZONE_ID}\"");
  EXPECT_EQ(filled("echo 'id: <ZONE_ID>'", v), "echo 'id: '\"$ZONE_ID\"''");
  EXPECT_EQ(filled("echo \"$(echo '<ZONE_ID>')\"", v), "echo \"$(echo ''\"$ZONE_ID\"'')\"");
  EXPECT_EQ(filled("cat <<EOF\nid <ZONE_ID>\nEOF", v), "cat <<EOF\nid ${ZONE_ID}\nEOF");
  EXPECT_EQ(filled("cat <<'EOF'\nid <ZONE_ID>\nEOF", v), "cat <<'EOF'\nid Z1\nEOF");
  // A plain value still goes into a quoted here-document of any command; any value into
  // one read by a command known to keep it as data.
  EXPECT_EQ(filled("psql -h db <<'EOF'\nSELECT <ZONE_ID>;\nEOF", v), "psql -h db <<'EOF'\nSELECT Z1;\nEOF");
  EXPECT_EQ(filled("echo $(( <ZONE_ID> ))", {{"ZONE_ID", "7"}}), "echo $(( ${ZONE_ID} ))");
}

TEST(ScriptFiller, CommentsKeepTheirTextAndTheirApostrophes) {
  Env v = {{"ZONE_ID", "it's"}};
  auto r = fill_script("# don't forget <ZONE_ID>\necho <ZONE_ID> # isn't <ZONE_ID>\n", v);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->script, "# don't forget <ZONE_ID>\necho \"$ZONE_ID\" # isn't <ZONE_ID>\n");
  EXPECT_EQ(r->env, (Env{{"ZONE_ID", "it's"}}));
}

TEST(ScriptFiller, BareOptionValuesAndWords) {
  Env v = {{"TASK_ARN", "arn:aws:ecs:1"}, {"YOUR_DOMAIN", "example.org"}};
  EXPECT_EQ(filled("aws ecs stop-task --task TASK_ARN", v),
            "aws ecs stop-task --task \"$TASK_ARN\"");
  EXPECT_EQ(filled("aws ecs stop-task --task=TASK_ARN", v),
            "aws ecs stop-task --task=\"$TASK_ARN\"");
  EXPECT_EQ(filled("dig YOUR_DOMAIN", v), "dig \"$YOUR_DOMAIN\"");
  // Not a word of its own: text inside quotes, part of another word, a name bash reads.
  EXPECT_EQ(filled("echo \"see TASK_ARN\" TASK_ARNS x_TASK_ARN", v),
            "echo \"see TASK_ARN\" TASK_ARNS x_TASK_ARN");
  EXPECT_EQ(filled("read TASK_ARN; unset TASK_ARN", v), "read TASK_ARN; unset TASK_ARN");
}

TEST(ScriptFiller, EnvironmentNames) {
  auto r = fill_script(
      "curl https://<your-domain>/ -H 'x: {env}' -o <PATH> <KUBECONFIG>",
      {{"your-domain", "a.b"}, {"env", "prod"}, {"PATH", "/tmp/o"}, {"KUBECONFIG", "k"}});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->env_name, (Env{{"KUBECONFIG", "OPSDECK_VAR_KUBECONFIG"},
                              {"PATH", "OPSDECK_VAR_PATH"},
                              {"env", "ENV"},
                              {"your-domain", "YOUR_DOMAIN"}}));
  EXPECT_EQ(r->env.at("OPSDECK_VAR_PATH"), "/tmp/o");
  EXPECT_EQ(
      r->script,
      "curl https://\"$YOUR_DOMAIN\"/ -H 'x: '\"$ENV\"'' -o \"$OPSDECK_VAR_PATH\" "
      "\"$OPSDECK_VAR_KUBECONFIG\"");
  // The script's own $YOUR_DOMAIN is another variable: the placeholder moves aside.
  auto r2 = fill_script("echo <your-domain> $YOUR_DOMAIN", {{"your-domain", "a.b"}});
  ASSERT_TRUE(r2.ok()) << r2.error().message;
  EXPECT_EQ(r2->env_name.at("your-domain"), "OPSDECK_VAR_YOUR_DOMAIN");
}

TEST(ScriptFiller, ShellVariablesGetQuotedAndReservedNamesAreRefused) {
  auto r = fill_script("aws s3 ls s3://b-$STAGE/ ${STAGE:-dev} \"$STAGE\"", {{"STAGE", "a b"}});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->script, "aws s3 ls s3://b-\"$STAGE\"/ \"${STAGE:-dev}\" \"$STAGE\"");
  EXPECT_EQ(r->env, (Env{{"STAGE", "a b"}}));
  for (std::string name :
       {"PATH", "IFS", "BASH_ENV", "LD_PRELOAD", "AWS_REGION", "HOME", "PS4"}) {
    std::string msg = refusal("echo $" + name, {{name, "x"}});
    EXPECT_NE(msg.find(name), std::string::npos) << name << ": " << msg;
  }
  // $HOME stays the shell's own when HOME is a textual placeholder of the runbook.
  EXPECT_EQ(filled("cp <HOME> $HOME/", {{"HOME", "/x"}}), "cp \"$OPSDECK_VAR_HOME\" $HOME/");
  // ${…} whose default holds quotes cannot be quoted as a whole.
  EXPECT_NE(refusal("echo ${STAGE:-'a b'}", {{"STAGE", "x"}}).find("STAGE"), std::string::npos);
}

TEST(ScriptFiller, RefusesWithTheVariableName) {
  struct Case {
    std::string script;
    Env values;
    std::string says;
  };
  std::vector<Case> cases = {
      {"echo <ZONE_ID>", {}, "no value"},
      {"echo <ZONE_ID>", {{"ZONE_ID", std::string("a\0b", 3)}}, "NUL"},
      {"echo \\<ZONE_ID>", {{"ZONE_ID", "x"}}, "backslash"},
      {"<ZONE_ID>=1 true", {{"ZONE_ID", "x"}}, "reads no value"},
      {"f<ZONE_ID>() { :; }", {{"ZONE_ID", "x"}}, "reads no value"},
      {"cat << <ZONE_ID>\nx\n<ZONE_ID>", {{"ZONE_ID", "x"}}, "here-document '<ZONE_ID>'"},
      {"echo ${!REF}", {{"REF", "a[$(id)]"}}, "variable name"},
      {"echo ${REF@P}", {{"REF", "x"}}, "prompt"},
      {"declare -i n; n=<COUNT>", {{"COUNT", "a[$(id)]"}}, "arithmetic"},
      {"unset <NAME_X>", {{"NAME_X", "a[$(id)]"}}, "variable name"},
      {"[[ -v <NAME_X> ]]", {{"NAME_X", "a[$(id)]"}}, "variable name"},
      {"let n=<COUNT>+1", {{"COUNT", "1+1"}}, "arithmetic"},
      {"echo $((3-<COUNT>))", {{"COUNT", "-2"}}, "negative"},
      {"echo $((1<COUNT>))", {{"COUNT", "2"}}, "whole operand"},
      {"for ((i=0; i<<COUNT>; i++)); do :; done", {{"COUNT", "x"}}, "arithmetic"},
      {"sudo -u <USER_X> bash -c 'echo <MSG_X>'",
       {{"USER_X", "root"}, {"MSG_X", "a;b"}},
       "bash -c"},
      {"kubectl exec pod -- sh -c \"echo <MSG_X>\"", {{"MSG_X", "$(id)"}}, "sh -c"},
      {"docker exec c bash -lc 'echo <MSG_X>'", {{"MSG_X", "a b"}}, "bash -c"},
      {"find . -exec sh -c 'echo <MSG_X>' \\;", {{"MSG_X", "a b"}}, "sh -c"},
      {"xargs -I{} sh -c 'echo {} <MSG_X>'", {{"MSG_X", "a b"}}, "sh -c"},
      {"su - app -c 'echo <MSG_X>'", {{"MSG_X", "a b"}}, "su"},
      {"watch 'kubectl get pods -n <MSG_X>'", {{"MSG_X", "a;b"}}, "watch"},
      {"trap 'rm -f <MSG_X>' EXIT", {{"MSG_X", "a b"}}, "trap"},
      {"ssh -i <KEY_X> host uptime", {{"KEY_X", "-oProxyCommand=x"}}, "option"},
      {"ssh -o <OPT_X> host uptime", {{"OPT_X", "ProxyCommand=/tmp/x"}}, "local command"},
      {"ssh host <<'EOF'\necho <MSG_X>\nEOF", {{"MSG_X", "a;b"}}, "ssh"},
      {"aws ssm send-command --parameters commands=\"echo <MSG_X>\"",
       {{"MSG_X", "a b"}},
       "send-command"},
      {"PS4='<MSG_X>'; set -x", {{"MSG_X", "$(id)"}}, "PS4"},
      {"cat <<'EOF'\n<MSG_X>\nEOF", {{"MSG_X", "a\nEOF\nid"}}, "line break"},
      // Found by fuzzing: a quoted here-document is copied as written, so for a command
      // not known to keep its input as data (it may be a shell or a SQL client) only a
      // plain value may go in.
      {"dou <<'EOF'\nliteral <MSG_X>\nEOF", {{"MSG_X", "x; rm -rf /tmp/canary #"}}, "quoted here-document"},
      {"psql -h db <<'EOF'\nDELETE FROM t WHERE id = <MSG_X>;\nEOF", {{"MSG_X", "1 OR 1=1"}},
       "not known to keep"},
      {"sudo -u app runner <<'EOF'\n<MSG_X>\nEOF", {{"MSG_X", "$(id)"}}, "quoted here-document"},
      {"echo 'unterminated <MSG_X>", {{"MSG_X", "x"}}, "not valid bash"},
      {"echo <MSG_X>#x", {{"MSG_X", "x"}}, "comment"},
      {"echo \"a\"#<MSG_X>", {{"MSG_X", "x"}}, "part of a word"},
      {"mapfile -C <MSG_X> -c 1 a < /dev/null", {{"MSG_X", "a;b"}}, "callback"},
      {"scp host:<MSG_X> .", {{"MSG_X", "a b"}}, "scp"},
      {"echo \"`printf '%s' \\\"<MSG_X>\\\"`\"", {{"MSG_X", "a b"}}, "backquote"},
      {"echo \"`printf '%s' \\\"$MSG_X\\\"`\"", {{"MSG_X", "a b"}}, "backquote"},
      {"echo `echo \\`echo <MSG_X>\\``", {{"MSG_X", "a b"}}, "nested backquotes"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.script);
    auto r = fill_script(c.script, c.values);
    ASSERT_FALSE(r.ok()) << r->script;
    EXPECT_EQ(r.error().kind, aws::ErrorKind::Usage);
    EXPECT_NE(r.error().message.find(c.says), std::string::npos) << r.error().message;
    if (!c.values.empty() && c.says.find('\'') == std::string::npos && c.says != "not valid bash") {
      bool named = false;
      for (const auto& [name, value] : c.values)
        named = named || r.error().message.find(name) != std::string::npos;
      EXPECT_TRUE(named) << r.error().message;
    }
  }
}

TEST(ScriptFiller, AcceptsPlainValuesWhereAnotherShellParsesAgain) {
  Env v = {{"HOST_X", "ec2-user@10.0.0.5"}, {"SERVICE_X", "nginx"}, {"NS_X", "prod"}};
  EXPECT_EQ(filled("ssh <HOST_X> 'sudo systemctl restart <SERVICE_X>'", v),
            "ssh \"$HOST_X\" 'sudo systemctl restart '\"$SERVICE_X\"''");
  EXPECT_EQ(filled("watch \"kubectl get pods -n <NS_X>\"", v),
            "watch \"kubectl get pods -n ${NS_X}\"");
  // The safe idiom: the value as a positional argument of bash -c is data, any value goes.
  EXPECT_EQ(filled("bash -c 'echo \"$1\"' _ <NS_X>", {{"NS_X", "a'b $(x)"}}),
            "bash -c 'echo \"$1\"' _ \"$NS_X\"");
}

TEST(ScriptFiller, BracesThatAreNotPlaceholders) {
  Env v = {{"env", "prod"}};
  EXPECT_EQ(filled("echo {a,b} {1..3} ${envx} {} {env}", v),
            "echo {a,b} {1..3} ${envx} {} \"$ENV\"");
  // ${env} is the same variable as {env}: one value, one environment name.
  EXPECT_EQ(filled("echo ${env} {env}", v), "echo \"${env}\" \"$env\"");
  EXPECT_EQ(filled("exec {env}>/dev/null", v).find("OPSDECK"), std::string::npos);
}

TEST(ScriptFiller, DeepNestingIsRefused) {
  std::string deep;
  for (int i = 0; i < 300; ++i) deep += "( ";
  deep += "echo <MSG_X>";
  for (int i = 0; i < 300; ++i) deep += " )";
  auto r = fill_script(deep, {{"MSG_X", "x"}});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("deeper"), std::string::npos) << r.error().message;
}

TEST(ScriptFiller, OversizedValueIsRefused) {
  std::string msg =
      refusal("echo <MSG_X>", {{"MSG_X", std::string(kMaxFilledValueBytes + 1, 'x')}});
  EXPECT_NE(msg.find("MSG_X"), std::string::npos) << msg;
}

// Placeholders in many shell constructs at once, run with a value full of syntax.
TEST(ScriptFiller, ConstructsRunExactly) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  const std::string canary = dir.path() + "/canary";
  const std::string v = "a b'\"$(touch " + canary + ")`touch " + canary + "` *\\";
  struct Case {
    std::string script;
    std::vector<std::string> args;
  };
  const std::string dump = "printf '%s\\0' ";
  std::vector<Case> cases = {
      {dump + "\"<X_V>\"'<X_V>'<X_V>", {v + v + v}},
      {dump + "<X_V>\\\n  tail", {v, "tail"}},
      {"case <X_V> in <X_V>) " + dump + "same;; *) " + dump + "diff;; esac", {"same"}},
      {"[[ <X_V> == <X_V> ]] && " + dump + "eq", {"eq"}},
      {"[[ x<X_V> =~ ^x<X_V>$ ]] && " + dump + "re", {"re"}},
      {"for i in <X_V> \"<X_V>\"; do " + dump + "\"$i\"; done", {v, v}},
      {"a=(<X_V> \"<X_V>\" '<X_V>'); " + dump + "\"${a[@]}\"", {v, v, v}},
      {dump + "${UNSET_Z:-<X_V>} \"${UNSET_Z:-<X_V>}\"", {v, v}},
      {"diff <(printf '%s\\n' <X_V>) <(printf '%s\\n' \"<X_V>\") && " + dump + "same", {"same"}},
      {"time " + dump + "<X_V>", {v}},
      {"function f { " + dump + "\"$@\"; }; f <X_V> x<X_V>", {v, "x" + v}},
      {dump + "\"<X_V>#x\"", {v + "#x"}},
      {dump + "<X_V> &\nwait", {v}},
      {dump + "\"$(printf '%s' \"<X_V>\")\"", {v}},
      {"while read -r l; do " + dump + "\"$l\"; done <<< \"<X_V>\"", {v}},
      {"read -r l <<< <X_V>; " + dump + "\"$l\"", {v}},
      {"! false && " + dump + "<X_V>", {v}},
      {dump + "${X_V}x $X_V\"q\" \"${X_V}\"", {v + "x", v + "q", v}},
      {"[[ $X_V == \"$X_V\" ]] && " + dump + "eq", {"eq"}},
      {"case $X_V in \"$X_V\") " + dump + "same;; esac", {"same"}},
      {"x=$X_V; " + dump + "\"$x\" ${X_V:+set}", {v, "set"}},
      {"if [ -n \"$X_V\" ] && [ <X_V> = \"$X_V\" ]; then " + dump + "ok; fi", {"ok"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.script);
    auto r = fill_script(c.script, {{"X_V", v}});
    ASSERT_TRUE(r.ok()) << r.error().message;
    Ran ran = run_shell("/bin/bash", r->script, r->env, dir.path());
    EXPECT_EQ(ran.out, nul_joined(c.args)) << r->script;
    EXPECT_FALSE(fs::exists(canary)) << r->script;
  }
  // A value used as a pattern matches itself only.
  auto p = fill_script("x='ab*cd'; " + dump + "\"${x/<P_V>/Z}\" ${x/<P_V>/Z} \"${x/$P_V/Y}\"",
                       {{"P_V", "*"}});
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(run_shell("/bin/bash", p->script, p->env, dir.path()).out,
            nul_joined({"abZcd", "abZcd", "abYcd"}))
      << p->script;
}

// ---- export_prelude -----------------------------------------------------------------

TEST(RemotePrelude, BashAndDashReceiveExactlyTheValues) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  const std::string canary = dir.path() + "/canary";
  Env env;
  std::string dump = "printf '%s\\0'";
  std::vector<std::string> expected;
  int i = 0;
  for (const auto& [label, v] : hostile_values(canary)) {
    std::string name = "V" + std::to_string(i++);
    env[name] = v;
    dump += " \"$" + name + "\"";
    expected.push_back(v);
  }
  dump += " \"${OLD_X-unset}\"";
  expected.push_back("unset");
  std::string prelude = export_prelude(env, {"OLD_X"});
  for (const std::string shell : {"/bin/bash", "/bin/dash"}) {
    SCOPED_TRACE(shell);
    Ran ran = run_shell(shell, prelude + dump + "\n", {{"OLD_X", "inherited"}}, dir.path());
    EXPECT_EQ(ran.status, 0);
    EXPECT_EQ(ran.out, nul_joined(expected));
    EXPECT_FALSE(fs::exists(canary));
    // What the child sees in its environment, not only in the shell's variables.
    Ran env_dump = run_shell(shell, prelude + "exec /usr/bin/env -0", {}, dir.path());
    env_dump.out.insert(0, 1, '\0');
    for (const auto& [name, v] : env)
      EXPECT_NE(env_dump.out.find(nul_joined({name + "=" + v}).insert(0, 1, '\0')),
                std::string::npos)
          << name;
  }
}

TEST(RemotePrelude, FailsClosedOnWhatAShellCannotHold) {
  for (const std::string shell : {"/bin/bash", "/bin/dash"}) {
    Ran bad_name = run_shell(shell, export_prelude({{"A B", "x"}}, {}) + "echo ran", {}, "/");
    EXPECT_EQ(bad_name.status, 125);
    EXPECT_EQ(bad_name.out.find("ran"), std::string::npos);
    Ran nul =
        run_shell(shell, export_prelude({{"A", std::string("x\0y", 3)}}, {}) + "echo ran", {}, "/");
    EXPECT_EQ(nul.status, 125);
    Ran bad_unset = run_shell(shell, export_prelude({}, {"$(id)"}) + "echo ran", {}, "/");
    EXPECT_EQ(bad_unset.status, 125);
  }
  EXPECT_EQ(export_prelude({{"A", "it's"}}, {"B"}), "unset B\nexport A='it'\\''s'\n");
}

TEST(RemotePrelude, FilledScriptRunsRemotelyWithThePrelude) {
  TempDir dir;
  const std::string canary = dir.path() + "/canary";
  auto r = fill_script(
      "printf '%s\\0' <ZONE_ID> \"$STAGE\" '<your-domain>'",
      {{"ZONE_ID", "$(touch " + canary + ")"}, {"STAGE", "a b"}, {"your-domain", "it's"}});
  ASSERT_TRUE(r.ok()) << r.error().message;
  for (const std::string shell : {"/bin/bash", "/bin/dash"}) {
    Ran ran = run_shell(shell, export_prelude(r->env, {}) + r->script, {}, dir.path());
    EXPECT_EQ(ran.out, nul_joined({"$(touch " + canary + ")", "a b", "it's"})) << shell;
    EXPECT_FALSE(fs::exists(canary));
  }
}

}  // namespace
}  // namespace opsdeck::app::runbook

namespace opsdeck::app::runbook {
namespace {

TEST(ScriptFiller, EverySpellingTheLoaderReportsIsFilled) {
  // `docker logs <container_id>` would be a redirection if left as written.
  EXPECT_EQ(fill_script("docker logs <container_id>", {{"container_id", "abc"}})->script,
            "docker logs \"$CONTAINER_ID\"");
  EXPECT_EQ(fill_script("ssh ec2-user@YOUR_ELASTIC_IP", {{"YOUR_ELASTIC_IP", "1.2.3.4"}})->script,
            "ssh ec2-user@\"$YOUR_ELASTIC_IP\"");
  EXPECT_EQ(fill_script("git checkout COMMIT_HASH", {{"COMMIT_HASH", "abc"}})->script,
            "git checkout \"$COMMIT_HASH\"");
  EXPECT_EQ(fill_script("kill -HUP PID", {{"PID", "42"}})->script, "kill -HUP \"$PID\"");
  EXPECT_EQ(fill_script("aws elbv2 describe-target-health --filters Values=LB_ID", {{"LB_ID", "x"}})->script,
            "aws elbv2 describe-target-health --filters Values=\"$LB_ID\"");
}

}  // namespace
}  // namespace opsdeck::app::runbook
