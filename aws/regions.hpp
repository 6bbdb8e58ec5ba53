#pragma once
// AWS region names: the regions this build knows of, and the shape every region name has
// ("us-east-1", "us-gov-west-1", "cn-north-1"), so a typo in a profile's region is told
// apart from a region newer than this list. Pure; any thread.

#include <string>
#include <string_view>
#include <vector>

namespace opsdeck::aws {

// The public regions of the aws, aws-cn and aws-us-gov partitions, most used first.
const std::vector<std::string>& known_regions();

// True for text shaped like a region name: lower-case words joined by '-' ending in a
// number ("us-east-1", "ap-southeast-5", "us-gov-west-1").
bool region_well_formed(std::string_view region);

bool region_known(std::string_view region);

}  // namespace opsdeck::aws
