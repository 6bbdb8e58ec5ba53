#pragma once
// Helpers that spell lists and filters the way the EC2 query and awsQuery protocols want
// them (see shared notes/aws-protocols.md §3.1-3.2). Pure functions.

#include <string>
#include <utility>
#include <vector>

#include "aws/aws_request.hpp"

namespace opsdeck::aws {

struct NameValues {
  std::string name;
  std::vector<std::string> values;
};

// EC2: InstanceId.1=a&InstanceId.2=b
void add_ec2_list(QueryParams& p, const std::string& name, const std::vector<std::string>& values);
// EC2: Filter.1.Name=n&Filter.1.Value.1=v
void add_ec2_filters(QueryParams& p, const std::vector<NameValues>& filters);
// awsQuery: Name.member.1=a (use `member` = "" for flattened lists)
void add_query_list(QueryParams& p, const std::string& name, const std::vector<std::string>& values,
                    const std::string& member = "member");
// RDS: Filters.Filter.1.Name=n&Filters.Filter.1.Values.Value.1=v
void add_rds_filters(QueryParams& p, const std::vector<NameValues>& filters);
// Replaces (or adds) one parameter, used to set the page token.
void set_param(QueryParams& p, const std::string& name, const std::string& value);

}  // namespace opsdeck::aws
