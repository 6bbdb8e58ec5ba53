#include "app/logs/live_follow.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <mutex>

namespace opsdeck::app {

const char* to_string(FollowMode m) {
  switch (m) {
    case FollowMode::Auto: return "auto";
    case FollowMode::Live: return "live";
    case FollowMode::Poll: return "poll";
  }
  return "?";
}

std::optional<FollowMode> parse_follow_mode(std::string_view text) {
  if (text == "auto") return FollowMode::Auto;
  if (text == "live") return FollowMode::Live;
  if (text == "poll") return FollowMode::Poll;
  return std::nullopt;
}

namespace {

constexpr const char* kLive = "live tail";
constexpr const char* kSampled = "live tail, sampled by CloudWatch (over 500 events/s: not every event is shown)";

// The service (or endpoint) will not serve live tail for this request: retrying the same
// session start cannot help. Only asked of a session that never started.
bool refuses_live_tail(const aws::Error& e) {
  if (e.code == "LimitExceededException" || e.code == "UnknownOperationException" || e.code == "InvalidAction" ||
      e.code == "NotImplemented")
    return true;
  if (e.http_status == 404 || e.http_status == 501) return true;
  // An error page without an AWS error code: an endpoint that has no such operation (moto
  // answers 500 "not implemented").
  if (e.http_status >= 500 && e.code.empty()) return true;
  return e.http_status >= 400 && e.http_status < 500 && !is_retryable(e);
}

std::string join(const std::vector<std::string>& groups) {
  std::string s;
  for (const auto& g : groups) s += (s.empty() ? "" : ", ") + g;
  return s;
}

}  // namespace

// What session listeners hear, queued for the engine's thread.
struct LiveFollow::Inbox final : LiveTailListener {
  struct Item {
    enum class Kind { Started, Update, Ended } kind;
    std::uint64_t session;
    std::vector<aws::LiveTailEvent> events{};
    bool sampled = false;
    aws::Result<void> why{};
  };
  std::mutex mu;
  std::deque<Item> items;

  void on_started(std::uint64_t s) override {
    std::lock_guard lock(mu);
    items.push_back({Item::Kind::Started, s});
  }
  void on_update(std::uint64_t s, std::vector<aws::LiveTailEvent> events, bool sampled) override {
    std::lock_guard lock(mu);
    items.push_back({Item::Kind::Update, s, std::move(events), sampled});
  }
  void on_ended(std::uint64_t s, aws::Result<void> why) override {
    std::lock_guard lock(mu);
    items.push_back({Item::Kind::Ended, s, {}, false, std::move(why)});
  }
  std::deque<Item> take() {
    std::lock_guard lock(mu);
    std::deque<Item> out;
    out.swap(items);
    return out;
  }
};

// Hands a LogTail's events to the engine as one reader's.
class LiveFollow::ReaderSink final : public LogSink {
 public:
  ReaderSink(LiveFollow& owner, std::uint32_t reader, bool forward_all_status)
      : owner_(owner), reader_(reader), forward_all_(forward_all_status) {}
  void on_events(std::vector<LogEvent> events) override { owner_.deliver(reader_, std::move(events)); }
  void on_status(const SourceStatus& s) override {
    // A gap read only speaks up when it has trouble; a poller reports like any LogTail.
    if (forward_all_ || s.state == SourceState::Backoff || s.state == SourceState::Failed) owner_.sink_.on_status(s);
  }

