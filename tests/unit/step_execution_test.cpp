// How a step runs on the operator's machine: fail-fast (a failing command is never
// reported as success), the session's AWS context in the environment (never the parent
// shell's stale one), values passed as environment variables.

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <string>

#include "app/runbook/local_shell_target.hpp"
#include "app/runbook/remote_prelude.hpp"
#include "app/runbook/step_aws_env.hpp"
#include "app/runbook/step_plan.hpp"

namespace opsdeck::app::runbook {
namespace {

struct Ran {
  int exit_code = -1;
  std::string out, err;
};

Ran run_local(const std::string& script, const StepEnvironment& env = {}) {
  LocalShellTarget target(false);
  Ran r;
  auto o = target.execute(script, env, [&r](OutputStream s, std::string_view d) {
    (s == OutputStream::Stdout ? r.out : r.err).append(d);
  }, nullptr);
  EXPECT_TRUE(o.ok());
  if (o.ok()) r.exit_code = o->exit_code;
  return r;
}

TEST(StepExecution, AFailureInTheMiddleFailsTheStepAndNamesTheCommand) {
  Ran r = run_local(fail_fast_preamble() + "echo before\nfalse\necho after\n");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_EQ(r.out, "before\n") << "nothing after the failing command runs";
  EXPECT_NE(r.err.find("step failed at line 2: false (exit 1)"), std::string::npos) << r.err;
}

TEST(StepExecution, APipelineFailureIsAFailure) {
  Ran r = run_local(fail_fast_preamble() + "grep -q nothing-here /etc/hostname | cat\necho after\n");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_EQ(r.out.find("after"), std::string::npos);
}

TEST(StepExecution, RotateThenRedeployStopsWhenTheRotationFails) {
  // "rotate the secret, then redeploy": the redeploy must not run after a failed update.
  Ran r = run_local(fail_fast_preamble() +
                    "sh -c 'echo AccessDenied >&2; exit 254'  # aws secretsmanager update-secret\n"
                    "echo redeployed\n");
  EXPECT_EQ(r.exit_code, 254);
  EXPECT_EQ(r.out.find("redeployed"), std::string::npos);
  EXPECT_NE(r.err.find("exit 254"), std::string::npos) << r.err;
}

TEST(StepExecution, WithoutThePreambleTheLastCommandDecides) {
  Ran r = run_local("false; echo after\n");
  EXPECT_EQ(r.exit_code, 0) << "this is why every step gets the preamble";
}

TEST(StepExecution, TheStepSeesTheSessionsAwsContextNotTheParentShells) {
  setenv("AWS_REGION", "us-east-1", 1);
  setenv("AWS_PROFILE", "stale", 1);
  setenv("AWS_ACCESS_KEY_ID", "AKIASTALEKEY0000", 1);
  StepEnvironment env = step_aws_environment({"ops", true, "eu-west-1", "http://127.0.0.1:5999"});
  Ran r = run_local("echo \"$AWS_REGION $AWS_DEFAULT_REGION $AWS_PROFILE $AWS_ENDPOINT_URL ${AWS_ACCESS_KEY_ID:-none}\"", env);
  EXPECT_EQ(r.out, "eu-west-1 eu-west-1 ops http://127.0.0.1:5999 none\n");
  unsetenv("AWS_REGION");
  unsetenv("AWS_PROFILE");
  unsetenv("AWS_ACCESS_KEY_ID");
}

TEST(StepExecution, EnvironmentCredentialsStayWhenNoProfileWasChosen) {
  StepEnvironment env = step_aws_environment({"default", false, "us-west-2", ""});
  EXPECT_EQ(env.set.count("AWS_PROFILE"), 0u);
  EXPECT_TRUE(env.unset.empty());
  EXPECT_EQ(env.set.at("AWS_REGION"), "us-west-2");
}

TEST(StepExecution, ValuesArriveThroughTheEnvironmentByteForByte) {
  const std::string hostile = "a'b\"c$(touch /tmp/opsdeck-never)`x`;\\ \n*";
  Ran r = run_local("printf '%s' \"$VALUE\"", StepEnvironment{{{"VALUE", hostile}}, {}});
  EXPECT_EQ(r.out, hostile);
}

TEST(StepExecution, RemotePreludeReadsBackExactlyInBashAndDash) {
  const std::string hostile = "it's \"$(touch /tmp/opsdeck-never)\" `x` \\ \n\t*?[a] ✓";
  std::string prelude = export_prelude({{"VALUE", hostile}}, {"AWS_PROFILE"});
  for (const char* shell : {"bash", "dash"}) {
    std::string script = prelude + "printf '%s|%s' \"$VALUE\" \"${AWS_PROFILE:-unset}\"";
    Ran r = run_local(std::string("AWS_PROFILE=x ") + shell + " -c \"$S\"", StepEnvironment{{{"S", script}}, {}});
    EXPECT_EQ(r.out, hostile + "|unset") << shell;
  }
  EXPECT_EQ(::access("/tmp/opsdeck-never", F_OK), -1);
}

}  // namespace
}  // namespace opsdeck::app::runbook
