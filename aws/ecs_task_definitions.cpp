#include "aws/ecs_task_definitions.hpp"

#include <memory>
#include <optional>

#include "aws/ecs.hpp"
#include "aws/json_fields.hpp"
#include "aws/service.hpp"

namespace opsdeck::aws {

using nlohmann::json;

namespace {

// "...task-definition/api:7" -> "api:7".
std::string family_revision(const std::string& arn_or_name) {
  auto slash = arn_or_name.rfind('/');
  return slash == std::string::npos ? arn_or_name : arn_or_name.substr(slash + 1);
}

}  // namespace

std::string task_definition_family(const std::string& arn_or_name) {
  std::string fr = family_revision(arn_or_name);
  auto colon = fr.rfind(':');
  return colon == std::string::npos ? fr : fr.substr(0, colon);
}

int task_definition_revision(const std::string& arn_or_name) {
  std::string fr = family_revision(arn_or_name);
  auto colon = fr.rfind(':');
  if (colon == std::string::npos) return 0;
  return std::atoi(fr.c_str() + colon + 1);
}

AwsRequest list_task_definitions_request(const std::string& family, int max_results) {
  return json_request(services::ecs, "ListTaskDefinitions",
                      {{"familyPrefix", family}, {"status", "ACTIVE"}, {"sort", "DESC"}, {"maxResults", max_results}});
}

AwsRequest describe_task_definition_request(const std::string& arn) {
  return json_request(services::ecs, "DescribeTaskDefinition", {{"taskDefinition", arn}});
}

Result<TaskDefinitionRevision> parse_describe_task_definition(std::string_view body) {
  auto j = parse_json_body(body, "ecs:DescribeTaskDefinition");
  if (!j) return j.error();
  auto td = j->find("taskDefinition");
  if (td == j->end() || !td->is_object()) {
    Error e = make_error(ErrorKind::Parse, "the answer has no taskDefinition");
    e.operation = "ecs:DescribeTaskDefinition";
    return e;
  }
  TaskDefinitionRevision r;
  r.arn = jstr(*td, "taskDefinitionArn");
  r.family = jstr(*td, "family");
  r.revision = static_cast<int>(jint(*td, "revision"));
  r.registered = jtime(*td, "registeredAt");
  for (const auto& c : jarr(*td, "containerDefinitions")) r.images.push_back(jstr(c, "name") + "=" + jstr(c, "image"));
  r.raw = *td;
  return r;
}

AwsRequest set_task_definition_request(const std::string& cluster, const std::string& service,
                                       const std::string& task_definition) {
  return json_request(services::ecs, "UpdateService",
                      {{"cluster", cluster}, {"service", service}, {"taskDefinition", task_definition}});
}

namespace {

struct RevisionsState {
  AsyncCaller call;
  std::vector<std::string> arns;
  std::vector<TaskDefinitionRevision> out;
  std::function<void(Result<std::vector<TaskDefinitionRevision>>)> done;
};

void describe_next(const std::shared_ptr<RevisionsState>& st) {
  if (st->out.size() == st->arns.size()) return st->done(std::move(st->out));
  st->call(describe_task_definition_request(st->arns[st->out.size()]), [st](Result<HttpResponse> r) {
    if (!r) return st->done(r.error());
    auto rev = parse_describe_task_definition(r->body);
    if (!rev) return st->done(rev.error());
    st->out.push_back(std::move(*rev));
    describe_next(st);
  });
}

}  // namespace

void revisions_async(AsyncCaller call, const std::string& family,
                     std::function<void(Result<std::vector<TaskDefinitionRevision>>)> done) {
  auto st = std::make_shared<RevisionsState>();
  st->call = std::move(call);
  st->done = std::move(done);
  st->call(list_task_definitions_request(family), [st, family](Result<HttpResponse> r) {
    if (!r) return st->done(r.error());
    std::string token;
    auto arns = parse_arn_list(r->body, "taskDefinitionArns", "ecs:ListTaskDefinitions", &token);
    if (!arns) return st->done(arns.error());
    for (auto& a : *arns)  // familyPrefix is a prefix: "api" also lists "api-worker"
      if (task_definition_family(a) == family && st->arns.size() < static_cast<std::size_t>(kRevisionsShown))
        st->arns.push_back(a);
    describe_next(st);
  });
}

Result<std::vector<TaskDefinitionRevision>> revisions(const SyncCaller& call, const std::string& family) {
  std::optional<Result<std::vector<TaskDefinitionRevision>>> result;
  revisions_async(inline_async_caller(call), family, [&result](auto r) { result = std::move(r); });
  return std::move(*result);
}

}  // namespace opsdeck::aws
