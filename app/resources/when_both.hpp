#pragma once
// when_both: starts two asynchronous reads at once and hands both results to `done`, once,
// on the thread that completes last. Each start function receives the completion to call
// exactly once (from any thread); a start that completes inline (a SyncCaller adapted to an
// AsyncCaller) is fine.

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>

namespace opsdeck::app {

template <class A, class B, class StartA, class StartB>
void when_both(StartA&& start_a, StartB&& start_b, std::function<void(A, B)> done) {
  struct State {
    std::mutex mutex;
    std::optional<A> a;
    std::optional<B> b;
    std::function<void(A, B)> done;
  };
  auto st = std::make_shared<State>();
  st->done = std::move(done);
  start_a([st](A a) {
    std::unique_lock lock(st->mutex);
    st->a.emplace(std::move(a));
    if (!st->b) return;
    lock.unlock();  // both are set: nothing else touches the state any more
    st->done(std::move(*st->a), std::move(*st->b));
  });
  start_b([st](B b) {
    std::unique_lock lock(st->mutex);
    st->b.emplace(std::move(b));
    if (!st->a) return;
    lock.unlock();
    st->done(std::move(*st->a), std::move(*st->b));
  });
}

}  // namespace opsdeck::app
