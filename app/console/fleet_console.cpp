#include "app/console/fleet_console.hpp"

#include <algorithm>

#include "app/console/sources/resource_rows.hpp"
#include "app/resources/alarms.hpp"
#include "app/resources/databases.hpp"
#include "app/resources/instances.hpp"

namespace opsdeck::app {

namespace {

using Steady = RefreshState::Clock;

const ResourceList& list_of(int pane) {
  if (pane == kDatabasesPane) return database_list();
  if (pane == kAlarmsPane) return alarm_list();
  return instance_list();
}

constexpr int kPolled[] = {kInstancesPane, kDatabasesPane, kAlarmsPane};

std::vector<ui::Column> member_columns() {
  return {{"MEMBER", 8, 30, 0}, {"ACCOUNT", 12, 12, 1}, {"STATUS", 6, 10, 0}, {"WHY / WHAT TO DO", 10, 400, 0}};
}

std::string status_key(std::size_t index) { return "member:" + std::to_string(index); }

// A row's series in the merged snapshot: one alarm name can exist in several members.
std::string series_key(const std::string& profile, const std::string& region, const std::string& id) {
  return profile + '\x1f' + region + '\x1f' + id;
}

}  // namespace

ResourceList fleet_pane_list(const ResourceList& list) {
  ResourceList l = list;
  std::vector<PaneColumn> columns{
      {{"ACCOUNT", 7, 12, 1}, [](const Resource& r, const CellContext&) { return cell_of(field_text(r, "account"), ui::Role::Dim); }},
      {{"REGION", 6, 14, 1}, [](const Resource& r, const CellContext&) { return cell_of(field_text(r, "region"), ui::Role::Dim); }},
  };
  for (auto& c : l.pane) {
    if (c.column.title == "LAST 3H") {
      // The member's own series for this alarm (FleetConsole::show_pane keys them so).
      auto own = std::move(c.cell);
      c.cell = [own](const Resource& r, const CellContext& ctx) {
        Resource keyed;
        keyed.id = series_key(field_text(r, "profile"), field_text(r, "region"), r.id);
        return own(keyed, ctx);
      };
    }
    columns.push_back(std::move(c));
  }
  l.pane = std::move(columns);
  l.keys = fleet_keys(list);
  return l;
}

FleetConsole::FleetConsole(ConsoleView& view, ui::EventLoop& loop, Fleet fleet,
                           std::vector<FleetMemberSession> members, const ConsoleSettings& settings)
    : view_(view),
      loop_(loop),
      fleet_(std::move(fleet)),
      members_(std::move(members)),
      limiter_(EndpointLimiter::create(fleet_.max_connections_per_endpoint)),
      sources_(kPaneCount),
      rounds_{RefreshState(settings.instances), RefreshState(settings.databases), RefreshState(settings.alarms),
              RefreshState(settings.logs_poll)},
      state_(kPaneCount),
      rows_(kPaneCount),
      accounts_(members_.size()) {
  for (int p : kPolled) {
    auto src = std::make_shared<ui::VectorTableSource>(fleet_pane_list(list_of(p)).pane_columns());
    sources_[static_cast<std::size_t>(p)] = src;
    view_.pane(p).set_source(src);
    view_.pane(p).table().set_empty_text("asking " + std::to_string(members_.size()) + " fleet members");
    auto interval = rounds_[static_cast<std::size_t>(p)].interval();
    state_[static_cast<std::size_t>(p)].assign(members_.size(), MemberState{{}, {}, {}, RefreshState(interval)});
  }
  auto members_src = std::make_shared<ui::VectorTableSource>(member_columns());
  sources_[kLogsPane] = members_src;
  view_.pane(kLogsPane).set_source(members_src);
  view_.pane(kLogsPane).set_title("Fleet members");
  view_.pane(kLogsPane).table().set_empty_text("no members");
  for (std::size_t i = 0; i < members_.size(); ++i)
    if (!members_[i].member.account_id.empty()) accounts_[i] = members_[i].member.account_id;
  HeaderInfo& h = view_.header();
  h.fleet = fleet_.name.empty() ? "(flags)" : fleet_.name;
  h.environment.clear();
  h.production = false;  // each member's own guard applies where its rows are acted on
  show_members();
}

FleetConsole::~FleetConsole() { shutdown(); }

void FleetConsole::shutdown() {
  running_ = false;
  for (auto id : timers_) loop_.cancel_timer(id);
  timers_.clear();
}

void FleetConsole::start() {
  running_ = true;
  for (int p : kPolled) {
    poll(p);
    timers_.push_back(loop_.add_timer(rounds_[static_cast<std::size_t>(p)].interval(), [this, p] {
      bool was = rounds_[static_cast<std::size_t>(p)].in_flight();
      poll(p);
      return was != rounds_[static_cast<std::size_t>(p)].in_flight() ? ui::Outcome::Redraw : ui::Outcome::Handled;
    }));
  }
  schedule_spinner();
}

void FleetConsole::poll(int pane) {
  if (!running_) return;
  auto& round = rounds_[static_cast<std::size_t>(pane)];
  bool visible = !view_.top_screen() && (view_.zoomed() < 0 || view_.zoomed() == pane);
  auto now = Steady::now();
  if (!round.due(now, visible)) return;
  // Members backing off (throttled) sit this round out and keep their last rows.
  std::vector<std::size_t> asked;
  std::vector<FleetMemberSession> members;
  auto& states = state_[static_cast<std::size_t>(pane)];
  for (std::size_t i = 0; i < members_.size(); ++i) {
    if (members_[i].session && !states[i].refresh.due(now, true)) continue;
    asked.push_back(i);
    members.push_back(members_[i]);
    if (members_[i].session) states[i].refresh.started(now);
  }
  if (asked.empty()) return;
  round.started(now);
  FetchOptions options;
  options.agent_status = pane == kInstancesPane;  // the SSM column, as in one account's console
  options.alarm_series = pane == kAlarmsPane;      // the sparklines: one GetMetricData per member
  read_fleet(list_of(pane), members, limiter_, options, [this, pane, asked](FleetSnapshot s) {
    // The IO thread of the member that answered last: only posts.
    loop_.post([this, pane, asked, s = std::move(s)]() mutable { apply(pane, asked, std::move(s)); });
  });
  schedule_spinner();
}

void FleetConsole::apply(int pane, const std::vector<std::size_t>& asked, FleetSnapshot snapshot) {
  if (!running_) return;  // a late answer after :fleet / :profile switched away
  auto now = Steady::now();
  auto& states = state_[static_cast<std::size_t>(pane)];
  for (auto& m : snapshot.answered) {
    std::size_t i = asked[m.index];
    states[i].rows = std::move(m.snapshot);
    states[i].account = m.account;
    states[i].failed.reset();
    states[i].refresh.succeeded(now);
    if (!m.account.empty()) accounts_[i] = m.account;
  }
  for (auto& [index, f] : snapshot.failed) {
    std::size_t i = asked[index];
    if (members_[i].session) states[i].refresh.failed(f.error, now);
    states[i].failed = std::move(f);
  }
  rounds_[static_cast<std::size_t>(pane)].succeeded(now);
  show_pane(pane);
  show_members();
}

void FleetConsole::show_pane(int pane) {
  // The rows of every member with an answer, the failed ones' last good rows included.
  FleetSnapshot merged;
  merged.members = members_.size();
  const auto& states = state_[static_cast<std::size_t>(pane)];
  for (std::size_t i = 0; i < members_.size(); ++i) {
    if (!states[i].rows) continue;
    MemberRows r;
    r.index = i;
    r.member = members_[i].member;
    r.profile = members_[i].session ? members_[i].session->profile() : members_[i].member.profile;
    r.region = members_[i].session ? members_[i].session->region() : members_[i].member.region;
    r.account = accounts_[i];
    r.snapshot = *states[i].rows;
    merged.answered.push_back(std::move(r));
  }
  auto rows = merged_rows(list_of(pane), merged);
  Snapshot shown;
  for (const auto& m : merged.answered)
    for (const auto& [id, values] : m.snapshot.series) shown.series[series_key(m.profile, m.region, id)] = values;
  std::vector<std::size_t> owner;
  for (auto& r : rows) {
    owner.push_back(r.member);
    shown.resources.push_back(std::move(r.resource));
  }
  ResourceList list = fleet_pane_list(list_of(pane));
  PaneRows cells = pane_rows(list, shown, std::chrono::system_clock::now());
  auto& held = rows_[static_cast<std::size_t>(pane)];
  held.clear();
  // One id can exist in two accounts (an alarm name): the key names the member too.
  for (std::size_t i = 0; i < cells.keys.size(); ++i) {
    cells.keys[i] = std::to_string(owner[i]) + "/" + cells.keys[i];
    held.insert_or_assign(cells.keys[i], std::pair{owner[i], std::move(shown.resources[i])});
  }
  view_.pane(pane).set_kinds(cells.kind_map());
  std::size_t failed = 0;
  for (const auto& s : states) failed += s.failed && !s.rows ? 1 : 0;
  std::string what = view_.pane(pane).title();
  for (char& c : what) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  view_.pane(pane).table().set_empty_text(
      "no " + what + " in " + std::to_string(members_.size() - failed) + " fleet members" +
      (failed ? " (" + std::to_string(failed) + " failed: see Fleet members)" : ""));
  sources_[static_cast<std::size_t>(pane)]->set_rows(std::move(cells.rows), std::move(cells.keys));
}

void FleetConsole::show_members() {
  std::vector<ui::VectorTableSource::Row> rows;
  std::vector<std::string> keys;
  int up = 0, failed = 0, stale = 0;
  for (std::size_t i = 0; i < members_.size(); ++i) {
    std::optional<MemberFailure> why = failure(i);
    bool has_rows = false, asked = false;
    for (int p : kPolled) {
      const auto& s = state_[static_cast<std::size_t>(p)][i];
      has_rows = has_rows || s.rows.has_value();
      asked = asked || s.rows || s.failed;
    }
    std::string status;
    ui::Role role = ui::Role::StateGood;
    if (!asked) {
      status = "asking";
      role = ui::Role::Dim;
    } else if (!why) {
      status = "up";
      ++up;
    } else if (has_rows) {
      status = "stale";
      role = ui::Role::StateWarn;
      ++stale;
    } else {
      status = "FAILED";
      role = ui::Role::StateBad;
      ++failed;
    }
    std::string text = why ? why->reason + " — " + why->fix : "";
    rows.push_back({cell_of(members_[i].member.label()), cell_of(accounts_[i], ui::Role::Dim), cell_of(status, role),
                    cell_of(text, why ? ui::Role::StatusWarn : ui::Role::Default)});
    keys.push_back(status_key(i));
  }
  sources_[kLogsPane]->set_rows(std::move(rows), std::move(keys));
  HeaderInfo& h = view_.header();
  h.members_up = up;
  h.members_failed = failed;
  h.members_stale = stale;
}

std::optional<MemberFailure> FleetConsole::failure(std::size_t index) const {
  for (int p : kPolled) {
    const auto& s = state_[static_cast<std::size_t>(p)];
    if (index < s.size() && s[index].failed) return s[index].failed;
  }
  return std::nullopt;
}

std::optional<std::size_t> FleetConsole::member_of(int pane, const std::string& key) const {
  if (pane < 0 || pane >= kPaneCount) return std::nullopt;
  if (pane == kLogsPane) return member_of_status_row(key);
  const auto& held = rows_[static_cast<std::size_t>(pane)];
  auto it = held.find(key);
  if (it == held.end()) return std::nullopt;
  return it->second.first;
}

const Resource* FleetConsole::resource(int pane, const std::string& key) const {
  if (pane < 0 || pane >= kPaneCount || pane == kLogsPane) return nullptr;
  const auto& held = rows_[static_cast<std::size_t>(pane)];
  auto it = held.find(key);
  return it == held.end() ? nullptr : &it->second.second;
}

std::optional<std::size_t> FleetConsole::member_of_status_row(const std::string& key) const {
  for (std::size_t i = 0; i < members_.size(); ++i)
    if (status_key(i) == key) return i;
  return std::nullopt;
}

int FleetConsole::in_flight() const {
  int n = 0;
  for (const auto& m : members_)
    if (m.session) n += m.session->client().in_flight();
  return n;
}

void FleetConsole::before_render() {
  if (!running_) return;
  view_.header().in_flight = in_flight();
  auto now = Steady::now();
  for (int p : kPolled) view_.pane(p).set_note(rounds_[static_cast<std::size_t>(p)].note(now));
  view_.pane(kLogsPane).set_note("");
  schedule_spinner();
}

void FleetConsole::schedule_spinner() {
  if (spinner_scheduled_ || !running_ || in_flight() == 0) return;
  spinner_scheduled_ = true;
  loop_.add_timer(
      std::chrono::milliseconds(150),
      [this] {
        spinner_scheduled_ = false;
        ++spinner_;
        schedule_spinner();
        return ui::Outcome::Redraw;
      },
      false);
}

}  // namespace opsdeck::app
