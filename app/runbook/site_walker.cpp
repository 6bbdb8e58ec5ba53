#include "app/runbook/site_walker.hpp"

namespace opsdeck::app::runbook::site_walk {

Walker::Walker(std::string_view script, const SiteQuery& q) : src_(script), q_(q) {
  for (const auto& t : q.tokens)
    for (auto at = src_.find(t); !t.empty() && at != std::string_view::npos;
         at = src_.find(t, at + 1))
      occurrences_[at] = t;
}

aws::Result<SiteScan> Walker::run(const json& tree) {
  collect_integer_names(tree, 0);
  walk_stmts(tree, "Stmts", SiteContext{}, false, 0);
  walk_comments(tree, 0);
  find_unvisited_params(tree, 0);
  if (too_deep_)
    return aws::make_error(aws::ErrorKind::Usage, "the script nests deeper than " +
                                                      std::to_string(kMaxSiteDepth) +
                                                      " levels; too deep to fill");
  if (malformed_)
    return aws::make_error(aws::ErrorKind::Internal,
                           "the shell syntax tree has an unexpected shape");
  for (const auto& [at, token] : occurrences_) {
    if (claims_.count(at)) continue;
    Site s;
    s.kind = Site::Kind::Token;
    s.offset = at;
    s.length = token.size();
    s.key = token;
    s.ctx.unsupported =
        "where bash reads no value (a variable or function name, a here-document "
        "delimiter, a file descriptor or an unsupported construct)";
    claims_[at] = s;
  }
  SiteScan out;
  for (auto& [at, s] : claims_) out.sites.push_back(std::move(s));
  out.names_used = std::move(names_used_);
  return out;
}

bool Walker::enter(int depth) {
  if (depth > kMaxSiteDepth) too_deep_ = true;
  return !too_deep_;
}

std::optional<std::size_t> Walker::offset(const json& n, const char* key) {
  const json* p = child(n, key);
  const json* o = p ? child(*p, "Offset") : nullptr;
  if (!o || !o->is_number_integer() || o->get<long long>() < 0 ||
      static_cast<std::size_t>(o->get<long long>()) > src_.size()) {
    malformed_ = true;
    return std::nullopt;
  }
  return static_cast<std::size_t>(o->get<long long>());
}

void Walker::add(Site s) {
  auto [it, inserted] = claims_.emplace(s.offset, s);
  if (inserted) return;
  Site& old = it->second;
  if (old.kind != s.kind || old.ctx.quoting != s.ctx.quoting || old.ctx.code != s.ctx.code ||
      old.ctx.arithmetic != s.ctx.arithmetic || old.ctx.name != s.ctx.name)
    old.ctx.unsupported = "where the shell syntax tree is ambiguous";
}

void Walker::claim(const json& node, const SiteContext& ctx, bool whole_operand,
                   const char* begin_key) {
  auto b = offset(node, begin_key);
  auto e = offset(node, "End");
  if (!b || !e || occurrences_.empty()) return;
  for (auto it = occurrences_.lower_bound(*b); it != occurrences_.end() && it->first < *e; ++it) {
    Site s;
    s.kind = Site::Kind::Token;
    s.offset = it->first;
    s.length = it->second.size();
    s.key = it->second;
    s.whole_operand = whole_operand && it->first == *b && it->second.size() == *e - *b;
    s.ctx = ctx;
    add(std::move(s));
  }
}

}  // namespace opsdeck::app::runbook::site_walk
