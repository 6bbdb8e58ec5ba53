#pragma once
// SSM (awsJson1_1): Run Command (SendCommand, GetCommandInvocation, ListCommandInvocations,
// CancelCommand), managed-instance inventory (DescribeInstanceInformation) and Session
// Manager (StartSession, TerminateSession). Builders and parsers are pure; the sync calls
// block the calling thread. SendCommand, CancelCommand, StartSession and TerminateSession
// are mutating: AwsClient refuses them in read-only mode before anything is sent.

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "aws/service_call.hpp"

namespace opsdeck::aws {

// Where a command runs: instance ids, or one tag target ("tag:Name" = {"web"}).
struct SsmCommandTarget {
  std::vector<std::string> instance_ids;
  std::string tag_key;  // "tag:Name" (empty: use instance_ids)
  std::vector<std::string> tag_values;
};

struct SendCommandInput {
  SsmCommandTarget target;
  std::vector<std::string> commands;  // AWS-RunShellScript "commands" lines
  std::string comment;
  int execution_timeout_seconds = 0;  // 0: the document's default (3600)
};

// Status of one invocation. Status: Pending | InProgress | Delayed | Success | Cancelled |
// TimedOut | Failed | Cancelling (botocore CommandInvocationStatus).
struct SsmInvocation {
  std::string command_id;
  std::string instance_id;
  std::string status;
  std::string status_details;
  int response_code = -1;   // the script's exit code once it ended; -1 while running
  std::string stdout_text;  // StandardOutputContent (SSM keeps the first 24000 chars)
  std::string stderr_text;  // StandardErrorContent

  bool terminal() const;  // Success / Failed / Cancelled / TimedOut (and Undeliverable...)
};

struct SsmManagedInstance {
  std::string instance_id;
  std::string ping_status;  // Online | ConnectionLost | Inactive
  std::string platform;     // Linux | Windows | MacOS
  std::string ip;
  std::string agent_version;
  std::string computer_name;
};

// StartSession's answer. `token` is a secret: never log it.
struct SsmSession {
  std::string session_id;
  std::string token;
  std::string stream_url;
};

AwsRequest send_command_request(const SendCommandInput& in);
AwsRequest get_command_invocation_request(const std::string& command_id,
                                          const std::string& instance_id);
AwsRequest list_command_invocations_request(const std::string& command_id, bool details);
AwsRequest cancel_command_request(const std::string& command_id,
                                  const std::vector<std::string>& instance_ids = {});
AwsRequest describe_instance_information_request(const std::vector<std::string>& instance_ids = {});
// `document` "" is a shell; parameters e.g. {"host", {"db"}}, {"portNumber", {"5432"}}.
AwsRequest start_session_request(
    const std::string& target, const std::string& document = {},
    const std::map<std::string, std::vector<std::string>>& parameters = {});
AwsRequest terminate_session_request(const std::string& session_id);

Result<std::string> parse_send_command(std::string_view body);  // the CommandId
Result<SsmInvocation> parse_get_command_invocation(std::string_view body);
// With Details: per-instance output from the aws:runShellScript plugin.
Result<std::vector<SsmInvocation>> parse_list_command_invocations(std::string_view body,
                                                                  std::string* next_token);
Result<std::vector<SsmManagedInstance>> parse_describe_instance_information(
    std::string_view body, std::string* next_token);
Result<SsmSession> parse_start_session(std::string_view body);

Result<std::string> send_command(const SyncCaller& call, const SendCommandInput& in);
Result<SsmInvocation> get_command_invocation(const SyncCaller& call, const std::string& command_id,
                                             const std::string& instance_id);
Result<std::vector<SsmInvocation>> list_command_invocations(const SyncCaller& call,
                                                            const std::string& command_id,
                                                            bool details);
Result<void> cancel_command(const SyncCaller& call, const std::string& command_id);
Result<std::vector<SsmManagedInstance>> describe_instance_information(
    const SyncCaller& call, const std::vector<std::string>& instance_ids = {});
// Every managed instance (all pages); `done` runs once, on the caller's completion thread.
void describe_instance_information_async(AsyncCaller call,
                                         std::function<void(Result<std::vector<SsmManagedInstance>>)> done);
Result<SsmSession> start_session(
    const SyncCaller& call, const std::string& target, const std::string& document = {},
    const std::map<std::string, std::vector<std::string>>& parameters = {});
Result<void> terminate_session(const SyncCaller& call, const std::string& session_id);
// ResumeSession: a new token for a session whose data channel dropped; "" when Session
// Manager no longer has the session (it timed out or was terminated).
Result<std::string> resume_session(const SyncCaller& call, const std::string& session_id);

}  // namespace opsdeck::aws
