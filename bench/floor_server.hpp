#pragma once
// FloorServer: a loopback AWS endpoint that answers from responses made before the clock
// starts, as fast as the socket allows — so a benchmark measures the client (parsing,
// panes, rendering) apart from moto's own cost. The pages are the captured responses in
// tests/unit/fixtures, repeated with distinct ids to the account's size and paged the way
// the services page them (EC2 1,000 instances, SSM 50 instance informations, CloudWatch 100
// alarms, Logs 50 groups per page). FilterLogEvents is generated from the wall clock at a
// fixed rate from the first FilterLogEvents call on (event k at start + k/rate, each with
// its own id, for log_seconds), so a follower sees a steady stream from its first poll;
// StartLiveTail is refused (AccessDenied), so the console follows by polling. STS answers
// GetCallerIdentity and AssumeRole (credentials that never expire in a run). Any other call
// gets an UnknownOperation error and is counted.
//
// Threads: the handler runs on the LoopbackHttpServer's thread; the counters are atomics and
// the accessors may be read from any thread. Benchmarks only; header-only (every .cpp in
// bench/ is a program).

#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "bench/fixture_pages.hpp"
#include "tests/support/loopback_http_server.hpp"

namespace opsdeck::bench {

struct FloorAccount {
  int instances = 10'000;
  int alarms = 2'000;
  int log_groups = 500;
  double log_lines_per_second = 0;  // FilterLogEvents' rate (0: no events)
  double log_seconds = 0;           // events exist for this long after start()
  // Each answer waits this long first, as a distant endpoint's round trip does (the
  // server answers one request at a time: a latency is one endpoint's, not a region's).
  std::chrono::milliseconds latency{0};
};

class FloorServer {
 public:
  using Clock = std::chrono::steady_clock;

  explicit FloorServer(const FloorAccount& account) : account_(account) {
    build_instances();
    build_instance_information();
    build_alarms();
    build_log_groups();
    fixtures_["DescribeDBInstances"] = fixture("rds_DescribeDBInstances.xml");
    fixtures_["DescribeCacheClusters"] = fixture("elasticache_DescribeCacheClusters.xml");
    fixtures_["GetCallerIdentity"] = fixture("sts_GetCallerIdentity.xml");
    // A role profile's credentials (a fleet's members): valid long past any run.
    fixtures_["AssumeRole"] =
        "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult><Credentials>"
        "<AccessKeyId>ASIAFLOOR</AccessKeyId><SecretAccessKey>floor-secret</SecretAccessKey>"
        "<SessionToken>floor-token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>"
        "</AssumeRoleResult></AssumeRoleResponse>";
    fixtures_["GetInstances"] = fixture("lightsail_GetInstances.json");
    server_ = std::make_unique<testing::LoopbackHttpServer>(
        [this](const testing::CapturedRequest& r) { return answer(r); }, testing::LoopbackHttpServer::KeepAlive::On);
  }

  std::string url() const { return server_->url(); }
  // Bytes of every page made for the account (what the client will read at least once).
  std::size_t prepared_bytes() const {
    std::size_t n = 0;
    for (const auto* pages : {&instance_pages_, &information_pages_, &alarm_pages_, &group_pages_})
      for (const auto& p : *pages) n += p.size();
    return n;
  }
  std::uint64_t log_events_total() const {
    return static_cast<std::uint64_t>(account_.log_lines_per_second * account_.log_seconds);
  }
  // When the handler returned the last page of a list (the pane can then be complete).
  Clock::time_point last_instances_page() const { return at(last_instances_); }
  Clock::time_point last_information_page() const { return at(last_information_); }
  Clock::time_point last_alarms_page() const { return at(last_alarms_); }
  int unexpected_calls() const { return unexpected_.load(); }
  std::string unexpected_names() const {
    std::lock_guard lock(mu_);
    std::string out;
    for (const auto& [name, n] : unexpected_by_name_) out += name + " x" + std::to_string(n) + " ";
    return out;
  }
  std::uint64_t log_events_served() const { return served_events_.load(); }
  // Whether the last event's time has passed (every event exists now).
  bool log_stream_over() const {
    return log_started_ && now_ms() > log_start_ms_ + static_cast<std::int64_t>(account_.log_seconds * 1000);
  }

