#pragma once
// The instances list: EC2 (DescribeInstances) and, when the endpoint has it, Lightsail
// (GetInstances, optional). Fields:
//   id, name, state, type, private_ip, public_ip, az, launch_time, source (ec2 | lightsail)
// EC2 rows' search_terms (the console's `/` filter, not shown): VPC, private and public DNS
// names, security group ids, tags as key=value.
// Order: EC2 before Lightsail, then by the name shown (the id when untagged), then id.

#include "app/resources/resource.hpp"
#include "app/resources/resource_list.hpp"
#include "aws/ec2.hpp"
#include "aws/lightsail.hpp"

namespace opsdeck::app {

const ResourceList& instance_list();
Resource resource_of(const aws::Ec2Instance& i);
Resource resource_of(const aws::LightsailInstance& i);

}  // namespace opsdeck::app
