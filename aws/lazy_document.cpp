#include "aws/lazy_document.hpp"

#include <utility>

namespace opsdeck::aws {

LazyDocument::LazyDocument(nlohmann::json ready) : state_(std::make_shared<State>()) {
  state_->value = std::move(ready);
  state_->done.store(true, std::memory_order_release);
}

LazyDocument::LazyDocument(nlohmann::json::initializer_list_t init) : LazyDocument(nlohmann::json(init)) {}

LazyDocument LazyDocument::deferred(Builder build) {
  LazyDocument d;
  d.state_ = std::make_shared<State>();
  d.state_->build = std::move(build);
  return d;
}

const nlohmann::json& LazyDocument::get() const {
  static const nlohmann::json null_document;
  if (!state_) return null_document;
  State& s = *state_;
  // `done` spares every later read the call_once; the value it publishes is written only
  // inside the call_once, before `done` is set.
  if (!s.done.load(std::memory_order_acquire)) {
    std::call_once(s.once, [&s] {
      if (s.build) s.value = s.build();
      s.done.store(true, std::memory_order_release);
    });
  }
  return s.value;
}

bool LazyDocument::built() const { return !state_ || state_->done.load(std::memory_order_acquire); }

}  // namespace opsdeck::aws
