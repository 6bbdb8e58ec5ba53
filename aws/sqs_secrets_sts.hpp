#pragma once
// Small services the console reads: SQS (awsJson1_0: ListQueues, GetQueueAttributes),
// Secrets Manager (awsJson1_1: ListSecrets, GetSecretValue, UpdateSecret) and STS
// (awsQuery: GetCallerIdentity). Builders and parsers are pure; sync calls block the
// calling thread; async ones complete on the AsyncCaller's thread. Secret values are
// returned to the caller only — never logged.

#include <map>
#include <string>
#include <vector>

#include "aws/service_call.hpp"

namespace opsdeck::aws {

struct QueueAttributes {
  std::string url;
  std::map<std::string, std::string> attributes;  // all values are strings on the wire
  long long visible() const;                        // ApproximateNumberOfMessages
  long long in_flight() const;                      // ApproximateNumberOfMessagesNotVisible
  std::string dead_letter_target() const;           // from RedrivePolicy, "" if none
};

AwsRequest list_queues_request(const std::string& prefix = {});
Result<std::vector<std::string>> parse_list_queues(std::string_view body, std::string* next_token);
Result<std::vector<std::string>> list_queues(const SyncCaller& call, const std::string& prefix = {});
AwsRequest get_queue_attributes_request(const std::string& queue_url);
Result<QueueAttributes> parse_get_queue_attributes(std::string_view body, const std::string& url);
Result<QueueAttributes> get_queue_attributes(const SyncCaller& call, const std::string& queue_url);
// Every queue with its attributes (ListQueues, then one GetQueueAttributes per queue, one at
// a time; a queue deleted in between is skipped). `done` runs once, on the caller's thread.
void queues_async(AsyncCaller call, std::function<void(Result<std::vector<QueueAttributes>>)> done);

struct SecretSummary {
  std::string name;
  std::string arn;
  std::string description;
  std::string last_changed;  // ISO-8601 UTC
  bool rotation_enabled = false;
};
struct SecretValue {
  std::string name;
  std::string arn;
  std::string version_id;
  std::string string_value;  // SecretString (secret: never log it)
  std::string binary_base64; // SecretBinary, when the secret is binary
};

AwsRequest list_secrets_request();
Result<std::vector<SecretSummary>> parse_list_secrets(std::string_view body, std::string* next_token);
Result<std::vector<SecretSummary>> list_secrets(const SyncCaller& call);
void list_secrets_async(AsyncCaller call, std::function<void(Result<std::vector<SecretSummary>>)> done);
AwsRequest get_secret_value_request(const std::string& secret_id);
Result<SecretValue> parse_get_secret_value(std::string_view body);
Result<SecretValue> get_secret_value(const SyncCaller& call, const std::string& secret_id);
// Mutating (refused in read-only mode by the client).
AwsRequest update_secret_request(const std::string& secret_id, const std::string& new_value);
// A new version of the secret with `new_value`, labelled AWSCURRENT (the previous one becomes
// AWSPREVIOUS). `client_request_token` (32-64 characters) makes a retry idempotent.
AwsRequest put_secret_value_request(const std::string& secret_id, const std::string& new_value,
                                    const std::string& client_request_token);
// Runs the secret's configured rotation now (RotateImmediately).
AwsRequest rotate_secret_request(const std::string& secret_id);
// DescribeSecret: metadata only (no value); the summary's fields.
AwsRequest describe_secret_request(const std::string& secret_id);
Result<SecretSummary> describe_secret(const SyncCaller& call, const std::string& secret_id);
Result<void> update_secret(const SyncCaller& call, const std::string& secret_id, const std::string& new_value);

struct CallerIdentity {
  std::string account;
  std::string arn;
  std::string user_id;
};
AwsRequest get_caller_identity_request();
Result<CallerIdentity> parse_get_caller_identity(std::string_view body);
Result<CallerIdentity> get_caller_identity(const SyncCaller& call);

}  // namespace opsdeck::aws
