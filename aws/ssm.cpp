#include "aws/ssm.hpp"

#include "aws/json_fields.hpp"

namespace opsdeck::aws {

namespace {

using nlohmann::json;

AwsRequest ssm(const char* op, json input = json::object()) {
  return json_request(services::ssm, op, std::move(input));
}

Error parse_error(const char* operation, std::string message) {
  Error e = make_error(ErrorKind::Parse, std::move(message));
  e.operation = operation;
  return e;
}

}  // namespace

bool SsmInvocation::terminal() const {
  return status == "Success" || status == "Failed" || status == "Cancelled" ||
         status == "TimedOut" || status == "Undeliverable" || status == "Terminated" ||
         status == "DeliveryTimedOut" || status == "ExecutionTimedOut";
}

AwsRequest send_command_request(const SendCommandInput& in) {
  json j;
  j["DocumentName"] = "AWS-RunShellScript";
  if (!in.target.tag_key.empty())
    j["Targets"] = json::array({{{"Key", in.target.tag_key}, {"Values", in.target.tag_values}}});
  else
    j["InstanceIds"] = in.target.instance_ids;
  json params;
  params["commands"] = in.commands;
  if (in.execution_timeout_seconds > 0)
    params["executionTimeout"] = json::array({std::to_string(in.execution_timeout_seconds)});
  j["Parameters"] = params;
  if (!in.comment.empty()) j["Comment"] = in.comment.substr(0, 100);
  return ssm("SendCommand", std::move(j));
}

AwsRequest get_command_invocation_request(const std::string& command_id,
                                          const std::string& instance_id) {
  return ssm("GetCommandInvocation", {{"CommandId", command_id}, {"InstanceId", instance_id}});
}

AwsRequest list_command_invocations_request(const std::string& command_id, bool details) {
  return ssm("ListCommandInvocations", {{"CommandId", command_id}, {"Details", details}});
}

AwsRequest cancel_command_request(const std::string& command_id,
                                  const std::vector<std::string>& instance_ids) {
  json j{{"CommandId", command_id}};
  if (!instance_ids.empty()) j["InstanceIds"] = instance_ids;
  return ssm("CancelCommand", std::move(j));
}

AwsRequest describe_instance_information_request(const std::vector<std::string>& instance_ids) {
  json j = json::object();
  if (!instance_ids.empty())
    j["Filters"] = json::array({{{"Key", "InstanceIds"}, {"Values", instance_ids}}});
  return ssm("DescribeInstanceInformation", std::move(j));
}

AwsRequest start_session_request(
    const std::string& target, const std::string& document,
    const std::map<std::string, std::vector<std::string>>& parameters) {
  json j{{"Target", target}};
  if (!document.empty()) j["DocumentName"] = document;
  if (!parameters.empty()) j["Parameters"] = parameters;
  return ssm("StartSession", std::move(j));
}

AwsRequest terminate_session_request(const std::string& session_id) {
  return ssm("TerminateSession", {{"SessionId", session_id}});
}

Result<std::string> parse_send_command(std::string_view body) {
  auto j = parse_json_body(body, "ssm:SendCommand");
  if (!j) return j.error();
  std::string id = jstr(jobj(*j, "Command"), "CommandId");
  if (id.empty())
    return parse_error("ssm:SendCommand", "SendCommand response has no Command.CommandId");
  return id;
}

Result<SsmInvocation> parse_get_command_invocation(std::string_view body) {
  auto j = parse_json_body(body, "ssm:GetCommandInvocation");
  if (!j) return j.error();
  SsmInvocation x;
  x.command_id = jstr(*j, "CommandId");
  x.instance_id = jstr(*j, "InstanceId");
  x.status = jstr(*j, "Status");
  x.status_details = jstr(*j, "StatusDetails");
  x.response_code = static_cast<int>(jint(*j, "ResponseCode", -1));
  x.stdout_text = jstr(*j, "StandardOutputContent");
  x.stderr_text = jstr(*j, "StandardErrorContent");
  if (x.status.empty())
    return parse_error("ssm:GetCommandInvocation", "GetCommandInvocation response has no Status");
  return x;
}

Result<std::vector<SsmInvocation>> parse_list_command_invocations(std::string_view body,
                                                                  std::string* next_token) {
  auto j = parse_json_body(body, "ssm:ListCommandInvocations");
  if (!j) return j.error();
  std::vector<SsmInvocation> out;
  for (const auto& i : jarr(*j, "CommandInvocations")) {
    SsmInvocation x;
    x.command_id = jstr(i, "CommandId");
    x.instance_id = jstr(i, "InstanceId");
    x.status = jstr(i, "Status");
    x.status_details = jstr(i, "StatusDetails");
    for (const auto& p : jarr(i, "CommandPlugins")) {
      x.stdout_text += jstr(p, "Output");
      auto rc = jint(p, "ResponseCode", -1);
      if (rc != -1) x.response_code = static_cast<int>(rc);
    }
    out.push_back(std::move(x));
  }
  if (next_token) *next_token = jstr(*j, "NextToken");
  return out;
}

Result<std::vector<SsmManagedInstance>> parse_describe_instance_information(
    std::string_view body, std::string* next_token) {
  auto j = parse_json_body(body, "ssm:DescribeInstanceInformation");
  if (!j) return j.error();
  std::vector<SsmManagedInstance> out;
  for (const auto& i : jarr(*j, "InstanceInformationList"))
    out.push_back({jstr(i, "InstanceId"), jstr(i, "PingStatus"), jstr(i, "PlatformType"),
                   jstr(i, "IPAddress"), jstr(i, "AgentVersion"), jstr(i, "ComputerName")});
  if (next_token) *next_token = jstr(*j, "NextToken");
  return out;
}

Result<SsmSession> parse_start_session(std::string_view body) {
  auto j = parse_json_body(body, "ssm:StartSession");
  if (!j) return j.error();
  SsmSession s{jstr(*j, "SessionId"), jstr(*j, "TokenValue"), jstr(*j, "StreamUrl")};
  if (s.session_id.empty() || s.stream_url.empty() || s.token.empty())
    return parse_error("ssm:StartSession", "StartSession response has no session stream");
  return s;
}

Result<std::string> send_command(const SyncCaller& call, const SendCommandInput& in) {
  auto resp = call(send_command_request(in));
  if (!resp) return resp.error();
  return parse_send_command(resp->body);
}

Result<SsmInvocation> get_command_invocation(const SyncCaller& call, const std::string& command_id,
                                             const std::string& instance_id) {
  auto resp = call(get_command_invocation_request(command_id, instance_id));
  if (!resp) return resp.error();
  return parse_get_command_invocation(resp->body);
}

Result<std::vector<SsmInvocation>> list_command_invocations(const SyncCaller& call,
                                                            const std::string& command_id,
                                                            bool details) {
  return paginate_sync<std::vector<SsmInvocation>>(
      call, list_command_invocations_request(command_id, details),
      [](const std::string& body, std::vector<SsmInvocation>& out) -> Result<std::string> {
        std::string token;
        auto page = parse_list_command_invocations(body, &token);
        if (!page) return page.error();
        out.insert(out.end(), page->begin(), page->end());
        return token;
      },
      [](AwsRequest& r, const std::string& t) { r.input["NextToken"] = t; });
}

Result<void> cancel_command(const SyncCaller& call, const std::string& command_id) {
  auto resp = call(cancel_command_request(command_id));
  if (!resp) return resp.error();
  return {};
}

namespace {

// One DescribeInstanceInformation page into `out`; the next token.
Result<std::string> instance_information_page(const std::string& body, std::vector<SsmManagedInstance>& out) {
  std::string token;
  auto page = parse_describe_instance_information(body, &token);
  if (!page) return page.error();
  out.insert(out.end(), page->begin(), page->end());
  return token;
}

void set_next_token(AwsRequest& r, const std::string& t) { r.input["NextToken"] = t; }

}  // namespace

Result<std::vector<SsmManagedInstance>> describe_instance_information(
    const SyncCaller& call, const std::vector<std::string>& ids) {
  return paginate_sync<std::vector<SsmManagedInstance>>(call, describe_instance_information_request(ids),
                                                        instance_information_page, set_next_token);
}

void describe_instance_information_async(AsyncCaller call,
                                         std::function<void(Result<std::vector<SsmManagedInstance>>)> done) {
  paginate_async<std::vector<SsmManagedInstance>>(std::move(call), describe_instance_information_request(),
                                                  instance_information_page, set_next_token, std::move(done));
}

Result<SsmSession> start_session(
    const SyncCaller& call, const std::string& target, const std::string& document,
    const std::map<std::string, std::vector<std::string>>& parameters) {
  auto resp = call(start_session_request(target, document, parameters));
  if (!resp) return resp.error();
  return parse_start_session(resp->body);
}

Result<std::string> resume_session(const SyncCaller& call, const std::string& session_id) {
  auto resp = call(ssm("ResumeSession", {{"SessionId", session_id}}));
  if (!resp) return resp.error();
  auto j = parse_json_body(resp->body, "ssm:ResumeSession");
  if (!j) return j.error();
  return jstr(*j, "TokenValue");
}

Result<void> terminate_session(const SyncCaller& call, const std::string& session_id) {
  auto resp = call(terminate_session_request(session_id));
  if (!resp) return resp.error();
  return {};
}

}  // namespace opsdeck::aws