 private:
  LiveFollow& owner_;
  std::uint32_t reader_;
  bool forward_all_;
};

struct LiveFollow::Chunk {
  std::vector<std::string> groups;
  bool live = false;
  // Live.
  std::unique_ptr<LiveTailSession> session;
  std::uint32_t reader = 0;     // the session's reader (and session) number
  bool started = false;         // sessionStart seen
  std::int64_t gap_from = 0;    // the next gap read starts here
  std::int64_t last_heard = 0;  // wall time of the session's last update
  int start_failures = 0;
  std::int64_t reconnect_at = -1;  // -1: no session wanted now
  bool sampled = false;
  std::vector<std::pair<std::int64_t, std::int64_t>> gap_reads;  // (due, from)
  // Polled.
  std::unique_ptr<ReaderSink> poll_sink;
  std::unique_ptr<LogTail> poller;
  std::int64_t next_poll = 0;
  SourceStatus status;
};

LiveFollow::LiveFollow(LiveFollowOptions options, LogPageFetcher& fetcher, LiveTailStarter* starter,
                       TailClock& clock, LogSink& sink)
    : opt_(std::move(options)),
      fetcher_(fetcher),
      starter_(starter),
      clock_(clock),
      sink_(sink),
      inbox_(std::make_unique<Inbox>()) {
  opt_.tail.follow = true;
  opt_.tail.end_ms.reset();
  const auto& groups = opt_.tail.groups;
  for (std::size_t i = 0; i < groups.size(); i += kLiveTailMaxGroups) {
    auto c = std::make_unique<Chunk>();
    c->groups.assign(groups.begin() + static_cast<std::ptrdiff_t>(i),
                     groups.begin() + static_cast<std::ptrdiff_t>(std::min(groups.size(), i + kLiveTailMaxGroups)));
    c->status.source = join(c->groups);
    c->gap_from = opt_.tail.start_ms;
    chunks_.push_back(std::move(c));
  }
  const bool live_wanted = opt_.mode != FollowMode::Poll && starter_;
  for (std::size_t i = 0; i < chunks_.size(); ++i) {
    Chunk& c = *chunks_[i];
    if (live_wanted && static_cast<int>(i) < opt_.max_sessions) {
      c.live = true;
      c.reconnect_at = 0;
    } else if (live_wanted) {
      to_polling(c, opt_.tail.start_ms,
                 fmt::format("more than {} live sessions ({} groups each) would be needed", opt_.max_sessions,
                             kLiveTailMaxGroups));
    } else {
      to_polling(c, opt_.tail.start_ms, opt_.mode == FollowMode::Poll ? "" : "no live tail here");
    }
  }
}

LiveFollow::~LiveFollow() { close(); }

void LiveFollow::close() {
  for (auto& cp : chunks_) {
    Chunk& c = *cp;
    if (!c.live) continue;
    // A later run() opens a new session and reads the pause's gap.
    if (c.started) c.gap_from = c.last_heard - opt_.tail.overlap_ms;
    c.session.reset();
    c.started = false;
    c.reconnect_at = 0;
    c.gap_reads.clear();
  }
  inbox_->take();  // what closed sessions said is stale now
}

int LiveFollow::live_chunks() const {
  return static_cast<int>(std::count_if(chunks_.begin(), chunks_.end(), [](const auto& c) { return c->live; }));
}

int LiveFollow::polled_chunks() const { return static_cast<int>(chunks_.size()) - live_chunks(); }

std::int64_t LiveFollow::backoff_ms(int failures) {
  const int shift = std::clamp(failures - 1, 0, 20);
  const std::int64_t cap = std::min(opt_.reconnect_cap_ms, opt_.reconnect_base_ms << shift);
  std::uniform_int_distribution<std::int64_t> d(cap / 2, std::max<std::int64_t>(cap, 1));
  return d(rng_);
}

void LiveFollow::set_status(Chunk& c, SourceState state, std::string message) {
  if (c.status.state == state && c.status.message == message) return;
  c.status.state = state;
  c.status.message = std::move(message);
  sink_.on_status(c.status);
}

void LiveFollow::deliver(std::uint32_t reader, std::vector<LogEvent> events) {
  const auto& names = opt_.tail.stream_names;
  const auto& prefix = opt_.tail.stream_prefix;
  std::erase_if(events, [&](const LogEvent& e) {
    if (!prefix.empty() && e.stream.rfind(prefix, 0) != 0) return true;
    if (!names.empty() && std::find(names.begin(), names.end(), e.stream) == names.end()) return true;
    return !dedupe_.admit(reader, e);
  });
  if (events.empty()) return;
  std::stable_sort(events.begin(), events.end(),
                   [](const LogEvent& a, const LogEvent& b) { return a.timestamp_ms < b.timestamp_ms; });
  sink_.on_events(std::move(events));
}

void LiveFollow::open_session(Chunk& c) {
  c.reconnect_at = -1;
  c.started = false;
  c.sampled = false;
  c.reader = next_reader_++;
  LiveTailRequest req{c.groups, {}, {}, opt_.tail.filter_pattern};
  if (c.groups.size() == 1) {
    req.stream_names = opt_.tail.stream_names;
    req.stream_prefix = opt_.tail.stream_prefix;
  }
  ++sessions_started_;
  c.session = starter_->start(req, c.reader, *inbox_);
}

bool LiveFollow::read_gap(Chunk& c, std::int64_t from_ms) {
  TailOptions o = opt_.tail;
  o.groups = c.groups;
  o.follow = false;
  o.start_ms = from_ms;
  o.end_ms.reset();
  o.page_deadline_ms = opt_.gap_deadline_ms;
  ReaderSink sink(*this, next_reader_++, false);
  LogTail tail(o, fetcher_, clock_, sink);
  auto r = tail.run();
  if (r) return true;
  if (r.error().kind == aws::ErrorKind::Cancelled) {
    cancelled_ = true;
    return false;
  }
  // Not fatal: live events keep coming; the read is tried again.
  const std::int64_t wait = backoff_ms(2);
  c.gap_reads.emplace_back(clock_.now_ms() + wait, from_ms);
  set_status(c, SourceState::Backoff,
             fmt::format("live tail; reading the events before it failed, again in {} s: {}", (wait + 999) / 1000,
                         r.error().describe()));
  return true;
}

void LiveFollow::on_started(Chunk& c) {
  c.started = true;
  c.start_failures = 0;
  const std::int64_t now = clock_.now_ms();
  c.last_heard = now;
  set_status(c, SourceState::Following, kLive);
  const std::int64_t from = c.gap_from;
  // The second read covers what the service had not made searchable yet.
  c.gap_reads.emplace_back(now + opt_.settle_ms, std::max(from, now - opt_.tail.overlap_ms));
  read_gap(c, from);
}

void LiveFollow::on_update(Chunk& c, std::uint32_t reader, std::vector<aws::LiveTailEvent> events, bool sampled) {
  c.last_heard = clock_.now_ms();
  if (sampled != c.sampled) {
    c.sampled = sampled;
    set_status(c, SourceState::Following, sampled ? kSampled : kLive);
  }
  if (events.empty()) return;
  std::vector<LogEvent> out;
  out.reserve(events.size());
  for (auto& e : events) {
    LogEvent ev;
    ev.group = std::move(e.group_identifier);
    ev.stream = std::move(e.stream);
    ev.timestamp_ms = e.timestamp_ms;
    ev.ingestion_ms = e.ingestion_ms;
    ev.message = std::move(e.message);
    out.push_back(std::move(ev));
  }
  deliver(reader, std::move(out));
}

void LiveFollow::to_polling(Chunk& c, std::int64_t from_ms, std::string why) {
  c.live = false;
  c.session.reset();
  c.reconnect_at = -1;
  c.gap_reads.clear();
  TailOptions o = opt_.tail;
  o.groups = c.groups;
  o.start_ms = from_ms;
  c.poll_sink = std::make_unique<ReaderSink>(*this, next_reader_++, true);
  c.poller = std::make_unique<LogTail>(o, fetcher_, clock_, *c.poll_sink);
  c.next_poll = 0;
  set_status(c, SourceState::Following, why.empty() ? "polling" : "polling (" + why + ")");
}

void LiveFollow::on_ended(Chunk& c, aws::Result<void> why) {
  c.session.reset();
  const std::int64_t now = clock_.now_ms();
  // Where the next reader must start so nothing between the sessions is missed.
  if (c.started) c.gap_from = c.last_heard - opt_.tail.overlap_ms;
  const bool was_started = c.started;
  c.started = false;
  std::string reason = why ? "the server ended the stream" : why.error().describe();
  if (!was_started) ++c.start_failures;
  if (!why && !was_started && refuses_live_tail(why.error())) {
    if (opt_.mode == FollowMode::Live) {
      failed_ = why.error();  // run()'s error; its owner reports it
      return;
    }
    to_polling(c, c.gap_from, "live tail unavailable: " + reason);
    return;
  }
  if (opt_.mode == FollowMode::Auto && c.start_failures >= opt_.max_start_failures) {
    to_polling(c, c.gap_from,
               fmt::format("live tail failed to start {} times; last: {}", c.start_failures, reason));
    return;
  }
  const std::int64_t wait = c.start_failures == 0 ? 0 : backoff_ms(c.start_failures);
  c.reconnect_at = now + wait;
  set_status(c, SourceState::Backoff,
             wait == 0 ? "live tail reconnecting: " + reason
                       : fmt::format("live tail reconnecting in {} s: {}", (wait + 999) / 1000, reason));
}

bool LiveFollow::step() {
  if (failed_ || cancelled_) return false;
  for (auto& item : inbox_->take()) {
    auto it = std::find_if(chunks_.begin(), chunks_.end(),
                           [&](const auto& c) { return c->live && c->session && c->reader == item.session; });
    if (it == chunks_.end()) continue;  // from a session already closed
    Chunk& c = **it;
    switch (item.kind) {
      case Inbox::Item::Kind::Started: on_started(c); break;
      case Inbox::Item::Kind::Update: on_update(c, c.reader, std::move(item.events), item.sampled); break;
      case Inbox::Item::Kind::Ended: on_ended(c, std::move(item.why)); break;
    }
    if (failed_ || cancelled_) return false;
  }
  const std::int64_t now = clock_.now_ms();
  for (auto& cp : chunks_) {
    Chunk& c = *cp;
    if (c.live) {
      if (!c.session && c.reconnect_at >= 0 && now >= c.reconnect_at) open_session(c);
      for (std::size_t i = 0; i < c.gap_reads.size();) {
        if (c.gap_reads[i].first > now) {
          ++i;
          continue;
        }
        const std::int64_t from = c.gap_reads[i].second;
        c.gap_reads.erase(c.gap_reads.begin() + static_cast<std::ptrdiff_t>(i));
        if (!read_gap(c, from)) return false;
      }
    } else if (c.poller && now >= c.next_poll) {
      if (!c.poller->run_round()) {
        cancelled_ = true;
        return false;
      }
      c.next_poll = clock_.now_ms() + c.poller->next_wait_ms();
    }
  }
  // Readers overlap by at most overlap_ms (plus a gap read's own time); a gap still to be
  // read keeps what it will read again.
  std::int64_t cut = now - 2 * opt_.tail.overlap_ms - 120'000;
  for (const auto& c : chunks_) {
    if (c->live) cut = std::min(cut, (c->started ? c->last_heard - opt_.tail.overlap_ms : c->gap_from) - 1);
  }
  dedupe_.forget_before(cut);
  return true;
}

aws::Result<void> LiveFollow::run() {
  cancelled_ = false;
  for (;;) {
    if (!step() || !clock_.sleep_ms(opt_.tick_ms)) break;
  }
  close();
  if (failed_) return *failed_;
  return aws::make_error(aws::ErrorKind::Cancelled, "cancelled");
}

}  // namespace opsdeck::app
