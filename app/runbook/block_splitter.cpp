#include "app/runbook/block_splitter.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <regex>
#include <set>

#include "app/runbook/classifier.hpp"
#include "app/runbook/command_units.hpp"
#include "app/runbook/shell_text.hpp"
#include "app/runbook/variables.hpp"

namespace opsdeck::app::runbook {

namespace {

struct Unit {
  CommandUnit cu;
  UnitFacts f;
  int session = -1;             // index of the unit that opened its ssh/SSM session
  bool login = false;           // it opens that session (not run on its own)
  Side side = Side::Neutral;    // its own side, or the one a comment above names
  std::string intro;            // its own comment (above it, else beside it)
  std::set<std::string> refs;   // $NAME / ${NAME} it reads
  std::vector<std::string> vars;
};

bool is_conditional(std::string_view comment) {
  static const std::regex cond(R"(^\s*(if|when|unless|in\s+case|only\s+if)\b)", std::regex::icase);
  return std::regex_search(regex_input(comment), cond);
}

bool is_otherwise(std::string_view comment) {
  static const std::regex alt(R"(^\s*(otherwise|else|alternatively|or|instead)\b)", std::regex::icase);
  return std::regex_search(regex_input(comment), alt);
}

// "# Option A: …", "# Option 2 – …", "# Alternative 1": one of several ways.
bool is_option(std::string_view comment) {
  static const std::regex option(R"(^\s*(option|alternative|method|approach|variant)\s*(\d+|[a-e])\b)",
                                 std::regex::icase);
  return std::regex_search(regex_input(comment), option);
}

bool names_a_variant(std::string_view comment) {
  static const std::regex variant(
      R"(\b(with|without|only|normal|default|full|quick|fast|slow|dry|dev|development|prod|production|staging|test|all|instead|option|alternative|variant|mode|just|plain|simple|everything)\b)",
      std::regex::icase);
  return std::regex_search(regex_input(comment), variant);
}

std::set<std::string> references(std::string_view text) {
  static const std::regex ref(R"(\$\{?([A-Za-z_][A-Za-z0-9_]*))");
  std::set<std::string> out;
  std::string s = regex_input(text);
  for (std::sregex_iterator it(s.begin(), s.end(), ref), end; it != end; ++it) out.insert((*it)[1].str());
  return out;
}

std::string join_lines(const std::vector<std::string_view>& lines, int from, int to) {
  std::string out;
  for (int k = from; k <= to && k < static_cast<int>(lines.size()); ++k) {
    out.append(lines[static_cast<size_t>(k)]);
    out.push_back('\n');
  }
  return out;
}

// Groups of units that are alternatives, by union-find over group indexes.
class Links {
 public:
  explicit Links(size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), size_t{0}); }
  void join(size_t a, size_t b) { parent_[find(a)] = find(b); }
  size_t find(size_t a) {
    while (parent_[a] != a) a = parent_[a] = parent_[parent_[a]];
    return a;
  }

 private:
  std::vector<size_t> parent_;
};

class Splitter {
 public:
  Splitter(std::string_view code, std::string_view lang) : code_(code), lang_(lang), lines_(split_lines(code)) {}

  std::vector<BlockPart> run() {
    auto cus = split_command_units(code_, is_prompted_block(lang_, code_));
    if (cus.empty()) return {whole_part({})};
    for (auto& cu : cus) {
      Unit u;
      u.f = unit_facts(cu.text);
      u.intro = !cu.comments.empty() ? cu.comments.front() : cu.trailing_comment;
      u.refs = references(cu.text);
      u.vars = find_variables(cu.text, true).names;
      u.cu = std::move(cu);
      units_.push_back(std::move(u));
    }
    for (const auto& u : units_) {
      assigned_.insert(u.f.computed.begin(), u.f.computed.end());
      assigned_.insert(u.f.literal.begin(), u.f.literal.end());
    }
    mark_sessions();
    mark_sides();
    find_cuts();
    form_groups();
    if (groups_.size() == 1) {
      std::vector<size_t> all(units_.size());
      std::iota(all.begin(), all.end(), size_t{0});
      return {whole_part(all)};
    }
    return parts();
  }

