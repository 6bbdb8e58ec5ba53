#pragma once
// read_with_optional: one read of a list that one required service and one optional
// service fill (EC2 + Lightsail, RDS + ElastiCache, ECS + Lightsail). Both are asked at once
// (when_both); the required one's error fails the read; the optional one's error only leaves
// its rows out (Snapshot::left_out) and, when the caller remembers (FetchOptions::optional),
// it is not asked again. Rows become Resources through `required_row` / `optional_row` and
// are sorted into the list's order. `done` runs once, on the thread that completes last.

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

#include "app/resources/resource_list.hpp"
#include "app/resources/when_both.hpp"

namespace opsdeck::app {

template <class Required, class Optional>
void read_with_optional(const std::function<void(std::function<void(aws::Result<std::vector<Required>>)>)>& required,
                        const std::function<void(std::function<void(aws::Result<std::vector<Optional>>)>)>& optional,
                        Resource (*required_row)(const Required&), Resource (*optional_row)(const Optional&),
                        std::atomic<bool> OptionalSources::*unavailable, const char* source,
                        const ResourceList& list, const FetchOptions& options, SnapshotCallback done) {
  using R = aws::Result<std::vector<Required>>;
  using O = aws::Result<std::vector<Optional>>;
  std::shared_ptr<OptionalSources> memory = options.optional;
  when_both<R, O>(
      required,
      [memory, unavailable, optional](std::function<void(O)> got) {
        if (memory && ((*memory).*unavailable).load()) return got(std::vector<Optional>{});
        optional(std::move(got));
      },
      [memory, unavailable, source, &list, required_row, optional_row, done = std::move(done)](R req, O opt) {
        if (!req) return done(req.error());
        Snapshot s;
        for (const auto& x : *req) s.resources.push_back(required_row(x));
        if (opt) {
          for (const auto& x : *opt) s.resources.push_back(optional_row(x));
        } else {
          if (memory) ((*memory).*unavailable) = true;
          s.left_out.push_back({source, opt.error()});
        }
        list.sort(s.resources);
        done(std::move(s));
      });
}

}  // namespace opsdeck::app