 private:
  static std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  static Clock::time_point at(const std::atomic<std::int64_t>& ns) {
    return Clock::time_point(std::chrono::nanoseconds(ns.load()));
  }
  static void stamp(std::atomic<std::int64_t>& ns) { ns = Clock::now().time_since_epoch().count(); }

  // EC2: the captured reservation repeated, one instance each, with its own id and Name.
  void build_instances() {
    const int per_page = 1000;
    for (int start = 0; start < account_.instances; start += per_page) {
      const bool last = start + per_page >= account_.instances;
      instance_pages_.push_back(describe_instances_page(start, std::min(per_page, account_.instances - start),
                                                        last ? "" : fmt::format("p{}", start / per_page + 1)));
    }
  }

  void build_instance_information() {
    auto doc = nlohmann::json::parse(fixture("ssm_DescribeInstanceInformation.json"));
    const nlohmann::json item = doc["InstanceInformationList"][0];
    const int per_page = 50;
    for (int start = 0; start < account_.instances; start += per_page) {
      nlohmann::json page = {{"InstanceInformationList", nlohmann::json::array()}};
      for (int i = start; i < std::min(account_.instances, start + per_page); ++i) {
        nlohmann::json copy = item;
        copy["InstanceId"] = fixture_instance_id(i);
        copy["PingStatus"] = i % 10 == 0 ? "ConnectionLost" : "Online";
        page["InstanceInformationList"].push_back(std::move(copy));
      }
      if (start + per_page < account_.instances) page["NextToken"] = fmt::format("p{}", start / per_page + 1);
      information_pages_.push_back(page.dump());
    }
  }

  void build_alarms() {
    auto doc = nlohmann::json::parse(fixture("cloudwatch_DescribeAlarms.json"));
    const nlohmann::json item = doc["MetricAlarms"][0];
    const int per_page = 100;
    for (int start = 0; start < account_.alarms; start += per_page) {
      nlohmann::json page = {{"MetricAlarms", nlohmann::json::array()}, {"CompositeAlarms", nlohmann::json::array()}};
      for (int i = start; i < std::min(account_.alarms, start + per_page); ++i) {
        nlohmann::json copy = item;
        const std::string name = fmt::format("svc-{:05d}-cpu-high", i);
        copy["AlarmName"] = name;
        copy["AlarmArn"] = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:" + name;
        copy["StateValue"] = i % 20 == 0 ? "ALARM" : i % 7 == 0 ? "INSUFFICIENT_DATA" : "OK";
        copy["StateUpdatedTimestamp"] = 1795316857.913 - i * 60;
        copy["Dimensions"] = {{{"Name", "InstanceId"}, {"Value", fixture_instance_id(i)}}};
        page["MetricAlarms"].push_back(std::move(copy));
      }
      if (start + per_page < account_.alarms) page["NextToken"] = fmt::format("p{}", start / per_page + 1);
      alarm_pages_.push_back(page.dump());
    }
  }

  void build_log_groups() {
    auto doc = nlohmann::json::parse(fixture("logs_DescribeLogGroups.json"));
    const nlohmann::json item = doc["logGroups"][0];
    const int per_page = 50;
    for (int start = 0; start < account_.log_groups; start += per_page) {
      nlohmann::json page = {{"logGroups", nlohmann::json::array()}};
      for (int i = start; i < std::min(account_.log_groups, start + per_page); ++i) {
        nlohmann::json copy = item;
        const std::string name = fmt::format("/scale/svc-{:05d}", i);
        copy["logGroupName"] = name;
        copy["logGroupArn"] = "arn:aws:logs:us-east-1:123456789012:log-group:" + name;
        copy["arn"] = copy["logGroupArn"].get<std::string>() + ":*";
        page["logGroups"].push_back(std::move(copy));
      }
      if (start + per_page < account_.log_groups) page["nextToken"] = fmt::format("p{}", start / per_page + 1);
      group_pages_.push_back(page.dump());
    }
  }

