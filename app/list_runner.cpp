#include "app/list_runner.hpp"

#include <algorithm>
#include <future>

#include "app/exit_codes.hpp"
#include "app/list_rows.hpp"
#include "app/message_printer.hpp"
#include "app/plain_table.hpp"

namespace opsdeck::app {

namespace {

using Rows = std::vector<Row>;

struct Collected {
  Rows rows;
  std::string warnings;
};

void warn_optional(Collected& c, const aws::Error& e, const char* what) {
  UserMessage m = from_error(e, MessageSeverity::Warning);
  if (e.hint.empty()) m.hint = std::string(what) + " rows are left out";
  c.warnings += cli_text(m);
}

aws::Result<Collected> collect(const std::string& kind, const aws::SyncCaller& call) {
  Collected c;
  if (kind == "instances") {
    // Lightsail is optional (absent in some partitions and in moto): ask it concurrently so
    // its failure and retries never add to the wall time of the EC2 listing.
    auto pending = std::async(std::launch::async, [&call] { return aws::lightsail_instances(call, true); });
    auto ec2 = aws::describe_instances(call);
    if (!ec2) return ec2.error();
    for (const auto& i : *ec2) c.rows.push_back(instance_row(i));
    auto ls = pending.get();
    if (ls) for (const auto& i : *ls) c.rows.push_back(instance_row(i));
    else warn_optional(c, ls.error(), "Lightsail");
  } else if (kind == "databases") {
    // ElastiCache is optional like Lightsail: asked concurrently, one attempt, and its
    // failure only leaves the cache clusters out.
    auto pending = std::async(std::launch::async,
                              [&call] { return aws::describe_cache_clusters(call, {}, true); });
    auto dbs = aws::describe_db_instances(call);
    if (!dbs) return dbs.error();
    for (const auto& d : *dbs) c.rows.push_back(database_row(d));
    auto caches = pending.get();
    if (caches) for (const auto& x : *caches) c.rows.push_back(database_row(x));
    else warn_optional(c, caches.error(), "ElastiCache");
  } else if (kind == "alarms") {
    auto alarms = aws::describe_alarms(call);
    if (!alarms) return alarms.error();
    for (const auto& a : *alarms) c.rows.push_back(alarm_row(a));
  } else if (kind == "services") {
    auto pending =
        std::async(std::launch::async, [&call] { return aws::lightsail_container_services(call, true); });
    auto ecs = aws::all_services(call);
    if (!ecs) return ecs.error();
    for (const auto& s : *ecs) c.rows.push_back(service_row(s));
    auto ls = pending.get();
    if (ls) for (const auto& s : *ls) c.rows.push_back(service_row(s));
    else warn_optional(c, ls.error(), "Lightsail");
  } else {
    return aws::make_error(aws::ErrorKind::Usage, "unknown list '" + kind + "'");
  }
  return c;
}

std::string sort_key(const Row& r, const char* k) {
  auto it = r.find(k);
  return it != r.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

ListOutcome run_list(const std::string& kind, const std::string& format, const aws::SyncCaller& call) {
  ListOutcome o;
  auto got = collect(kind, call);
  if (!got) {
    o.err = cli_text(from_error(got.error()));
    o.exit_code = exit_code_for(got.error());
    return o;
  }
  o.err = got->warnings;
  Rows& rows = got->rows;
  // Stable, readable order: alarms by severity then name; the rest by cluster/name/id.
  auto severity = [](const Row& r) {
    auto s = sort_key(r, "state");
    return s == "ALARM" ? 0 : s == "INSUFFICIENT_DATA" ? 1 : 2;
  };
  std::stable_sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
    if (kind == "alarms" && severity(a) != severity(b)) return severity(a) < severity(b);
    for (const char* k : {"source", "cluster", "name", "id"}) {
      auto x = sort_key(a, k), y = sort_key(b, k);
      if (x != y) return x < y;
    }
    return false;
  });
  if (format == "json") {
    auto arr = nlohmann::ordered_json::array();
    for (auto& r : rows) arr.push_back(std::move(r));
    // dump() escapes control characters in strings, so JSON output is terminal-safe;
    // invalid UTF-8 from the wire is replaced, never fatal.
    o.out = arr.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
    return o;
  }
  std::vector<std::string> headers;
  for (const auto& k : list_keys(kind)) {
    std::string h = k;
    for (auto& ch : h) ch = static_cast<char>(ch >= 'a' && ch <= 'z' ? ch - 32 : ch);
    headers.push_back(h);
  }
  PlainTable table(headers);
  for (const auto& r : rows) table.add_row(table_cells(r));
  o.out = table.render();
  if (rows.empty()) o.err += cli_text(UserMessage::info("no " + kind + " found"));
  return o;
}

}  // namespace opsdeck::app
