#include "aws/ec2.hpp"

#include "aws/xml_reader.hpp"

namespace opsdeck::aws {

namespace {

constexpr std::string_view kDescribeInstances = "ec2:DescribeInstances";

AwsRequest ec2_request(const char* op) {
  AwsRequest r;
  r.service = &services::ec2;
  r.operation = op;
  return r;
}

Result<Ec2Instance> parse_instance(pugi::xml_node item) {
  Ec2Instance i;
  i.id = text_at(item, "instanceId");
  i.state = text_at(item, "instanceState.name");
  i.type = text_at(item, "instanceType");
  i.private_ip = text_at(item, "privateIpAddress");
  i.public_ip = text_at(item, "ipAddress");
  i.az = text_at(item, "placement.availabilityZone");
  i.launch_time = text_at(item, "launchTime");
  i.platform = text_at(item, "platformDetails");
  if (i.platform.empty()) i.platform = text_at(item, "platform");
  i.image_id = text_at(item, "imageId");
  i.vpc_id = text_at(item, "vpcId");
  i.subnet_id = text_at(item, "subnetId");
  i.key_name = text_at(item, "keyName");
  i.private_dns = text_at(item, "privateDnsName");
  i.public_dns = text_at(item, "dnsName");
  i.instance_profile_arn = text_at(item, "iamInstanceProfile.arn");
  for (auto g : item.child("groupSet").children("item"))
    i.security_group_ids.emplace_back(g.child("groupId").child_value());
  for (auto t : item.child("tagSet").children("item"))
    i.tags[t.child("key").child_value()] = t.child("value").child_value();
  if (auto it = i.tags.find("Name"); it != i.tags.end()) i.name = it->second;
  // Most rows are never opened with `d`: the document is built when first read.
  auto raw = lazy_xml_to_json(item, kDescribeInstances);
  if (!raw) return raw.error();
  i.raw = std::move(*raw);
  return i;
}

}  // namespace

AwsRequest describe_instances_request(const DescribeInstancesInput& in) {
  auto r = ec2_request("DescribeInstances");
  add_ec2_list(r.params, "InstanceId", in.instance_ids);
  add_ec2_filters(r.params, in.filters);
  if (in.max_results > 0 && in.instance_ids.empty())
    r.params.emplace_back("MaxResults", std::to_string(in.max_results));
  return r;
}

Result<Ec2InstancePage> parse_describe_instances(std::string_view body) {
  auto doc = parse_xml(body, kDescribeInstances);
  if (!doc) return doc.error();
  auto root = doc->root();
  if (std::string_view(root.name()) != "DescribeInstancesResponse") {
    Error e = make_error(ErrorKind::Parse,
                         std::string("unexpected XML root <") + root.name() + ">");
    e.operation = std::string(kDescribeInstances);
    return e;
  }
  Ec2InstancePage page;
  for (auto res : root.child("reservationSet").children("item"))
    for (auto item : res.child("instancesSet").children("item")) {
      auto instance = parse_instance(item);
      if (!instance) return instance.error();
      page.instances.push_back(std::move(*instance));
    }
  page.next_token = text_at(root, "nextToken");
  return page;
}

namespace {

Result<std::string> instances_page(const std::string& body, std::vector<Ec2Instance>& out) {
  auto page = parse_describe_instances(body);
  if (!page) return page.error();
  for (auto& i : page->instances) out.push_back(std::move(i));
  return page->next_token;
}

void set_next_token(AwsRequest& r, const std::string& token) { set_param(r.params, "NextToken", token); }

}  // namespace

Result<std::vector<Ec2Instance>> describe_instances(const SyncCaller& call,
                                                    const DescribeInstancesInput& in) {
  return paginate_sync<std::vector<Ec2Instance>>(call, describe_instances_request(in),
                                                 instances_page, set_next_token);
}

void describe_instances_async(AsyncCaller call, const DescribeInstancesInput& in,
                              std::function<void(Result<std::vector<Ec2Instance>>)> done) {
  paginate_async<std::vector<Ec2Instance>>(std::move(call), describe_instances_request(in),
                                           instances_page, set_next_token, std::move(done));
}

AwsRequest describe_instance_status_request(const std::vector<std::string>& ids,
                                            bool include_all_instances) {
  auto r = ec2_request("DescribeInstanceStatus");
  add_ec2_list(r.params, "InstanceId", ids);
  if (include_all_instances) r.params.emplace_back("IncludeAllInstances", "true");
  return r;
}

Result<std::vector<Ec2InstanceStatus>> parse_describe_instance_status(std::string_view body,
                                                                       std::string* next_token) {
  auto doc = parse_xml(body, "ec2:DescribeInstanceStatus");
  if (!doc) return doc.error();
  std::vector<Ec2InstanceStatus> out;
  for (auto item : doc->root().child("instanceStatusSet").children("item")) {
    Ec2InstanceStatus s;
    s.id = text_at(item, "instanceId");
    s.az = text_at(item, "availabilityZone");
    s.state = text_at(item, "instanceState.name");
    s.system_status = text_at(item, "systemStatus.status");
    s.instance_status = text_at(item, "instanceStatus.status");
    for (auto ev : item.child("eventsSet").children("item"))
      s.events.emplace_back(ev.child("code").child_value());
    auto raw = xml_to_json(item, "ec2:DescribeInstanceStatus");
    if (!raw) return raw.error();
    s.raw = std::move(*raw);
    out.push_back(std::move(s));
  }
  if (next_token) *next_token = text_at(doc->root(), "nextToken");
  return out;
}

Result<std::vector<Ec2InstanceStatus>> describe_instance_status(
    const SyncCaller& call, const std::vector<std::string>& ids) {
  return paginate_sync<std::vector<Ec2InstanceStatus>>(
      call, describe_instance_status_request(ids),
      [](const std::string& body, std::vector<Ec2InstanceStatus>& out) -> Result<std::string> {
        std::string token;
        auto page = parse_describe_instance_status(body, &token);
        if (!page) return page.error();
        for (auto& s : *page) out.push_back(std::move(s));
        return token;
      },
      set_next_token);
}

AwsRequest start_instances_request(const std::vector<std::string>& ids) {
  auto r = ec2_request("StartInstances");
  add_ec2_list(r.params, "InstanceId", ids);
  return r;
}

AwsRequest stop_instances_request(const std::vector<std::string>& ids, bool force) {
  auto r = ec2_request("StopInstances");
  add_ec2_list(r.params, "InstanceId", ids);
  if (force) r.params.emplace_back("Force", "true");
  return r;
}

AwsRequest reboot_instances_request(const std::vector<std::string>& ids) {
  auto r = ec2_request("RebootInstances");
  add_ec2_list(r.params, "InstanceId", ids);
  return r;
}

Result<std::vector<InstanceStateChange>> parse_instance_state_changes(std::string_view body) {
  auto doc = parse_xml(body, "ec2:InstanceStateChange");
  if (!doc) return doc.error();
  std::vector<InstanceStateChange> out;
  for (auto item : doc->root().child("instancesSet").children("item"))
    out.push_back({text_at(item, "instanceId"), text_at(item, "previousState.name"),
                   text_at(item, "currentState.name")});
  return out;
}

namespace {
Result<std::vector<InstanceStateChange>> state_change_call(const SyncCaller& call,
                                                           const AwsRequest& r) {
  auto resp = call(r);
  if (!resp) return resp.error();
  return parse_instance_state_changes(resp->body);
}
}  // namespace

Result<std::vector<InstanceStateChange>> start_instances(const SyncCaller& call,
                                                         const std::vector<std::string>& ids) {
  return state_change_call(call, start_instances_request(ids));
}

Result<std::vector<InstanceStateChange>> stop_instances(const SyncCaller& call,
                                                        const std::vector<std::string>& ids,
                                                        bool force) {
  return state_change_call(call, stop_instances_request(ids, force));
}

Result<void> reboot_instances(const SyncCaller& call, const std::vector<std::string>& ids) {
  auto resp = call(reboot_instances_request(ids));
  if (!resp) return resp.error();
  auto doc = parse_xml(resp->body, "ec2:RebootInstances");
  if (!doc) return doc.error();
  return {};
}

}  // namespace opsdeck::aws
