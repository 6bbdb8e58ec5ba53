#include "app/fleet/fleet_list_runner.hpp"

#include "app/exit_codes.hpp"
#include "app/message_printer.hpp"
#include "app/resources/resource_lists.hpp"

namespace opsdeck::app {

ListOutcome fleet_list_outcome(const ResourceList& list, const std::string& format, const FleetSnapshot& snapshot) {
  ListOutcome o;
  ResourceList shown = list;
  shown.keys = fleet_keys(list);
  std::vector<Resource> rows;
  for (auto& r : merged_rows(list, snapshot)) rows.push_back(std::move(r.resource));
  for (const auto& m : snapshot.answered)
    for (const auto& l : m.snapshot.left_out) {
      UserMessage w = from_error(l.error, MessageSeverity::Warning);
      w.about("fleet member " + m.member.label());
      if (l.error.hint.empty()) w.hint = l.source + " rows are left out";
      o.err += cli_text(w);
    }
  for (const auto& [index, f] : snapshot.failed)
    o.err += cli_text(UserMessage::error("fleet member " + f.member.label() + ": " + f.reason + ": " + f.detail, f.fix));
  if (snapshot.answered.empty()) {
    o.exit_code = snapshot.failed.empty() ? kExitOk : exit_code_for(snapshot.failed.front().second.error);
    if (!snapshot.failed.empty())
      o.err += cli_text(UserMessage::error("no member of the fleet answered (" + std::to_string(snapshot.members) +
                                           " asked)"));
    return o;
  }
  o.out = format_rows(shown, rows, format);
  if (!snapshot.failed.empty()) {
    o.err += cli_text(UserMessage::warning(std::to_string(snapshot.failed.size()) + " of " +
                                               std::to_string(snapshot.members) + " fleet members failed",
                                           "the rows of the " + std::to_string(snapshot.answered.size()) +
                                               " that answered are printed"));
    o.exit_code = kExitPartial;
  }
  if (rows.empty()) o.err += cli_text(UserMessage::info("no " + list.name + " found in the fleet"));
  return o;
}

ListOutcome run_fleet_list(const std::string& kind, const std::string& format, const Fleet& fleet,
                           const GlobalOptions& base, SessionRegistry& sessions) {
  const ResourceList* list = find_resource_list(kind);
  if (!list) {
    ListOutcome o;
    auto e = aws::make_error(aws::ErrorKind::Usage, "unknown list '" + kind + "'");
    o.err = cli_text(from_error(e));
    o.exit_code = exit_code_for(e);
    return o;
  }
  auto members = open_fleet(fleet, base, sessions);
  auto limiter = EndpointLimiter::create(fleet.max_connections_per_endpoint);
  return fleet_list_outcome(*list, format, read_fleet_sync(*list, members, limiter));
}

}  // namespace opsdeck::app
