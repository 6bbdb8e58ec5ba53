#include "aws/page_tokens.hpp"

#include <fmt/format.h>

#include <functional>
#include <string_view>
#include <utility>

namespace opsdeck::aws {

namespace {

std::size_t token_hash(const std::string& token) { return std::hash<std::string_view>{}(token); }

}  // namespace

PageTokenGuard::PageTokenGuard(std::string what, int max_pages) : what_(std::move(what)), max_pages_(max_pages) {}

void PageTokenGuard::resume_from(const std::string& token) {
  if (token.empty()) return;
  sent_.insert(token_hash(token));
  last_ = token;
  has_last_ = true;
}

Result<void> PageTokenGuard::check(const std::string& next) {
  ++pages_;
  if (next.empty()) return {};
  if (echoes_last(next) || sent_.contains(token_hash(next))) {
    return make_error(ErrorKind::Parse,
                      fmt::format("the endpoint returned the same page token twice ({}); stopping instead of looping",
                                  what_),
                      "is a proxy or emulator in the way?");
  }
  if (pages_ >= max_pages_) {
    return make_error(ErrorKind::Parse,
                      fmt::format("the endpoint still returned a page token after {} pages ({}); stopping there",
                                  pages_, what_),
                      "narrow the request (filters, a shorter time range), or check that --endpoint-url is AWS");
  }
  sent_.insert(token_hash(next));
  last_ = next;
  has_last_ = true;
  return {};
}

void PageTokenGuard::restart() {
  sent_.clear();
  last_.clear();
  has_last_ = false;
}

}  // namespace opsdeck::aws
