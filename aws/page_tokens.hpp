#pragma once
// PageTokenGuard: ends a paginated read that would otherwise never end.
//
// A well-behaved service hands out a new token for every page and none on the last one;
// an endpoint that hands back a token this read already sent (a broken proxy, a buggy
// emulator) would be followed forever. The AWS SDKs stop on a repeated token; so does
// every pagination loop here: paginate_sync/paginate_async (aws/service_call.hpp),
// filter_log_events() (aws/logs.hpp) and each group's read in LogTail
// (app/logs/log_tail.hpp). The guard also caps the pages of one read, so
// endless fresh tokens end too.
//
// Scope: one paginated read, i.e. the pages from a first request to a page without a
// token. A later read (LogTail's next round in follow mode) uses a new guard; a read that
// resumes from a token it kept (after an error) starts with resume_from(token).
//
// Tokens are remembered as 64-bit hashes (plus the last one in full), so memory stays small
// whatever the endpoint sends; a false "repeated" among 10,000 distinct tokens has a
// probability below 1e-11.
//
// Threads: none of its own; one guard belongs to one read on one thread at a time.

#include <cstddef>
#include <string>
#include <unordered_set>

#include "aws/result.hpp"

namespace opsdeck::aws {

// Pages one read may take before it is stopped (at 50 to 1,000 items a page that is far
// beyond any real account).
inline constexpr int kMaxPagesPerRead = 10'000;

class PageTokenGuard {
 public:
  // `what` names the read in messages: "ec2:DescribeInstances", "FilterLogEvents on /app/api".
  explicit PageTokenGuard(std::string what, int max_pages = kMaxPagesPerRead);

  // The read's first request sends `token` (a read resumed from a kept cursor).
  void resume_from(const std::string& token);

  // One page arrived; `next` is its token ("" on the last page). Ok when the read is done
  // (`next` empty) or may send `next`, which is then remembered as sent. An ErrorKind::Parse
  // error when `next` was already sent in this read, or when this was page `max_pages` and
  // the endpoint still asks for more.
  Result<void> check(const std::string& next);

  // The read starts over from its first page (an expired token): the tokens are forgotten,
  // the page count is kept, so a read that keeps restarting still ends at `max_pages`.
  void restart();

  // True when `next` is the token the last request sent (GetLogEvents' nextForwardToken
  // says "end of stream" that way).
  bool echoes_last(const std::string& next) const { return has_last_ && next == last_; }

  int pages() const { return pages_; }
  const std::string& what() const { return what_; }

 private:
  std::string what_;
  int max_pages_;
  int pages_ = 0;
  std::unordered_set<std::size_t> sent_;
  std::string last_;
  bool has_last_ = false;
};

}  // namespace opsdeck::aws