  // "p7" -> 7; anything else -> 0 (the first page).
  static std::size_t page_of(const std::string& token) {
    if (token.size() < 2 || token[0] != 'p') return 0;
    return static_cast<std::size_t>(std::stoul(token.substr(1)));
  }
  static std::string form_value(const std::string& body, const std::string& key) {
    for (std::size_t p = 0; p < body.size();) {
      auto amp = body.find('&', p);
      std::string pair = body.substr(p, amp == std::string::npos ? std::string::npos : amp - p);
      if (pair.rfind(key + "=", 0) == 0) return pair.substr(key.size() + 1);
      if (amp == std::string::npos) break;
      p = amp + 1;
    }
    return "";
  }
  static std::string xml(const std::string& body) { return testing::LoopbackHttpServer::response(200, body); }
  static std::string json(const std::string& body, int status = 200) {
    return testing::LoopbackHttpServer::response(status, body, {}, "application/x-amz-json-1.1");
  }
  // Page n of a list, as `wrap` answers it; an unknown token is the service's 400.
  template <class Wrap>
  std::string page(const std::vector<std::string>& pages, std::size_t n, std::atomic<std::int64_t>* last, Wrap wrap) {
    if (n >= pages.size()) return json(R"({"__type":"InvalidNextToken","message":"no such page"})", 400);
    if (n + 1 == pages.size() && last) stamp(*last);
    return wrap(pages[n]);
  }

