#include "app/console/forward_route.hpp"

#include <algorithm>
#include <cctype>

#include "app/resources/resource_list.hpp"
#include "aws/json_fields.hpp"

namespace opsdeck::app {

namespace {

aws::Error usage(std::string message) { return aws::make_error(aws::ErrorKind::Usage, std::move(message)); }

std::string vpc_of_database(const Resource& db) {
  if (auto* group = aws::jfield(db.document(), "DBSubnetGroup"); group && group->is_object())
    return aws::jstr(*group, "VpcId");
  return aws::jstr(db.document(), "VpcId");
}

std::string name_of(const Resource& instance) { return field_text(instance, "name"); }

std::vector<std::string> words(const std::string& name) {
  std::vector<std::string> out;
  std::string w;
  for (char c : name + "-") {
    if (c == '-' || c == '_' || c == '.') {
      if (!w.empty()) out.push_back(w);
      w.clear();
    } else {
      w.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
  }
  return out;
}

// How well an instance's Name fits a database: shared leading words first, then whether it
// is a bastion or jump host.
std::pair<int, int> affinity(const Resource& instance, const std::string& database_id) {
  auto a = words(name_of(instance)), b = words(database_id);
  int shared = 0;
  while (shared < static_cast<int>(std::min(a.size(), b.size())) && a[shared] == b[shared]) ++shared;
  int jump = 0;
  for (const auto& w : a)
    if (w == "bastion" || w == "jump" || w == "jumpbox") jump = 1;
  return {shared, jump};
}

bool is_online(const Resource& instance) { return field_text(instance, "ssm") == "Online"; }


}  // namespace


aws::Result<ForwardDestination> database_endpoint(const Resource& database) {
  std::string endpoint = field_text(database, "endpoint");
  if (endpoint.empty())
    return usage(database.id + " has no endpoint yet (status " + field_text(database, "status") + ")");
  auto d = parse_forward_destination(endpoint);
  if (!d) return usage(database.id + ": cannot read its endpoint '" + endpoint + "': " + d.error().message);
  if (d->host.empty()) return usage(database.id + ": its endpoint '" + endpoint + "' has no host");
  return d;
}

aws::Result<ForwardVia> choose_forward_via(const Resource& database, const std::vector<const Resource*>& instances,
                                          const std::string& bastion) {
  if (!bastion.empty()) {
    for (const Resource* i : instances)
      if (i && (i->id == bastion || name_of(*i) == bastion))
        return ForwardVia{i->id, display_label(*i), "the config's ssm.bastion"};
    if (bastion.rfind("i-", 0) == 0 || bastion.rfind("mi-", 0) == 0)
      return ForwardVia{bastion, bastion, "the config's ssm.bastion"};
    return usage("the config's ssm.bastion '" + bastion +
                 "' is not an instance id and no instance in this region has that Name");
  }
  std::vector<const Resource*> online;
  for (const Resource* i : instances)
    if (i && i->kind == ResourceType::Ec2Instance && is_online(*i)) online.push_back(i);
  std::sort(online.begin(), online.end(), [&database](const Resource* a, const Resource* b) {
    auto fa = affinity(*a, database.id), fb = affinity(*b, database.id);
    if (fa != fb) return fa > fb;
    return std::pair(name_of(*a), a->id) < std::pair(name_of(*b), b->id);
  });
  const std::string vpc = vpc_of_database(database);
  const std::string fix = "set \"ssm\": {\"bastion\": \"i-...\"} in the config to choose one";
  if (online.empty())
    return usage("no instance with an Online SSM agent to forward through" + (vpc.empty() ? "" : " in " + vpc) +
                 "; " + fix);
  if (!vpc.empty()) {
    for (const Resource* i : online)
      if (aws::jstr(i->document(), "vpcId") == vpc) return ForwardVia{i->id, display_label(*i), "Online in " + vpc};
    return usage("no instance with an Online SSM agent in " + vpc + " (" + database.id + "'s VPC); " + fix);
  }
  if (online.size() == 1)
    return ForwardVia{online.front()->id, display_label(*online.front()), "the only instance with an Online SSM agent"};
  return usage(database.id + "'s VPC is not in its description and " + std::to_string(online.size()) +
               " instances could forward to it; " + fix);
}

}  // namespace opsdeck::app
