#pragma once
// One row of a resource list, as both front ends see it: the headless commands
// (`opsdeck instances --output json|table`) and the console's panes.
//   kind      what it is (asked for its abilities: resource_type.hpp, resource_actions.hpp)
//   id        how AWS names it (instance id, DB identifier, alarm name, Lightsail name)
//   fields    the documented object, keys in the list's documented order (resource_list.hpp):
//             the JSON output as printed, the headless table's cells, the panes' cells
//   raw       AWS's own description of it (the detail view, actions that need more), read
//             through document(); built on first read where the list defers it (EC2's
//             DescribeInstances: most rows are never opened, aws/lazy_document.hpp)
// A Snapshot is one read of a list: its rows and what was left out. Plain values; no I/O.

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

#include "app/resources/resource_type.hpp"
#include "aws/lazy_document.hpp"
#include "aws/result.hpp"

namespace opsdeck::app {

struct Resource {
  ResourceType kind = ResourceType::None;
  std::string id;
  nlohmann::ordered_json fields;
  aws::LazyDocument raw;
  // More words the console's `/` filter matches, beyond the fields (an instance's DNS names,
  // VPC, security groups, tags as key=value); never shown, not part of the headless output.
  std::vector<std::string> search_terms = {};

  // AWS's own description (null when the list keeps none). Safe from any thread; the
  // reference lives as long as any copy of `raw` does.
  const nlohmann::json& document() const { return raw.get(); }
};

// The row's key in a table: the id, prefixed with its kind where one list mixes kinds whose
// ids could collide ("lightsail:web-1" beside EC2's "i-0abc"). An identity, never parsed:
// what a row is comes from Resource::kind.
std::string row_key(ResourceType kind, const std::string& id);
std::string row_key(const Resource& r);

// An optional source that did not answer: its rows are missing from the snapshot.
struct LeftOut {
  std::string source;  // "Lightsail", "ElastiCache"
  aws::Error error;
};

// How a person reads the resource in a message: "clinic-api (i-0abc)", or the id alone when
// it has no other name. Not sanitized: the names come from AWS.
std::string display_label(const Resource& r);

// The resource's own ARN in an AWS document: the first of the keys services use for it
// (ARN, arn, DBInstanceArn, AlarmArn, serviceArn, taskArn, ...; a service's own before
// its cluster's) whose value starts with "arn:"; "" when the document has none (EC2's
// DescribeInstances carries no ARN) — never one of a related resource.
std::string resource_arn(const nlohmann::json& document);

struct Snapshot {
  std::vector<Resource> resources;  // in the list's display order
  std::vector<LeftOut> left_out;
  // Alarms read with FetchOptions::alarm_series: alarm name -> the metric's values over
  // the last 3 hours, oldest first (the pane's sparklines).
  std::map<std::string, std::vector<double>> series;
};

}  // namespace opsdeck::app
