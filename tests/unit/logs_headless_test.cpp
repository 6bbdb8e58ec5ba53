// `opsdeck logs` output and exit codes, driven by a scripted fetcher and a manual clock.
#include <gtest/gtest.h>

#include <cstdio>

#include "app/exit_codes.hpp"
#include "app/logs/log_output.hpp"
#include "app/logs/logs_headless.hpp"

namespace opsdeck::app {
namespace {

constexpr std::int64_t kNow = 1'795'255'200'000;  // 2026-11-21T10:00:00Z

struct PagesFetcher : LogPageFetcher {
  std::vector<aws::Result<FilterPage>> pages;
  std::vector<FilterRequest> seen;
  aws::Result<FilterPage> fetch(const FilterRequest& r) override {
    seen.push_back(r);
    if (pages.empty()) return FilterPage{};
    auto p = std::move(pages.front());
    pages.erase(pages.begin());
    return p;
  }
};

struct Captured {
  std::string out, err;
  int code = -1;
};

Captured run(const LogsCommandOptions& o, PagesFetcher& f) {
  ManualTailClock clock(kNow);
  char* ob = nullptr;
  char* eb = nullptr;
  std::size_t on = 0, en = 0;
  std::FILE* out = open_memstream(&ob, &on);
  std::FILE* err = open_memstream(&eb, &en);
  Captured c;
  c.code = run_logs(o, f, clock, out, err);
  std::fclose(out);
  std::fclose(err);
  c.out.assign(ob, on);
  c.err.assign(eb, en);
  std::free(ob);
  std::free(eb);
  return c;
}

LogEvent ev(std::string stream, std::int64_t ts, std::string id, std::string msg) {
  return {"", std::move(stream), ts, ts + 5, std::move(id), std::move(msg)};
}

TEST(LogsHeadless, TextOutputIsSanitisedAndJsonHasEveryField) {
  PagesFetcher f;
  f.pages.push_back(FilterPage{{ev("web-1", kNow - 1000, "e1", "GET / 200\n"),
                                ev("web-1", kNow - 500, "e2", "evil \x1b]52;c;AAAA\x07 done")},
                               ""});
  LogsCommandOptions o;
  o.groups = {"/app"};
  auto c = run(o, f);
  EXPECT_EQ(c.code, kExitOk);
  EXPECT_EQ(c.out,
            "2026-11-21T09:59:59.000Z /app/web-1 GET / 200\n"
            "2026-11-21T09:59:59.500Z /app/web-1 evil ␛]52;c;AAAA␇ done\n");
  EXPECT_EQ(f.seen[0].start_ms, kNow - 600'000);  // default --since 10m

  PagesFetcher g;
  g.pages.push_back(FilterPage{{ev("s", 7, "id\"1", std::string("bad\xff utf8", 9))}, ""});
  o.output = "json";
  auto j = run(o, g);
  EXPECT_EQ(j.out,
            "{\"event_id\":\"id\\\"1\",\"group\":\"/app\",\"ingestion_time\":12,\"message\":\"bad\xEF\xBF\xBD "
            "utf8\",\"stream\":\"s\",\"timestamp\":7}\n");
}

TEST(LogsHeadless, OptionsReachTheRequestAndBadInputIsUsage) {
  PagesFetcher f;
  LogsCommandOptions o;
  o.groups = {"/app"};
  o.since = "2026-11-21T09:00";
  o.until = "2026-11-21T09:30";
  o.filter = "ERROR";
  o.stream_prefix = "web-";
  EXPECT_EQ(run(o, f).code, kExitOk);
  ASSERT_EQ(f.seen.size(), 1U);
  EXPECT_EQ(f.seen[0].start_ms, kNow - 3'600'000);
  EXPECT_EQ(*f.seen[0].end_ms, kNow - 1'800'000);
  EXPECT_EQ(f.seen[0].filter_pattern, "ERROR");
  EXPECT_EQ(f.seen[0].stream_prefix, "web-");
  o.since = "yesterday";
  auto bad = run(o, f);
  EXPECT_EQ(bad.code, kExitUsage);
  EXPECT_NE(bad.err.find("--since"), std::string::npos);
  o.since = "1h";
  o.follow = true;
  EXPECT_EQ(run(o, f).code, kExitUsage);  // --follow with --until
}

TEST(LogsHeadless, AwsErrorsMapToExitCodes) {
  PagesFetcher f;
  aws::Error e = aws::make_error(aws::ErrorKind::NotFound, "The specified log group does not exist.");
  e.code = "ResourceNotFoundException";
  e.http_status = 400;
  f.pages.push_back(e);
  LogsCommandOptions o;
  o.groups = {"/missing"};
  auto c = run(o, f);
  EXPECT_EQ(c.code, kExitNotFound);
  EXPECT_NE(c.err.find("does not exist"), std::string::npos);
  EXPECT_TRUE(c.out.empty());
}

TEST(LogOutput, IsoTimestampsBeforeTheEpochToo) {
  EXPECT_EQ(iso8601_ms(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(iso8601_ms(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(iso8601_ms(kNow + 123), "2026-11-21T10:00:00.123Z");
}

}  // namespace
}  // namespace opsdeck::app
