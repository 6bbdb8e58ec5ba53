#pragma once
// A fleet read: one ResourceList (app/resources/resource_list.hpp) read from every member
// of a fleet at once — one round of that list's calls per member, all members concurrently,
// each through its own Session and under one EndpointLimiter — and the members' rows
// merged into one list with "account", "profile" and "region" in front of each row's
// fields, in the list's own order across the whole fleet (alarms: ALARM first, then the
// longest in its state, whichever account it is in).
//
// A member that fails does not fail the read: it is listed with the reason and the fix
// (member_failure.hpp), and every member that answered keeps its rows.
//
// Threads: open_fleet() blocks (it opens sessions: reads ~/.aws, no network); never call it
// on an AWS IO thread or the UI thread. read_fleet() returns at once; `done` runs once, on
// the IO thread of the member that finished last (on the calling thread when no member
// could be asked). read_fleet_sync() blocks the calling thread.
// Ownership: values; the sessions are shared (SessionRegistry keeps them too). The caller
// keeps `members` (their sessions) alive until `done` has run; the read holds no session,
// so none is ever destroyed on its own client's IO thread.

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/fleet/endpoint_limiter.hpp"
#include "app/fleet/fleet_member.hpp"
#include "app/fleet/member_failure.hpp"
#include "app/resources/resource_list.hpp"
#include "app/session_registry.hpp"

namespace opsdeck::app {

// One member, ready to be asked: its own session and its own optional-service memory.
struct FleetMemberSession {
  FleetMember member;
  std::shared_ptr<Session> session;             // null when it could not be opened
  std::optional<aws::Error> open_error;         // why (an unknown profile, a malformed ~/.aws file)
  std::shared_ptr<OptionalSources> optional = std::make_shared<OptionalSources>();
};

std::vector<FleetMemberSession> open_fleet(const Fleet& fleet, const GlobalOptions& base, SessionRegistry& sessions);

struct MemberRows {
  std::size_t index = 0;  // the member's place in the fleet
  FleetMember member;
  std::string profile, region;  // as the member's session resolved them
  std::string account;  // the caller identity's account; else the config's account_id; else ""
  Snapshot snapshot;
};

struct FleetSnapshot {
  std::size_t members = 0;
  std::vector<MemberRows> answered;   // in fleet order
  std::vector<std::pair<std::size_t, MemberFailure>> failed;  // (member index, why), in fleet order
};

using FleetCallback = std::function<void(FleetSnapshot)>;

void read_fleet(const ResourceList& list, const std::vector<FleetMemberSession>& members,
                const std::shared_ptr<EndpointLimiter>& limiter, const FetchOptions& options, FleetCallback done);

FleetSnapshot read_fleet_sync(const ResourceList& list, const std::vector<FleetMemberSession>& members,
                              const std::shared_ptr<EndpointLimiter>& limiter, const FetchOptions& options = {});

// The keys of a fleet list: "account", "profile", "region", then the list's own.
std::vector<std::string> fleet_keys(const ResourceList& list);

// One merged row: the member's row with "account", "profile" (the member's profile as
// resolved) and "region" in front of its fields, and which member it came from.
struct FleetRow {
  std::size_t member = 0;
  Resource resource;
};

// Every answered member's rows, in the list's order across the fleet (ties keep fleet order).
std::vector<FleetRow> merged_rows(const ResourceList& list, const FleetSnapshot& snapshot);

}  // namespace opsdeck::app
