#include "app/fleet/fleet_read.hpp"

#include <algorithm>
#include <future>
#include <mutex>

#include "app/identify_caller.hpp"
#include "aws/arn.hpp"

namespace opsdeck::app {

namespace {

// What one member's read gathers; filled on its IO thread.
struct MemberOutcome {
  std::optional<aws::Result<Snapshot>> rows;
  std::string account;
  int waiting = 0;  // the member's calls still out (the list, the caller identity)
};

// What the answer says of a member besides its rows. The sessions themselves stay with the
// caller: a callback holding the last reference would destroy the session's client on that
// client's own IO thread, which cannot join itself.
struct MemberInfo {
  FleetMember member;
  std::optional<aws::Error> open_error;  // set: the session could not be opened
  std::string profile, region;           // as the session resolved them
};

struct ReadState {
  std::mutex mutex;
  std::vector<MemberInfo> members;
  std::vector<MemberOutcome> outcomes;
  std::size_t members_left = 0;
  FleetCallback done;
};

FleetSnapshot assemble(ReadState& st) {
  FleetSnapshot out;
  out.members = st.members.size();
  for (std::size_t i = 0; i < st.members.size(); ++i) {
    const auto& m = st.members[i];
    auto& o = st.outcomes[i];
    if (m.open_error) {
      out.failed.emplace_back(i, explain_member_failure(m.member, *m.open_error));
      continue;
    }
    if (!o.rows || !*o.rows) {
      auto e = o.rows ? o.rows->error() : aws::make_error(aws::ErrorKind::Internal, "the member never answered");
      out.failed.emplace_back(i, explain_member_failure(m.member, e));
      continue;
    }
    MemberRows r;
    r.index = i;
    r.member = m.member;
    r.profile = m.profile;
    r.region = m.region;
    r.account = !o.account.empty() ? o.account : m.member.account_id;
    r.snapshot = std::move(o.rows->value());
    out.answered.push_back(std::move(r));
  }
  return out;
}

// One of member i's calls ended; the last call of the last member delivers the read.
void settle(const std::shared_ptr<ReadState>& st, std::size_t i) {
  FleetCallback done;
  {
    std::lock_guard lock(st->mutex);
    if (--st->outcomes[i].waiting > 0) return;
    if (--st->members_left > 0) return;
    done = std::move(st->done);
  }
  done(assemble(*st));
}

}  // namespace

std::vector<FleetMemberSession> open_fleet(const Fleet& fleet, const GlobalOptions& base, SessionRegistry& sessions) {
  std::vector<FleetMemberSession> out;
  for (const auto& m : fleet.members) {
    FleetMemberSession s;
    s.member = m;
    auto opened = sessions.get(m.options(base));
    if (opened) s.session = *opened;
    else s.open_error = opened.error();
    out.push_back(std::move(s));
  }
  return out;
}

void read_fleet(const ResourceList& list, const std::vector<FleetMemberSession>& members,
                const std::shared_ptr<EndpointLimiter>& limiter, const FetchOptions& options, FleetCallback done) {
  auto st = std::make_shared<ReadState>();
  for (const auto& m : members) {
    MemberInfo info{m.member, std::nullopt, "", ""};
    if (m.session) info.profile = m.session->profile(), info.region = m.session->region();
    else info.open_error = m.open_error.value_or(aws::make_error(aws::ErrorKind::Internal, "the session was not opened"));
    st->members.push_back(std::move(info));
  }
  st->outcomes.resize(members.size());
  st->done = std::move(done);
  std::vector<std::size_t> asked;
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (!members[i].session) continue;
    asked.push_back(i);
    auto known = members[i].session->known_caller_arn();
    if (known) st->outcomes[i].account = aws::account_of_arn(*known);
    st->outcomes[i].waiting = known ? 1 : 2;
  }
  st->members_left = asked.size();
  if (asked.empty()) {
    auto d = std::move(st->done);
    return d(assemble(*st));
  }
  // Every member's waiting count is set before the first call goes out: an answer may
  // arrive (on another thread) before the loop ends.
  for (std::size_t i : asked) {
    const auto& m = members[i];
    auto call = limiter->wrap(m.session->client());
    FetchOptions opts = options;
    opts.optional = m.optional;
    bool ask_identity = st->outcomes[i].waiting == 2;
    list.fetch(call, opts, [st, i](aws::Result<Snapshot> r) {
      {
        std::lock_guard lock(st->mutex);
        st->outcomes[i].rows = std::move(r);
      }
      settle(st, i);
    });
    if (!ask_identity) continue;
    // The account column, at the same time as the list: from the credentials when they
    // say (an assumed role, an SSO account), else one GetCallerIdentity. Remembered by the
    // session, so a console refresh asks it at most once.
    identify_caller(m.session, call, [st, i](aws::CallerIdentity id) {
      {
        std::lock_guard lock(st->mutex);
        st->outcomes[i].account = id.account;
      }
      settle(st, i);
    });
  }
}

FleetSnapshot read_fleet_sync(const ResourceList& list, const std::vector<FleetMemberSession>& members,
                              const std::shared_ptr<EndpointLimiter>& limiter, const FetchOptions& options) {
  std::promise<FleetSnapshot> p;
  auto f = p.get_future();
  read_fleet(list, members, limiter, options, [&p](FleetSnapshot s) { p.set_value(std::move(s)); });
  return f.get();
}

std::vector<std::string> fleet_keys(const ResourceList& list) {
  std::vector<std::string> keys{"account", "profile", "region"};
  keys.insert(keys.end(), list.keys.begin(), list.keys.end());
  return keys;
}

std::vector<FleetRow> merged_rows(const ResourceList& list, const FleetSnapshot& snapshot) {
  std::vector<FleetRow> rows;
  for (const auto& m : snapshot.answered)
    for (const auto& r : m.snapshot.resources) {
      FleetRow row;
      row.member = m.index;
      row.resource.kind = r.kind;
      row.resource.id = r.id;
      row.resource.raw = r.raw;
      row.resource.fields["account"] = null_if_empty(m.account);
      row.resource.fields["profile"] = m.profile;
      row.resource.fields["region"] = m.region;
      for (const auto& [k, v] : r.fields.items()) row.resource.fields[k] = v;
      rows.push_back(std::move(row));
    }
  if (list.before)
    std::stable_sort(rows.begin(), rows.end(),
                     [&list](const FleetRow& a, const FleetRow& b) { return list.before(a.resource, b.resource); });
  return rows;
}

}  // namespace opsdeck::app
