#include "app/ssm/instance_lookup.hpp"

#include "aws/ec2.hpp"
#include "ssh/ssm_command_runner.hpp"

namespace opsdeck::app {

aws::Result<std::string> resolve_instance(const aws::SyncCaller& call,
                                          const std::string& id_or_name) {
  auto target = ssh::parse_ssm_target(id_or_name);
  if (!target.instance_ids.empty()) return id_or_name;
  aws::DescribeInstancesInput in;
  in.filters.push_back({"tag:Name", {id_or_name}});
  in.filters.push_back({"instance-state-name", {"pending", "running", "stopping", "stopped"}});
  auto found = aws::describe_instances(call, in);
  if (!found) return found.error();
  if (found->empty())
    return aws::make_error(aws::ErrorKind::NotFound, "no instance named '" + id_or_name + "'",
                           "check the Name tag and the region, or pass the instance id");
  std::vector<const aws::Ec2Instance*> running;
  for (const auto& i : *found)
    if (i.state == "running") running.push_back(&i);
  if (running.size() == 1) return running.front()->id;
  if (running.empty() && found->size() == 1) return found->front().id;
  std::string ids;
  for (const auto& i : *found) ids += (ids.empty() ? "" : ", ") + i.id + " (" + i.state + ")";
  return aws::make_error(aws::ErrorKind::Usage,
                         "several instances are named '" + id_or_name + "': " + ids,
                         "pass the instance id");
}

}  // namespace opsdeck::app