 private:
  size_t n() const { return units_.size(); }

  void mark_sessions() {
    for (size_t i = 0; i < n(); ++i) {
      const auto& f = units_[i].f;
      bool opens = f.ssh.kind == SshCall::Kind::Login || !f.ssm_target.empty();
      if (!opens || i + 1 >= n() || units_[i + 1].f.exit) continue;
      units_[i].session = static_cast<int>(i);
      units_[i].login = true;
      size_t j = i + 1;
      for (; j < n(); ++j) {
        units_[j].session = static_cast<int>(i);
        if (units_[j].f.exit) break;
      }
      i = j;
    }
  }

  void mark_sides() {
    Side hint = Side::Neutral;
    for (auto& u : units_) {
      for (const auto& c : u.cu.comments) {
        Side h = where_hint(c);
        if (h != Side::Neutral) hint = h;
      }
      if (!u.cu.trailing_comment.empty() && where_hint(u.cu.trailing_comment) != Side::Neutral)
        hint = where_hint(u.cu.trailing_comment);
      if (u.session >= 0 && !u.login) u.side = Side::Host;
      else if (u.f.ssh.kind == SshCall::Kind::Remote) u.side = Side::Host;
      else if (u.f.side != Side::Neutral) u.side = u.f.side;
      else u.side = hint;
    }
    // Commands that run anywhere stay with the machine around them.
    Side last = Side::Neutral;
    for (auto& u : units_) {
      if (u.side == Side::Neutral) u.side = last;
      else last = u.side;
    }
    Side next = Side::Neutral;
    for (size_t i = n(); i-- > 0;) {
      if (units_[i].side == Side::Neutral) units_[i].side = next;
      else next = units_[i].side;
    }
  }

  // A value computed before the cut and read after it keeps the two together.
  bool blocked(size_t i) const {
    if (units_[i - 1].f.glue || units_[i].f.glue) return true;
    for (size_t a = 0; a < i; ++a)
      for (const auto& name : units_[a].f.computed)
        for (size_t b = i; b < n(); ++b)
          if (units_[b].refs.count(name)) return true;
    return false;
  }

  void find_cuts() {
    cut_.assign(n(), false);
    must_.assign(n(), false);
    std::vector<std::pair<size_t, size_t>> unit_links;
    size_t intros = 0;
    for (const auto& u : units_)
      if (!u.intro.empty() && !u.f.content) ++intros;
    for (size_t i = 1; i < n(); ++i) {
      const Unit& a = units_[i - 1];
      const Unit& b = units_[i];
      bool hard = a.session != b.session || a.f.ssh.kind == SshCall::Kind::Remote ||
                  b.f.ssh.kind == SshCall::Kind::Remote || a.f.content != b.f.content ||
                  (a.session < 0 && b.session < 0 && a.side != b.side && a.side != Side::Neutral &&
                   b.side != Side::Neutral);
      if (a.login && b.session == a.session) hard = false;
      bool soft = b.cu.or_before || (!b.intro.empty() && intros >= 2 && !b.f.content) ||
                  ((a.f.follow || b.f.follow) && !a.login);
      if (b.cu.or_before) unit_links.emplace_back(i - 1, i);
      must_[i] = hard;
      cut_[i] = hard || (soft && !blocked(i));
      if (b.cu.or_before && !blocked(i)) cut_[i] = true;
    }
    // Consecutive commented variants of one action.
    size_t prev = n();
    for (size_t i = 0; i < n(); ++i) {
      if (units_[i].intro.empty()) continue;
      if (prev < n()) {
        const Unit& a = units_[prev];
        const Unit& b = units_[i];
        bool same = !a.f.action.empty() && a.f.action == b.f.action && a.cu.text != b.cu.text;
        if (same && (names_a_variant(a.intro) || names_a_variant(b.intro) || (a.f.follow && b.f.follow)) &&
            cut_between(prev, i))
          unit_links.emplace_back(prev, i);
      }
      prev = i;
    }
    // List, then act.
    size_t start = 0;
    for (size_t i = 1; i < n(); ++i) {
      if (cut_[i]) {
        start = i;
        continue;
      }
      bool listed = false;
      std::set<std::string> known;
      for (size_t j = start; j < i; ++j) {
        listed = listed || units_[j].f.lists;
        known.insert(units_[j].vars.begin(), units_[j].vars.end());
      }
      bool needs_new = false;
      for (const auto& v : units_[i].vars)
        if (!known.count(v) && !assigned_.count(v)) needs_new = true;
      if (listed && needs_new && !blocked(i)) {
        cut_[i] = true;
        start = i;
      }
    }
    unit_links_ = std::move(unit_links);
  }

