#include "aws/sqs_secrets_sts.hpp"

#include <cstdlib>
#include <memory>

#include "aws/json_document.hpp"
#include "aws/json_fields.hpp"
#include "aws/xml_reader.hpp"

namespace opsdeck::aws {

using nlohmann::json;

long long QueueAttributes::visible() const {
  auto it = attributes.find("ApproximateNumberOfMessages");
  return it == attributes.end() ? 0 : std::strtoll(it->second.c_str(), nullptr, 10);
}

long long QueueAttributes::in_flight() const {
  auto it = attributes.find("ApproximateNumberOfMessagesNotVisible");
  return it == attributes.end() ? 0 : std::strtoll(it->second.c_str(), nullptr, 10);
}

std::string QueueAttributes::dead_letter_target() const {
  auto it = attributes.find("RedrivePolicy");
  if (it == attributes.end()) return "";
  auto j = parse_json_document(it->second, "RedrivePolicy");  // a JSON document in a string
  return j ? jstr(*j, "deadLetterTargetArn") : "";
}

AwsRequest list_queues_request(const std::string& prefix) {
  json in = {{"MaxResults", 1000}};
  if (!prefix.empty()) in["QueueNamePrefix"] = prefix;
  return json_request(services::sqs, "ListQueues", std::move(in));
}

Result<std::vector<std::string>> parse_list_queues(std::string_view body, std::string* next_token) {
  auto j = parse_json_body(body, "sqs:ListQueues");
  if (!j) return j.error();
  if (next_token) *next_token = jstr(*j, "NextToken");
  return jstrings(*j, "QueueUrls");
}

namespace {

Result<std::string> queues_page(const std::string& body, std::vector<std::string>& out) {
  std::string token;
  auto page = parse_list_queues(body, &token);
  if (!page) return page.error();
  out.insert(out.end(), page->begin(), page->end());
  return token;
}

Result<std::string> secrets_page(const std::string& body, std::vector<SecretSummary>& out) {
  std::string token;
  auto page = parse_list_secrets(body, &token);
  if (!page) return page.error();
  for (auto& s : *page) out.push_back(std::move(s));
  return token;
}

void set_next_token(AwsRequest& r, const std::string& t) { r.input["NextToken"] = t; }

}  // namespace

Result<std::vector<std::string>> list_queues(const SyncCaller& call, const std::string& prefix) {
  return paginate_sync<std::vector<std::string>>(call, list_queues_request(prefix), queues_page, set_next_token);
}

AwsRequest get_queue_attributes_request(const std::string& queue_url) {
  return json_request(services::sqs, "GetQueueAttributes", {{"QueueUrl", queue_url}, {"AttributeNames", {"All"}}});
}

Result<QueueAttributes> parse_get_queue_attributes(std::string_view body, const std::string& url) {
  auto j = parse_json_body(body, "sqs:GetQueueAttributes");
  if (!j) return j.error();
  QueueAttributes q;
  q.url = url;
  q.attributes = jstring_map(*j, "Attributes");
  return q;
}

Result<QueueAttributes> get_queue_attributes(const SyncCaller& call, const std::string& queue_url) {
  auto resp = call(get_queue_attributes_request(queue_url));
  if (!resp) return resp.error();
  return parse_get_queue_attributes(resp->body, queue_url);
}

void queues_async(AsyncCaller call, std::function<void(Result<std::vector<QueueAttributes>>)> done) {
  // One GetQueueAttributes after the other, after the whole list.
  struct Walk : std::enable_shared_from_this<Walk> {
    AsyncCaller call;
    std::vector<std::string> urls;
    std::vector<QueueAttributes> out;
    std::function<void(Result<std::vector<QueueAttributes>>)> done;
    void next(std::size_t i) {
      if (i >= urls.size()) return done(std::move(out));
      auto self = shared_from_this();
      call(get_queue_attributes_request(urls[i]), [self, i](Result<HttpResponse> r) {
        if (!r) {
          // A queue deleted between the list and its attributes: skip it.
          if (r.error().code.find("NonExistentQueue") == std::string::npos) return self->done(r.error());
        } else {
          auto q = parse_get_queue_attributes(r->body, self->urls[i]);
          if (!q) return self->done(q.error());
          self->out.push_back(std::move(*q));
        }
        self->next(i + 1);
      });
    }
  };
  auto walk = std::make_shared<Walk>();
  walk->call = call;
  walk->done = std::move(done);
  paginate_async<std::vector<std::string>>(std::move(call), list_queues_request(), queues_page, set_next_token,
                                           [walk](Result<std::vector<std::string>> urls) {
                                             if (!urls) return walk->done(urls.error());
                                             walk->urls = std::move(*urls);
                                             walk->next(0);
                                           });
}

AwsRequest list_secrets_request() {
  return json_request(services::secretsmanager, "ListSecrets", {{"MaxResults", 100}});
}

namespace {

// ListSecrets' entry or DescribeSecret's answer (the same members).
SecretSummary secret_summary_of(const json& s) {
  return {jstr(s, "Name"), jstr(s, "ARN"), jstr(s, "Description"), jtime(s, "LastChangedDate"),
          jbool(s, "RotationEnabled")};
}

}  // namespace

Result<std::vector<SecretSummary>> parse_list_secrets(std::string_view body, std::string* next_token) {
  auto j = parse_json_body(body, "secretsmanager:ListSecrets");
  if (!j) return j.error();
  std::vector<SecretSummary> out;
  for (const auto& s : jarr(*j, "SecretList")) out.push_back(secret_summary_of(s));
  if (next_token) *next_token = jstr(*j, "NextToken");
  return out;
}

Result<std::vector<SecretSummary>> list_secrets(const SyncCaller& call) {
  return paginate_sync<std::vector<SecretSummary>>(call, list_secrets_request(), secrets_page, set_next_token);
}

void list_secrets_async(AsyncCaller call, std::function<void(Result<std::vector<SecretSummary>>)> done) {
  paginate_async<std::vector<SecretSummary>>(std::move(call), list_secrets_request(), secrets_page, set_next_token,
                                             std::move(done));
}

AwsRequest get_secret_value_request(const std::string& secret_id) {
  return json_request(services::secretsmanager, "GetSecretValue", {{"SecretId", secret_id}});
}

Result<SecretValue> parse_get_secret_value(std::string_view body) {
  auto j = parse_json_body(body, "secretsmanager:GetSecretValue");
  if (!j) return j.error();
  return SecretValue{jstr(*j, "Name"), jstr(*j, "ARN"), jstr(*j, "VersionId"), jstr(*j, "SecretString"),
                     jstr(*j, "SecretBinary")};
}

Result<SecretValue> get_secret_value(const SyncCaller& call, const std::string& secret_id) {
  auto resp = call(get_secret_value_request(secret_id));
  if (!resp) return resp.error();
  return parse_get_secret_value(resp->body);
}

AwsRequest update_secret_request(const std::string& secret_id, const std::string& new_value) {
  return json_request(services::secretsmanager, "UpdateSecret", {{"SecretId", secret_id}, {"SecretString", new_value}});
}

AwsRequest put_secret_value_request(const std::string& secret_id, const std::string& new_value,
                                    const std::string& client_request_token) {
  json in = {{"SecretId", secret_id}, {"SecretString", new_value}};
  if (!client_request_token.empty()) in["ClientRequestToken"] = client_request_token;
  return json_request(services::secretsmanager, "PutSecretValue", std::move(in));
}

AwsRequest rotate_secret_request(const std::string& secret_id) {
  return json_request(services::secretsmanager, "RotateSecret", {{"SecretId", secret_id}, {"RotateImmediately", true}});
}

AwsRequest describe_secret_request(const std::string& secret_id) {
  return json_request(services::secretsmanager, "DescribeSecret", {{"SecretId", secret_id}});
}

Result<SecretSummary> describe_secret(const SyncCaller& call, const std::string& secret_id) {
  auto resp = call(describe_secret_request(secret_id));
  if (!resp) return resp.error();
  auto j = parse_json_body(resp->body, "secretsmanager:DescribeSecret");
  if (!j) return j.error();
  return secret_summary_of(*j);
}

Result<void> update_secret(const SyncCaller& call, const std::string& secret_id, const std::string& new_value) {
  auto resp = call(update_secret_request(secret_id, new_value));
  if (!resp) return resp.error();
  auto j = parse_json_body(resp->body, "secretsmanager:UpdateSecret");
  if (!j) return j.error();
  return {};
}

AwsRequest get_caller_identity_request() {
  AwsRequest r;
  r.service = &services::sts;
  r.operation = "GetCallerIdentity";
  return r;
}

Result<CallerIdentity> parse_get_caller_identity(std::string_view body) {
  auto doc = parse_xml(body, "sts:GetCallerIdentity");
  if (!doc) return doc.error();
  auto r = doc->root().child("GetCallerIdentityResult");
  if (!r) {
    Error e = make_error(ErrorKind::Parse, "response has no GetCallerIdentityResult");
    e.operation = "sts:GetCallerIdentity";
    return e;
  }
  return CallerIdentity{text_at(r, "Account"), text_at(r, "Arn"), text_at(r, "UserId")};
}

Result<CallerIdentity> get_caller_identity(const SyncCaller& call) {
  auto resp = call(get_caller_identity_request());
  if (!resp) return resp.error();
  return parse_get_caller_identity(resp->body);
}

}  // namespace opsdeck::aws
