#include "app/resources/instances.hpp"

#include "app/resources/read_with_optional.hpp"

#include <map>

#include "aws/ssm.hpp"

namespace opsdeck::app {

namespace {

using Ec2Result = aws::Result<std::vector<aws::Ec2Instance>>;
using LightsailResult = aws::Result<std::vector<aws::LightsailInstance>>;

void read_instances(const aws::AsyncCaller& call, const FetchOptions& opts, SnapshotCallback done) {
  read_with_optional<aws::Ec2Instance, aws::LightsailInstance>(
      [call](std::function<void(Ec2Result)> got) { aws::describe_instances_async(call, {}, std::move(got)); },
      [call](std::function<void(LightsailResult)> got) { aws::lightsail_instances_async(call, true, std::move(got)); },
      resource_of, resource_of, &OptionalSources::lightsail_unavailable, "Lightsail", instance_list(), opts, std::move(done));
}

// Instances and, at the same time, the SSM agents' status: an EC2 row gets "ssm" = the
// agent's PingStatus, or null when SSM does not manage it. When the status cannot be read
// the field stays absent (the pane shows "?") and the read says so in left_out.
void fetch(const aws::AsyncCaller& call, const FetchOptions& opts, SnapshotCallback done) {
  if (!opts.agent_status) return read_instances(call, opts, std::move(done));
  using Agents = aws::Result<std::vector<aws::SsmManagedInstance>>;
  std::shared_ptr<OptionalSources> memory = opts.optional;
  when_both<aws::Result<Snapshot>, Agents>(
      [call, opts](SnapshotCallback got) { read_instances(call, opts, std::move(got)); },
      [call, memory](std::function<void(Agents)> got) {
        if (memory && memory->ssm_unavailable.load()) {  // failed before in this session: not asked again
          aws::Error not_asked;
          not_asked.kind = aws::ErrorKind::Cancelled;
          return got(std::move(not_asked));
        }
        aws::describe_instance_information_async(call, std::move(got));
      },
      [memory, done = std::move(done)](aws::Result<Snapshot> s, Agents agents) {
        if (!s) return done(s.error());
        if (agents) {
          std::map<std::string, std::string> ping;
          for (const auto& a : *agents) ping[a.instance_id] = a.ping_status;
          for (auto& r : s->resources) {
            if (r.kind != ResourceType::Ec2Instance) continue;
            auto it = ping.find(r.id);
            r.fields["ssm"] = it == ping.end() ? nlohmann::json(nullptr) : nlohmann::json(it->second);
          }
        } else if (agents.error().kind != aws::ErrorKind::Cancelled) {
          if (memory) memory->ssm_unavailable = true;
          s->left_out.push_back({"SSM agent status", agents.error()});
        }
        done(std::move(*s));
      });
}

ResourceList make_list() {
  ResourceList l;
  l.name = "instances";
  l.keys = {"id", "name", "state", "type", "private_ip", "public_ip", "az", "launch_time", "source"};
  auto plain = [](const char* key) {
    return [key](const Resource& r, const CellContext&) { return cell_of(field_text(r, key)); };
  };
  l.pane = {
      {{"NAME", 8, 32, 0},
       [](const Resource& r, const CellContext&) {
         auto name = field_text(r, "name");
         return cell_of(name.empty() ? r.id : name);
       }},
      {{"STATE", 7, 13, 0},
       [](const Resource& r, const CellContext&) {
         auto s = field_text(r, "state");
         return cell_of(s, state_role(s));
       }},
      {{"ID", 10, 19, 3}, plain("id")},
      {{"TYPE", 6, 14, 4}, plain("type")},
      {{"PRIVATE IP", 10, 15, 5}, plain("private_ip")},
      {{"PUBLIC IP", 9, 15, 6}, plain("public_ip")},
      // How `s` connects: an Online agent means Session Manager, otherwise SSH.
      {{"SSM", 6, 14, 2},
       [](const Resource& r, const CellContext&) {
         if (r.kind != ResourceType::Ec2Instance) return cell_of("-", ui::Role::Dim);
         if (!r.fields.contains("ssm")) return cell_of("?", ui::Role::Dim);  // status not read
         const std::string ping = field_text(r, "ssm");
         if (ping.empty()) return cell_of("-", ui::Role::Dim);                // not managed
         return cell_of(ping, ping == "Online" ? ui::Role::StateGood : ui::Role::StateWarn);
       }},
      {{"AGE", 4, 6, 1, true},
       [](const Resource& r, const CellContext& c) {
         return cell_of(age_since(field_text(r, "launch_time"), c.now), ui::Role::Dim);
       }},
  };
  l.before = [](const Resource& a, const Resource& b) {
    auto rank = [](const Resource& r) { return r.kind == ResourceType::Ec2Instance ? 0 : 1; };
    if (rank(a) != rank(b)) return rank(a) < rank(b);
    // By the name shown: the Name tag, or the id of an untagged instance.
    auto shown = [](const Resource& r) {
      auto name = field_text(r, "name");
      return name.empty() ? r.id : name;
    };
    auto na = shown(a), nb = shown(b);
    if (na != nb) return na < nb;
    return a.id < b.id;
  };
  l.fetch = fetch;
  return l;
}

}  // namespace

const ResourceList& instance_list() {
  static const ResourceList list = make_list();
  return list;
}

Resource resource_of(const aws::Ec2Instance& i) {
  Resource r{ResourceType::Ec2Instance, i.id, {}, i.raw};
  r.fields["id"] = i.id;
  r.fields["name"] = i.name;
  r.fields["state"] = i.state;
  r.fields["type"] = i.type;
  r.fields["private_ip"] = null_if_empty(i.private_ip);
  r.fields["public_ip"] = null_if_empty(i.public_ip);
  r.fields["az"] = i.az;
  r.fields["launch_time"] = null_if_empty(i.launch_time);
  r.fields["source"] = "ec2";
  for (const auto* s : {&i.vpc_id, &i.private_dns, &i.public_dns})
    if (!s->empty()) r.search_terms.push_back(*s);
  for (const auto& sg : i.security_group_ids) r.search_terms.push_back(sg);
  for (const auto& [k, v] : i.tags) r.search_terms.push_back(k + "=" + v);
  return r;
}

Resource resource_of(const aws::LightsailInstance& i) {
  // Lightsail instances are addressed by name.
  Resource r{ResourceType::LightsailInstance, i.name, {}, i.raw};
  r.fields["id"] = i.name;
  r.fields["name"] = i.name;
  r.fields["state"] = i.state;
  r.fields["type"] = i.bundle;
  r.fields["private_ip"] = null_if_empty(i.private_ip);
  r.fields["public_ip"] = null_if_empty(i.public_ip);
  r.fields["az"] = i.az;
  r.fields["launch_time"] = null_if_empty(i.created);
  r.fields["source"] = "lightsail";
  return r;
}

}  // namespace opsdeck::app