  bool cut_between(size_t a, size_t b) const {
    for (size_t i = a + 1; i <= b; ++i)
      if (cut_[i]) return true;
    return false;
  }

  bool only_state(const std::vector<size_t>& g) const {
    return std::all_of(g.begin(), g.end(), [&](size_t i) { return units_[i].f.carry || units_[i].login; });
  }

  void form_groups() {
    std::vector<std::vector<size_t>> groups;
    for (size_t i = 0; i < n(); ++i) {
      if (i == 0 || cut_[i]) groups.emplace_back();
      groups.back().push_back(i);
    }
    // A group that only changes the shell (cd, export) or opens the session joins the next.
    std::vector<std::vector<size_t>> merged;
    for (size_t g = 0; g < groups.size(); ++g) {
      auto& cur = groups[g];
      if (only_state(cur) && g + 1 < groups.size() && !must_[groups[g + 1].front()]) {
        cur.insert(cur.end(), groups[g + 1].begin(), groups[g + 1].end());
        groups[g + 1] = std::move(cur);
        continue;
      }
      if (only_state(cur) && !merged.empty() && !must_[cur.front()] && !units_[cur.front()].login) {
        merged.back().insert(merged.back().end(), cur.begin(), cur.end());
        continue;
      }
      merged.push_back(std::move(cur));
    }
    groups_ = std::move(merged);
    group_of_.assign(n(), 0);
    for (size_t g = 0; g < groups_.size(); ++g)
      for (size_t i : groups_[g]) group_of_[i] = g;
  }

  std::string preamble(size_t g) const {
    std::string out;
    const Unit& first = units_[groups_[g].front()];
    for (size_t h = 0; h < g; ++h) {
      for (size_t i : groups_[h]) {
        const Unit& u = units_[i];
        if (!u.f.carry || u.login || u.session != first.session || u.side != first.side) continue;
        out += u.cu.text + "\n";
      }
    }
    return out;
  }

  void fill_session(BlockPart& p, const std::vector<size_t>& idx) const {
    for (size_t i : idx) {
      const Unit& u = units_[i];
      if (u.session < 0) continue;
      const Unit& opener = units_[static_cast<size_t>(u.session)];
      if (opener.f.ssh.kind == SshCall::Kind::Login) {
        p.ssh_host = opener.f.ssh.destination;
        p.ssh_command = opener.f.ssh.command;
      } else {
        p.ssm_target = opener.f.ssm_target;
      }
      p.side = Side::Host;
      return;
    }
    if (idx.size() == 1 && units_[idx.front()].f.ssh.kind == SshCall::Kind::Remote) {
      const auto& ssh = units_[idx.front()].f.ssh;
      p.ssh_host = ssh.destination;
      p.ssh_command = ssh.command;
      p.script = ssh.remote.ends_with("\n") ? ssh.remote : ssh.remote + "\n";
      p.side = Side::Host;
    }
  }

  std::string script_of(const std::vector<size_t>& idx, bool session) const {
    std::string out;
    for (size_t i : idx) {
      const Unit& u = units_[i];
      if (session && (u.login || u.f.exit)) continue;
      out += u.cu.text + "\n";
    }
    return out;
  }

