#pragma once
// The instances list: EC2 (DescribeInstances) and, when the endpoint has it, Lightsail
// (GetInstances, optional). Fields:
//   id, name, state, type, private_ip, public_ip, az, launch_time, source (ec2 | lightsail)
//   and for EC2: vpc_id, private_dns, public_dns, security_groups (ids), tags ({key: value})
// (the console's `/` filter matches all of them: an IP, a tag value, `env=prod`).
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
