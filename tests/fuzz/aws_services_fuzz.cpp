// libFuzzer target: every parser that turns an AWS service response body into typed rows
// (aws/<service>.hpp parse_*), plus the log page parser of the logs view. The first input
// byte picks the parser (its position in kSelectors, else byte % table size); the rest is
// the body. Besides not crashing, leaking or throwing, the rows' raw JSON must print and
// the derived values (queue counters, security-group findings, Route 53 names) must be
// computable from whatever the body held.
//
// Seeds: tests/fuzz/corpus/aws_services/<selector>-<operation>.* (the selector character
// first, then the body).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "app/logs/cloudwatch_page_fetcher.hpp"
#include "app/logs/lightsail_log_fetcher.hpp"
#include "aws/cloudwatch.hpp"
#include "aws/ec2.hpp"
#include "aws/ec2_security_groups.hpp"
#include "aws/ecr.hpp"
#include "aws/ecs.hpp"
#include "aws/ecs_clusters.hpp"
#include "aws/elasticache.hpp"
#include "aws/elbv2.hpp"
#include "aws/lightsail.hpp"
#include "aws/logs.hpp"
#include "aws/rds.hpp"
#include "aws/route53.hpp"
#include "aws/sqs_secrets_sts.hpp"
#include "aws/ssm.hpp"
#include "aws/ssm_parameters.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

using namespace opsdeck::aws;
using opsdeck::fuzz::touch;

// A row's raw JSON when it keeps one; otherwise the row is only counted.
template <class T>
std::size_t touch_row(const T& row) {
  if constexpr (requires { row.raw; }) return touch(row.raw);
  else return 1;
}

template <class T>
std::size_t touch_rows(const Result<std::vector<T>>& r) {
  if (!r.ok()) return touch(r.error());
  std::size_t n = 0;
  for (const auto& row : *r) n += touch_row(row);
  return n;
}

template <class T>
std::size_t touch_one(const Result<T>& r) {
  return r.ok() ? touch_row(*r) : touch(r.error());
}

using Parser = std::size_t (*)(std::string_view body);

struct Entry {
  const char* operation;
  Parser parse;
};

std::string token;  // next-token out-parameter shared by the page parsers