  Side side_of(const std::vector<size_t>& idx) const {
    Side s = Side::Neutral;
    for (size_t i : idx) {
      if (units_[i].side == Side::Host) return Side::Host;
      if (units_[i].side == Side::Local) s = Side::Local;
    }
    return s;
  }

  // The comment lines that introduce a group: those of its first commented command.
  std::string comments_of(const std::vector<size_t>& idx) const {
    for (size_t i : idx) {
      const auto& cu = units_[i].cu;
      std::string out;
      for (const auto& c : cu.comments) out += (out.empty() ? "" : "\n") + c;
      if (out.empty()) out = cu.trailing_comment;
      if (!out.empty()) return out;
    }
    return {};
  }

  BlockPart whole_part(const std::vector<size_t>& all) const {
    BlockPart p;
    p.code = std::string(code_);
    p.script = runnable_script(lang_, code_);
    p.side = side_of(all);
    bool content = !all.empty() && std::all_of(all.begin(), all.end(), [&](size_t i) { return units_[i].f.content; });
    if (content) p.kind = StepKind::Content;
    for (size_t i : all) p.follow = p.follow || units_[i].f.follow;
    bool session = !all.empty() && units_[all.front()].session >= 0;
    if (session) p.script = script_of(all, true);
    fill_session(p, all);
    p.comments = comments_of(all);
    return p;
  }

  std::vector<BlockPart> parts() const {
    std::vector<BlockPart> out;
    Links links(groups_.size());
    for (auto [a, b] : unit_links_) links.join(group_of_[a], group_of_[b]);
    for (size_t g = 1; g < groups_.size(); ++g) {
      const auto& ia = units_[groups_[g - 1].front()].intro;
      const auto& ib = units_[groups_[g].front()].intro;
      if ((is_conditional(ia) && is_conditional(ib)) || (is_option(ia) && is_option(ib)) ||
          (is_otherwise(ib) && !ia.empty()))
        links.join(g - 1, g);
    }
    std::map<size_t, int> sizes;
    for (size_t g = 0; g < groups_.size(); ++g) ++sizes[links.find(g)];
    std::map<size_t, int> numbers;
    for (size_t g = 0; g < groups_.size(); ++g) {
      const auto& idx = groups_[g];
      const Unit& first = units_[idx.front()];
      BlockPart p;
      p.whole = false;
      p.first_line = first.cu.line;
      int from = first.cu.comment_line >= 0 ? first.cu.comment_line : first.cu.line;
      p.code = join_lines(lines_, from, units_[idx.back()].cu.end_line);
      bool session = first.session >= 0;
      p.script = preamble(g) + script_of(idx, session);
      p.side = side_of(idx);
      p.kind = std::all_of(idx.begin(), idx.end(), [&](size_t i) { return units_[i].f.content; })
                   ? StepKind::Content
                   : StepKind::Command;
      for (size_t i : idx) p.follow = p.follow || units_[i].f.follow;
      fill_session(p, idx);
      p.comments = comments_of(idx);
      size_t root = links.find(g);
      if (sizes[root] > 1) {
        if (!numbers.count(root)) numbers[root] = static_cast<int>(numbers.size()) + 1;
        p.choice = numbers[root];
      }
      out.push_back(std::move(p));
    }
    return out;
  }

  std::string_view code_;
  std::string_view lang_;
  std::vector<std::string_view> lines_;
  std::vector<Unit> units_;
  std::set<std::string> assigned_;
  std::vector<bool> cut_;
  std::vector<bool> must_;
  std::vector<std::pair<size_t, size_t>> unit_links_;
  std::vector<std::vector<size_t>> groups_;
  std::vector<size_t> group_of_;
};

}  // namespace

std::vector<BlockPart> split_block(std::string_view code, std::string_view lang) {
  return Splitter(code, lang).run();
}

}  // namespace opsdeck::app::runbook