  std::string filter_log_events(const nlohmann::json& in) {
    if (account_.log_lines_per_second <= 0) return json(R"({"events":[],"searchedLogStreams":[]})");
    if (!log_started_.exchange(true)) {  // the stream starts with the follower's first call
      log_start_ms_ = now_ms();
      return json(R"({"events":[],"searchedLogStreams":[]})");
    }
    const double rate = account_.log_lines_per_second;
    const std::int64_t start = log_start_ms_.load();
    const std::int64_t now = now_ms();
    const std::int64_t until = std::min<std::int64_t>(
        in.value("endTime", now), std::min<std::int64_t>(now, start + static_cast<std::int64_t>(account_.log_seconds * 1000)));
    const std::int64_t since = in.value("startTime", start);
    // Event k: timestamp log_start + floor(k * 1000 / rate).
    auto first_at = [&](std::int64_t t) {  // the first k whose timestamp is >= t
      if (t <= start) return std::uint64_t{0};
      return static_cast<std::uint64_t>(std::ceil(static_cast<double>(t - start) * rate / 1000.0));
    };
    std::uint64_t k = first_at(since);
    const std::uint64_t end = std::min(first_at(until + 1), log_events_total());
    if (in.contains("nextToken")) k = std::max<std::uint64_t>(k, std::stoull(in["nextToken"].get<std::string>()));
    const std::uint64_t limit = static_cast<std::uint64_t>(in.value("limit", 10000));
    std::string body = R"({"events":[)";
    std::uint64_t n = 0;
    for (; k < end && n < limit; ++k, ++n) {
      if (n) body += ',';
      const std::int64_t ts = start + static_cast<std::int64_t>(static_cast<double>(k) * 1000.0 / rate);
      body += fmt::format(
          R"({{"logStreamName":"i-{:017x}/app","timestamp":{},"message":"{{\"level\":\"{}\",\"msg\":\"request completed\",\"path\":\"/v1/orders/{}\",\"status\":{},\"duration_ms\":{}}}","ingestionTime":{},"eventId":"{:056d}"}})",
          k % 16, ts, k % 50 == 0 ? "ERROR" : "INFO", k % 9973, k % 50 == 0 ? 500 : 200, k % 997, ts + 50, k);
    }
    served_events_ += n;
    body += R"(],"searchedLogStreams":[])";
    if (k < end) body += R"(,"nextToken":")" + std::to_string(k) + "\"";
    body += "}";
    return json(body);
  }

  std::string get_metric_data(const nlohmann::json& in) {
    nlohmann::json out = {{"MetricDataResults", nlohmann::json::array()}, {"Messages", nlohmann::json::array()}};
    std::int64_t end = in.value("EndTime", static_cast<std::int64_t>(1795316857));
    if (in.contains("EndTime") && in["EndTime"].is_number_float()) end = static_cast<std::int64_t>(in["EndTime"].get<double>());
    for (const auto& q : in.value("MetricDataQueries", nlohmann::json::array())) {
      nlohmann::json r = {{"Id", q.value("Id", "")}, {"Label", "CPUUtilization"}, {"StatusCode", "Complete"}};
      nlohmann::json ts = nlohmann::json::array(), vs = nlohmann::json::array();
      for (int i = 0; i < 18; ++i) {
        ts.push_back(end - i * 600);
        vs.push_back(20.0 + (i * 7 + static_cast<int>(q.value("Id", "").size())) % 60);
      }
      r["Timestamps"] = ts;
      r["Values"] = vs;
      out["MetricDataResults"].push_back(std::move(r));
    }
    return json(out.dump());
  }

  std::string unexpected(const std::string& name) {
    ++unexpected_;
    {
      std::lock_guard lock(mu_);
      ++unexpected_by_name_[name];
    }
    return json(R"({"__type":"UnknownOperationException","message":"the floor server does not answer )" + name + "\"}", 400);
  }

  std::string answer(const testing::CapturedRequest& r) {
    if (account_.latency.count() > 0) std::this_thread::sleep_for(account_.latency);
    if (const std::string* target = r.header("x-amz-target")) {
      const std::string op = target->substr(target->find('.') + 1);
      nlohmann::json in = nlohmann::json::parse(r.body.empty() ? "{}" : r.body, nullptr, false);
      if (in.is_discarded()) in = nlohmann::json::object();
      const std::string token = in.contains("NextToken") && in["NextToken"].is_string() ? in["NextToken"].get<std::string>()
                                : in.contains("nextToken") && in["nextToken"].is_string() ? in["nextToken"].get<std::string>()
                                                                                           : "";
      auto as_json = [](const std::string& b) { return json(b); };
      if (op == "DescribeInstanceInformation")
        return page(information_pages_, page_of(token), &last_information_, as_json);
      if (op == "DescribeAlarms") return page(alarm_pages_, page_of(token), &last_alarms_, as_json);
      if (op == "DescribeLogGroups") return page(group_pages_, page_of(token), nullptr, as_json);
      if (op == "GetMetricData") return get_metric_data(in);
      if (op == "FilterLogEvents") return filter_log_events(in);
      if (op == "StartLiveTail")
        return json(R"({"__type":"AccessDeniedException","message":"live tail is not served here"})", 400);
      if (op == "GetInstances") return json(fixtures_["GetInstances"]);
      return unexpected(op);
    }
    const std::string action = form_value(r.body, "Action");
    if (action == "DescribeInstances")
      return page(instance_pages_, page_of(form_value(r.body, "NextToken")), &last_instances_,
                  [](const std::string& b) { return xml(b); });
    if (auto f = fixtures_.find(action); f != fixtures_.end()) return xml(f->second);
    return unexpected(action.empty() ? r.target : action);
  }

  FloorAccount account_;
  std::vector<std::string> instance_pages_, information_pages_, alarm_pages_, group_pages_;
  std::map<std::string, std::string> fixtures_;
  std::atomic<std::int64_t> last_instances_{0}, last_information_{0}, last_alarms_{0};
  std::atomic<std::int64_t> log_start_ms_{0};
  std::atomic<bool> log_started_{false};
  std::atomic<std::uint64_t> served_events_{0};
  std::atomic<int> unexpected_{0};
  mutable std::mutex mu_;
  std::map<std::string, int> unexpected_by_name_;
  std::unique_ptr<testing::LoopbackHttpServer> server_;  // last: stopped first
};

}  // namespace opsdeck::bench
