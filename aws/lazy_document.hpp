#pragma once
// A JSON document that is built the first time someone reads it: the detail view's copy of
// what AWS sent (`d`), which most rows of a list never show. Parsing a response fills the
// typed row and keeps only what building the document later needs (for XML lists: the
// element's XML text, see lazy_xml_to_json in aws/xml_reader.hpp).
//
// Copies are cheap and share one document: whichever copy is read first builds it, once,
// and every copy then returns that one. `get()` may be called from any thread at the same
// time (std::call_once); the document is immutable once built. A document made from a
// finished nlohmann::json is simply that value. A default-constructed one reads as null.

#include <nlohmann/json.hpp>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>

namespace opsdeck::aws {

class LazyDocument {
 public:
  // Builds the document when first read. `build` runs at most once for all copies (again
  // only if it threw). What it holds (for XML: the element's text) is released with the
  // last copy, not after the build.
  using Builder = std::function<nlohmann::json()>;

  LazyDocument() = default;
  // A document that is already built. Implicit, so a finished JSON value is accepted
  // wherever a LazyDocument is.
  LazyDocument(nlohmann::json ready);  // NOLINT(google-explicit-constructor)
  // Braces read as nlohmann::json reads them: {{"k", "v"}} is the object {"k": "v"}.
  LazyDocument(nlohmann::json::initializer_list_t init);  // NOLINT(google-explicit-constructor)
  static LazyDocument deferred(Builder build);

  // The document, built on the first call. The reference stays valid while any copy lives.
  const nlohmann::json& get() const;
  // Whether the document exists yet (built, or made from a finished value).
  bool built() const;
  // Whether `other` is a copy of this one (shares its build).
  bool shares_with(const LazyDocument& other) const { return state_ == other.state_; }

 private:
  struct State {
    std::once_flag once;
    Builder build;  // empty for a finished value
    nlohmann::json value;
    std::atomic<bool> done{false};
  };
  std::shared_ptr<State> state_;
};

}  // namespace opsdeck::aws
