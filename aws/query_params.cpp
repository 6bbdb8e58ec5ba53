#include "aws/query_params.hpp"

namespace opsdeck::aws {

void add_ec2_list(QueryParams& p, const std::string& name, const std::vector<std::string>& values) {
  for (size_t i = 0; i < values.size(); ++i)
    p.emplace_back(name + "." + std::to_string(i + 1), values[i]);
}

void add_ec2_filters(QueryParams& p, const std::vector<NameValues>& filters) {
  for (size_t i = 0; i < filters.size(); ++i) {
    std::string prefix = "Filter." + std::to_string(i + 1);
    p.emplace_back(prefix + ".Name", filters[i].name);
    add_ec2_list(p, prefix + ".Value", filters[i].values);
  }
}

void add_query_list(QueryParams& p, const std::string& name, const std::vector<std::string>& values,
                    const std::string& member) {
  std::string prefix = member.empty() ? name : name + "." + member;
  for (size_t i = 0; i < values.size(); ++i)
    p.emplace_back(prefix + "." + std::to_string(i + 1), values[i]);
}

void add_rds_filters(QueryParams& p, const std::vector<NameValues>& filters) {
  for (size_t i = 0; i < filters.size(); ++i) {
    std::string prefix = "Filters.Filter." + std::to_string(i + 1);
    p.emplace_back(prefix + ".Name", filters[i].name);
    add_query_list(p, prefix + ".Values", filters[i].values, "Value");
  }
}

void set_param(QueryParams& p, const std::string& name, const std::string& value) {
  for (auto& [k, v] : p) {
    if (k == name) {
      v = value;
      return;
    }
  }
  p.emplace_back(name, value);
}

}  // namespace opsdeck::aws