const Entry kParsers[] = {
    {"ec2:DescribeInstances",
     [](std::string_view b) {
       auto r = parse_describe_instances(b);
       if (!r.ok()) return touch(r.error());
       std::size_t n = touch(r->next_token);
       for (const auto& i : r->instances) n += touch(i.raw) + i.tags.size();
       return n;
     }},
    {"ec2:DescribeInstanceStatus", [](std::string_view b) { return touch_rows(parse_describe_instance_status(b, &token)); }},
    {"ec2:StartInstances", [](std::string_view b) { return touch_rows(parse_instance_state_changes(b)); }},
    {"ec2:DescribeSecurityGroups",
     [](std::string_view b) {
       auto r = parse_describe_security_groups(b, &token);
       if (!r.ok()) return touch(r.error());
       std::size_t n = 0;
       for (const auto& g : *r) {
         n += touch(g.raw);
         for (const auto& f : open_port_findings(g)) n += touch(f.describe());
       }
       return n;
     }},
    {"rds:DescribeDBInstances", [](std::string_view b) { return touch_rows(parse_describe_db_instances(b, &token)); }},
    {"rds:DescribeDBSnapshots", [](std::string_view b) { return touch_rows(parse_describe_db_snapshots(b, &token)); }},
    {"rds:CreateDBSnapshot", [](std::string_view b) { return touch_one(parse_create_db_snapshot(b)); }},
    {"rds:RebootDBInstance", [](std::string_view b) { return touch_one(parse_db_instance_result(b, "rds:RebootDBInstance")); }},
    {"monitoring:DescribeAlarms", [](std::string_view b) { return touch_rows(parse_describe_alarms(b, &token)); }},
    {"monitoring:GetMetricData",
     [](std::string_view b) {
       auto r = parse_get_metric_data(b, &token);
       if (!r.ok()) return touch(r.error());
       std::size_t n = 0;
       for (const auto& s : *r) n += touch(s.label) + s.timestamps.size() + s.values.size();
       return n;
     }},
    {"monitoring:DescribeAlarmHistory",
     [](std::string_view b) {
       auto r = parse_describe_alarm_history(b, &token);
       if (!r.ok()) return touch(r.error());
       std::size_t n = 0;
       for (const auto& h : *r) n += touch(h.data);
       return n;
     }},
    {"logs:DescribeLogGroups", [](std::string_view b) { return touch_rows(parse_describe_log_groups(b, &token)); }},
    {"logs:DescribeLogStreams", [](std::string_view b) { return touch_rows(parse_describe_log_streams(b, &token)); }},
    {"logs:FilterLogEvents",
     [](std::string_view b) {
       auto r = parse_filter_log_events(b);
       return r.ok() ? r->events.size() + touch(r->next_token) : touch(r.error());
     }},
    {"logs:GetLogEvents",
     [](std::string_view b) {
       auto r = parse_get_log_events(b);
       return r.ok() ? r->events.size() + touch(r->backward_token) : touch(r.error());
     }},
    {"logs:StartQuery", [](std::string_view b) { return touch(parse_start_query(b)); }},
    {"logs:GetQueryResults",
     [](std::string_view b) {
       auto r = parse_get_query_results(b);
       return r.ok() ? r->rows.size() + touch(r->status) : touch(r.error());
     }},
    {"logs:FilterLogEvents(view)",
     [](std::string_view b) {
       auto r = opsdeck::app::parse_filter_log_events(b, "/fuzz/group");
       return r.ok() ? r->events.size() : touch(r.error());
     }},
    {"ecs:ListServices",
     [](std::string_view b) { return touch(parse_arn_list(b, "serviceArns", "ecs:ListServices", &token)); }},
    {"ecs:DescribeServices",
     [](std::string_view b) {
       std::vector<EcsFailure> failures;
       return touch_rows(parse_describe_services(b, &failures)) + failures.size();
     }},
    {"ecs:DescribeTasks",
     [](std::string_view b) {
       std::vector<EcsFailure> failures;
       return touch_rows(parse_describe_tasks(b, &failures)) + failures.size();
     }},
    {"ecs:UpdateService", [](std::string_view b) { return touch_one(parse_update_service(b)); }},
    {"ecs:ExecuteCommand", [](std::string_view b) { return touch_one(parse_execute_command(b)); }},
    {"ecs:DescribeClusters", [](std::string_view b) { return touch_rows(parse_describe_clusters(b)); }},
    {"elasticache:DescribeCacheClusters",
     [](std::string_view b) { return touch_rows(parse_describe_cache_clusters(b, &token)); }},
    {"elbv2:DescribeTargetGroups", [](std::string_view b) { return touch_rows(parse_describe_target_groups(b, &token)); }},
    {"elbv2:DescribeTargetHealth", [](std::string_view b) { return touch_rows(parse_describe_target_health(b)); }},
    {"lightsail:GetInstances", [](std::string_view b) { return touch_rows(parse_get_instances(b, &token)); }},
    {"lightsail:GetContainerServices", [](std::string_view b) { return touch_rows(parse_get_container_services(b)); }},
    {"lightsail:GetContainerServiceDeployments",
     [](std::string_view b) { return touch_rows(parse_get_container_service_deployments(b)); }},
    {"lightsail:CreateContainerServiceDeployment",
     [](std::string_view b) { return touch_one(parse_create_container_service_deployment(b)); }},
    {"ssm:SendCommand", [](std::string_view b) { return touch(parse_send_command(b)); }},
    {"ssm:GetCommandInvocation", [](std::string_view b) { return touch_one(parse_get_command_invocation(b)); }},
    {"ssm:ListCommandInvocations", [](std::string_view b) { return touch_rows(parse_list_command_invocations(b, &token)); }},
    {"ssm:DescribeInstanceInformation",
     [](std::string_view b) { return touch_rows(parse_describe_instance_information(b, &token)); }},
    {"ssm:StartSession", [](std::string_view b) { return touch_one(parse_start_session(b)); }},
    {"ssm:DescribeParameters", [](std::string_view b) { return touch_rows(parse_describe_parameters(b, &token)); }},
    {"ssm:GetParameter", [](std::string_view b) { return touch_one(parse_get_parameter(b)); }},
    {"sqs:ListQueues", [](std::string_view b) { return touch(parse_list_queues(b, &token)); }},
    {"sqs:GetQueueAttributes",
     [](std::string_view b) {
       auto r = parse_get_queue_attributes(b, "https://sqs.fuzz/1/q");
       if (!r.ok()) return touch(r.error());
       return static_cast<std::size_t>(r->visible() + r->in_flight()) + touch(r->dead_letter_target());
     }},
    {"secretsmanager:ListSecrets", [](std::string_view b) { return touch_rows(parse_list_secrets(b, &token)); }},
    {"secretsmanager:GetSecretValue", [](std::string_view b) { return touch_one(parse_get_secret_value(b)); }},
    {"sts:GetCallerIdentity", [](std::string_view b) { return touch_one(parse_get_caller_identity(b)); }},
    {"ecr:DescribeImages", [](std::string_view b) { return touch_rows(parse_describe_images(b, &token)); }},
    {"ecr:DescribeImageScanFindings",
     [](std::string_view b) {
       // Two pages into one result, as the paginated call merges them.
       EcrScanFindings out;
       std::size_t n = touch(parse_describe_image_scan_findings(b, out));
       n += touch(parse_describe_image_scan_findings(b, out));
       return n + out.findings.size() + touch(out.raw);
     }},
    {"route53:ListHostedZones", [](std::string_view b) { return touch_rows(parse_list_hosted_zones(b, &token)); }},
    {"route53:ListResourceRecordSets",
     [](std::string_view b) {
       auto r = parse_list_resource_record_sets(b, &token);
       if (!r.ok()) return touch(r.error());
       std::size_t n = 0;
       for (const auto& s : *r) n += touch(s.raw) + touch(route53_unescape(s.name)) + touch(route53_short_id(s.alias_zone));
       return n;
     }},
    {"route53:ChangeResourceRecordSets", [](std::string_view b) { return touch_one(parse_change_info(b)); }},
    {"lightsail:GetContainerLog",
     [](std::string_view b) {
       auto r = opsdeck::app::parse_container_log_page(b, "fuzz-service/app");
       return r.ok() ? r->events.size() + touch(r->next_token) : touch(r.error());
     }},
    {"lightsail:GetContainerServiceMetricData",
     [](std::string_view b) {
       auto r = parse_get_container_service_metric_data(b, "Average");
       if (!r.ok()) return touch(r.error());
       std::size_t n = 0;
       for (const auto& p : *r) n += touch(p.unit) + static_cast<std::size_t>(p.value != 0);
       return n;
     }},
};

constexpr std::size_t kCount = sizeof kParsers / sizeof kParsers[0];
// Selector characters of the seeds: kSelectors[i] picks kParsers[i].
constexpr std::string_view kSelectors = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
static_assert(kCount <= kSelectors.size(), "more parsers than selector characters");

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  auto at = kSelectors.find(static_cast<char>(data[0]));
  std::size_t pick = at != std::string_view::npos && at < kCount ? at : data[0] % kCount;
  std::string_view body = opsdeck::fuzz::as_text(data + 1, size - 1);
  token.clear();
  volatile std::size_t sink = kParsers[pick].parse(body) + touch(token);
  (void)sink;
  return 0;
}
