#include "app/logs/cloudwatch_live_tail.hpp"

#include <map>
#include <mutex>

#include "aws/json_fields.hpp"
#include "aws/service.hpp"

namespace opsdeck::app {
namespace {

// arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE -> the n-th field.
std::string arn_field(const std::string& arn, int n) {
  if (arn.rfind("arn:", 0) != 0) return "";
  std::size_t pos = 0;
  for (int i = 0; i < n; ++i) {
    pos = arn.find(':', pos);
    if (pos == std::string::npos) return "";
    ++pos;
  }
  const std::size_t end = arn.find(':', pos);
  return end == std::string::npos ? "" : arn.substr(pos, end - pos);
}

// Shared by the handle (engine thread) and the stream callbacks (IO thread).
struct StreamState {
  std::mutex mu;
  bool closed = false;  // the handle is gone: no more listener calls
  bool ended = false;   // on_ended was called
  std::uint64_t session = 0;
  LiveTailListener* listener = nullptr;
  aws::LiveTailStreamHandler handler;
  std::map<std::string, std::string> names;  // identifier sent -> group asked for
  std::vector<aws::LiveTailEvent> events;

  // Under mu.
  void end(aws::Result<void> why) {
    if (closed || ended) return;
    ended = true;
    listener->on_ended(session, std::move(why));
  }

  // IO thread. False closes the stream.
  bool on_chunk(std::string_view chunk) {
    std::lock_guard lock(mu);
    if (closed || ended) return false;
    const bool was_started = handler.started();
    const std::uint64_t updates = handler.updates();
    events.clear();
    auto r = handler.feed(chunk, events);
    if (!was_started && handler.started()) listener->on_started(session);
    if (handler.updates() != updates) {
      for (auto& e : events) {
        auto it = names.find(e.group_identifier);
        if (it != names.end()) e.group_identifier = it->second;
      }
      listener->on_update(session, std::move(events), handler.sampled());
      events.clear();
    }
    if (!r) {
      end(r.error());
      return false;
    }
    return true;
  }

  // IO thread, once.
  void on_done(aws::Result<aws::HttpResponse> r) {
    std::lock_guard lock(mu);
    if (!r) return end(r.error());
    auto fin = handler.finish();
    if (!fin) return end(fin.error());
    end({});
  }
};

class StreamHandle final : public LiveTailSession {
 public:
  StreamHandle(aws::AwsClient& client, std::shared_ptr<StreamState> state) : client_(client), state_(std::move(state)) {}
  void set_call(aws::CallId id) { id_ = id; }
  ~StreamHandle() override {
    {
      std::lock_guard lock(state_->mu);
      state_->closed = true;
    }
    client_.cancel(id_);
  }

 private:
  aws::AwsClient& client_;
  std::shared_ptr<StreamState> state_;
  aws::CallId id_ = 0;
};

}  // namespace

std::string live_tail_group_identifier(const std::string& group, const std::string& caller_arn,
                                       const std::string& region) {
  if (group.rfind("arn:", 0) == 0) {
    if (group.size() > 2 && group.compare(group.size() - 2, 2, ":*") == 0) return group.substr(0, group.size() - 2);
    return group;
  }
  const std::string partition = arn_field(caller_arn, 1);
  const std::string account = arn_field(caller_arn, 4);
  if (partition.empty() || account.empty() || region.empty()) return group;
  return "arn:" + partition + ":logs:" + region + ":" + account + ":log-group:" + group;
}

aws::AwsRequest start_live_tail_request(const LiveTailRequest& r, const std::vector<std::string>& identifiers,
                                        std::chrono::milliseconds idle_timeout) {
  nlohmann::json in = nlohmann::json::object();
  in["logGroupIdentifiers"] = identifiers;
  if (identifiers.size() == 1) {
    if (!r.stream_names.empty()) in["logStreamNames"] = r.stream_names;
    else if (!r.stream_prefix.empty()) in["logStreamNamePrefixes"] = std::vector<std::string>{r.stream_prefix};
  }
  if (!r.filter_pattern.empty()) in["logEventFilterPattern"] = r.filter_pattern;
  aws::AwsRequest req = aws::json_request(aws::services::logs, "StartLiveTail", std::move(in));
  req.host_prefix = "stream-";
  req.idle_timeout = idle_timeout;
  return req;
}

CloudWatchLiveTail::CloudWatchLiveTail(aws::AwsClient& client, std::function<std::string()> caller_arn,
                                       std::chrono::milliseconds idle_timeout)
    : client_(client), caller_arn_(std::move(caller_arn)), idle_timeout_(idle_timeout) {}

std::unique_ptr<LiveTailSession> CloudWatchLiveTail::start(const LiveTailRequest& request, std::uint64_t session,
                                                           LiveTailListener& listener) {
  const std::string caller = caller_arn_ ? caller_arn_() : std::string();
  auto state = std::make_shared<StreamState>();
  state->session = session;
  state->listener = &listener;
  std::vector<std::string> ids;
  for (const auto& g : request.groups) {
    ids.push_back(live_tail_group_identifier(g, caller, client_.options().region));
    state->names[ids.back()] = g;
  }
  auto handle = std::make_unique<StreamHandle>(client_, state);
  handle->set_call(client_.stream(
      start_live_tail_request(request, ids, idle_timeout_),
      [state](std::string_view chunk) { return state->on_chunk(chunk); },
      [state](aws::Result<aws::HttpResponse> r) { state->on_done(std::move(r)); }));
  return handle;
}

}  // namespace opsdeck::app
