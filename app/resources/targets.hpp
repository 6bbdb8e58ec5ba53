#pragma once
// The load balancer targets of one ECS service: DescribeTargetHealth for each target group
// in the service's `loadBalancers`, read under the service (FetchOptions::parent, an
// EcsService resource with its DescribeServices document), after one DescribeTargetGroups
// for the groups' load balancers (optional: a failure only leaves "LoadBalancerArns" out of
// the rows' documents, which the ALB metrics under `m` need). Fields:
//   target_group (name), target (id), port, state (healthy | unhealthy | ...), reason,
//   description
// Order: as the target groups are listed, then as ELB answers.

#include <string>
#include <vector>

#include "app/resources/resource.hpp"
#include "app/resources/resource_list.hpp"
#include "aws/elbv2.hpp"

namespace opsdeck::app {

const ResourceList& target_list();
Resource resource_of(const aws::GroupTargetHealth& t);

// The target group ARNs of a service's raw DescribeServices document.
std::vector<std::string> service_target_groups(const nlohmann::json& service);
// "arn:aws:elasticloadbalancing:r:a:targetgroup/NAME/123" -> "NAME".
std::string target_group_name(const std::string& arn);

}  // namespace opsdeck::app
