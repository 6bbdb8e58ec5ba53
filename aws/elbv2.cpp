#include "aws/elbv2.hpp"

#include "aws/query_params.hpp"
#include "aws/xml_reader.hpp"

namespace opsdeck::aws {

AwsRequest describe_target_groups_request(const std::vector<std::string>& arns) {
  AwsRequest r;
  r.service = &services::elbv2;
  r.operation = "DescribeTargetGroups";
  add_query_list(r.params, "TargetGroupArns", arns);
  r.params.emplace_back("PageSize", "400");
  return r;
}

Result<std::vector<TargetGroup>> parse_describe_target_groups(std::string_view body, std::string* next_marker) {
  auto doc = parse_xml(body, "elbv2:DescribeTargetGroups");
  if (!doc) return doc.error();
  auto result = doc->root().child("DescribeTargetGroupsResult");
  std::vector<TargetGroup> out;
  for (auto m : result.child("TargetGroups").children("member")) {
    TargetGroup g;
    g.arn = text_at(m, "TargetGroupArn");
    g.name = text_at(m, "TargetGroupName");
    g.protocol = text_at(m, "Protocol");
    g.port = static_cast<int>(int_at(m, "Port"));
    g.target_type = text_at(m, "TargetType");
    g.vpc_id = text_at(m, "VpcId");
    for (auto lb : m.child("LoadBalancerArns").children("member")) g.load_balancer_arns.emplace_back(lb.child_value());
    auto raw = xml_to_json(m, "elbv2:DescribeTargetGroups");
    if (!raw) return raw.error();
    g.raw = std::move(*raw);
    out.push_back(std::move(g));
  }
  if (next_marker) *next_marker = text_at(result, "NextMarker");
  return out;
}

Result<std::vector<TargetGroup>> describe_target_groups(const SyncCaller& call) {
  return paginate_sync<std::vector<TargetGroup>>(
      call, describe_target_groups_request(),
      [](const std::string& body, std::vector<TargetGroup>& out) -> Result<std::string> {
        std::string marker;
        auto page = parse_describe_target_groups(body, &marker);
        if (!page) return page.error();
        for (auto& g : *page) out.push_back(std::move(g));
        return marker;
      },
      [](AwsRequest& r, const std::string& m) { set_param(r.params, "Marker", m); });
}

AwsRequest describe_target_health_request(const std::string& target_group_arn) {
  AwsRequest r;
  r.service = &services::elbv2;
  r.operation = "DescribeTargetHealth";
  r.params.emplace_back("TargetGroupArn", target_group_arn);
  return r;
}

Result<std::vector<TargetHealth>> parse_describe_target_health(std::string_view body) {
  auto doc = parse_xml(body, "elbv2:DescribeTargetHealth");
  if (!doc) return doc.error();
  std::vector<TargetHealth> out;
  for (auto m : node_at(doc->root(), "DescribeTargetHealthResult.TargetHealthDescriptions").children("member"))
    out.push_back({text_at(m, "Target.Id"), static_cast<int>(int_at(m, "Target.Port")),
                   text_at(m, "TargetHealth.State"), text_at(m, "TargetHealth.Reason"),
                   text_at(m, "TargetHealth.Description")});
  return out;
}

Result<std::vector<TargetHealth>> describe_target_health(const SyncCaller& call, const std::string& arn) {
  auto resp = call(describe_target_health_request(arn));
  if (!resp) return resp.error();
  return parse_describe_target_health(resp->body);
}

void target_health_async(AsyncCaller call, std::vector<std::string> arns,
                         std::function<void(Result<std::vector<GroupTargetHealth>>)> done) {
  struct Walk : std::enable_shared_from_this<Walk> {
    AsyncCaller call;
    std::vector<std::string> arns;
    std::vector<GroupTargetHealth> out;
    std::function<void(Result<std::vector<GroupTargetHealth>>)> done;
    void next(std::size_t i) {
      if (i >= arns.size()) return done(std::move(out));
      auto self = shared_from_this();
      call(describe_target_health_request(arns[i]), [self, i](Result<HttpResponse> r) {
        if (!r) return self->done(r.error());
        auto page = parse_describe_target_health(r->body);
        if (!page) return self->done(page.error());
        for (auto& h : *page) self->out.push_back({self->arns[i], std::move(h)});
        self->next(i + 1);
      });
    }
  };
  auto walk = std::make_shared<Walk>();
  walk->call = std::move(call);
  walk->arns = std::move(arns);
  walk->done = std::move(done);
  walk->next(0);
}

}  // namespace opsdeck::aws
