#include "ssh/ssh_config.hpp"

#include <glob.h>
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "ssh/host_pattern.hpp"

namespace opsdeck::ssh {

namespace {

constexpr int kMaxIncludeDepth = 16;

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

std::optional<std::string> read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

SshConfigContext with_defaults(SshConfigContext ctx) {
  if (ctx.home.empty()) {
    const char* h = std::getenv("HOME");
    ctx.home = h ? h : "";
  }
  if (ctx.local_user.empty()) {
    if (passwd* pw = getpwuid(getuid())) ctx.local_user = pw->pw_name;
  }
  if (ctx.include_base.empty()) ctx.include_base = std::filesystem::path(ctx.home) / ".ssh";
  return ctx;
}

bool parse_yes(const std::string& v) { return lower(v) == "yes" || lower(v) == "true"; }

int parse_int(const std::string& v, int fallback) {
  if (v.empty() || v.size() > 9 || !std::all_of(v.begin(), v.end(), ::isdigit)) return fallback;
  return std::atoi(v.c_str());
}

}  // namespace

std::optional<std::vector<std::string>> split_config_line(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && is_space(line[i])) ++i;
  if (i >= line.size() || line[i] == '#') return std::nullopt;
  std::vector<std::string> words;
  // Keyword: up to whitespace or '='.
  size_t k = i;
  while (k < line.size() && !is_space(line[k]) && line[k] != '=') ++k;
  words.emplace_back(line.substr(i, k - i));
  i = k;
  while (i < line.size() && is_space(line[i])) ++i;
  if (i < line.size() && line[i] == '=') ++i;
  while (i < line.size()) {
    while (i < line.size() && is_space(line[i])) ++i;
    if (i >= line.size()) break;
    std::string word;
    if (line[i] == '"') {
      ++i;
      while (i < line.size() && line[i] != '"') word += line[i++];
      if (i < line.size()) ++i;  // closing quote (an unterminated one ends the line)
    } else {
      while (i < line.size() && !is_space(line[i])) word += line[i++];
    }
    words.push_back(std::move(word));
  }
  return words;
}

SshConfig SshConfig::parse(std::string_view text, SshConfigContext ctx, std::string_view origin) {
  SshConfig cfg;
  cfg.ctx_ = with_defaults(std::move(ctx));
  cfg.blocks_.push_back(Block{false, {"*"}, {}});  // options before the first Host apply to all
  cfg.parse_into(text, origin, 0);
  return cfg;
}

SshConfig SshConfig::load(const std::filesystem::path& path, SshConfigContext ctx) {
  auto text = read_text(path);
  return parse(text ? *text : std::string{}, std::move(ctx), path.string());
}

void SshConfig::parse_into(std::string_view text, std::string_view origin, int depth) {
  int line_no = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    auto words = split_config_line(text.substr(pos, nl - pos));
    pos = nl + 1;
    ++line_no;
    if (!words || words->empty() || (*words)[0].empty()) continue;
    std::string key = lower((*words)[0]);
    std::vector<std::string> args(words->begin() + 1, words->end());
    if (key == "host" || key == "match") {
      if (args.empty()) {
        warnings_.push_back(std::string(origin) + ":" + std::to_string(line_no) + ": " + key + " needs an argument");
        args.push_back("!*");
      }
      blocks_.push_back(Block{key == "match", std::move(args), {}});
    } else if (key == "include") {
      include(args, origin, line_no, depth);
    } else if (args.empty()) {
      warnings_.push_back(std::string(origin) + ":" + std::to_string(line_no) + ": " + key + " has no value");
    } else {
      blocks_.back().options.push_back(Option{std::move(key), std::move(args)});
    }
  }
}

void SshConfig::include(const std::vector<std::string>& args, std::string_view origin, int line, int depth) {
  if (depth >= kMaxIncludeDepth) {
    warnings_.push_back(std::string(origin) + ":" + std::to_string(line) + ": Include nested too deeply");
    return;
  }
  const Block context = Block{blocks_.back().is_match, blocks_.back().criteria, {}};
  for (const auto& arg : args) {
    std::string pattern = arg;
    if (!pattern.empty() && pattern[0] == '~') pattern = ctx_.home + pattern.substr(1);
    if (pattern.empty() || pattern[0] != '/') pattern = (ctx_.include_base / pattern).string();
    glob_t g{};
    if (::glob(pattern.c_str(), 0, nullptr, &g) == 0) {
      for (size_t i = 0; i < g.gl_pathc; ++i) {
        auto text = read_text(g.gl_pathv[i]);
        if (!text) continue;
        blocks_.push_back(context);  // the included file starts under the including block
        parse_into(*text, g.gl_pathv[i], depth + 1);
      }
    }
    ::globfree(&g);
  }
  blocks_.push_back(context);  // and the including file continues under it afterwards
}

bool SshConfig::block_applies(const Block& b, std::string_view alias) const {
  if (!b.is_match) {
    std::string list;
    for (const auto& c : b.criteria) list += c + " ";
    return match_pattern_list(alias, list, " \t,");
  }
  // Match: every criterion must hold.
  for (size_t i = 0; i < b.criteria.size(); ++i) {
    std::string c = lower(b.criteria[i]);
    bool negate = !c.empty() && c[0] == '!';
    if (negate) c.erase(0, 1);
    bool ok;
    if (c == "all") {
      ok = true;
    } else if ((c == "host" || c == "originalhost") && i + 1 < b.criteria.size()) {
      ok = match_pattern_list(alias, b.criteria[++i], ",");
    } else {
      return false;  // exec, user, localuser, canonical ...: not supported, never matches
    }
    if (ok == negate) return false;
  }
  return true;
}

std::string SshConfig::expand(std::string_view value, const HostSettings& h) const {
  std::string out;
  size_t i = 0;
  if (!value.empty() && value[0] == '~' && (value.size() == 1 || value[1] == '/')) {
    out = ctx_.home;
    i = 1;
  }
  for (; i < value.size(); ++i) {
    if (value[i] != '%' || i + 1 >= value.size()) {
      out += value[i];
      continue;
    }
    switch (value[++i]) {
      case '%': out += '%'; break;
      case 'h': out += h.hostname; break;
      case 'n': out += h.alias; break;
      case 'p': out += std::to_string(h.port); break;
      case 'r': out += h.user.empty() ? ctx_.local_user : h.user; break;
      case 'u': out += ctx_.local_user; break;
      case 'd': out += ctx_.home; break;
      default: out += '%'; out += value[i]; break;
    }
  }
  return out;
}

HostSettings SshConfig::resolve(std::string_view alias) const {
  HostSettings h;
  h.alias = std::string(alias);
  std::optional<std::string> hostname, port, user, ids_only, jump, alive, alive_max, timeout, strict;
  std::optional<std::vector<std::string>> known, global_known;
  std::vector<std::string> identities;
  auto first = [](std::optional<std::string>& slot, const std::string& v) {
    if (!slot) slot = v;
  };
  auto first_list = [](std::optional<std::vector<std::string>>& slot, const std::vector<std::string>& v) {
    if (!slot) slot = v;
  };
  for (const auto& b : blocks_) {
    if (!block_applies(b, alias)) continue;
    for (const auto& o : b.options) {
      const auto& v = o.args[0];
      if (o.key == "hostname") first(hostname, v);
      else if (o.key == "port") first(port, v);
      else if (o.key == "user") first(user, v);
      else if (o.key == "identityfile") identities.push_back(v);
      else if (o.key == "identitiesonly") first(ids_only, v);
      else if (o.key == "proxyjump") first(jump, v);
      else if (o.key == "serveraliveinterval") first(alive, v);
      else if (o.key == "serveralivecountmax") first(alive_max, v);
      else if (o.key == "connecttimeout") first(timeout, v);
      else if (o.key == "userknownhostsfile") first_list(known, o.args);
      else if (o.key == "globalknownhostsfile") first_list(global_known, o.args);
      else if (o.key == "stricthostkeychecking") first(strict, v);
    }
  }
  // HostName's %h is the alias; everything else sees the resolved host name.
  h.hostname = alias.empty() ? std::string{} : std::string(alias);
  if (hostname) {
    HostSettings tmp;
    tmp.hostname = h.alias;
    h.hostname = expand(*hostname, tmp);
  }
  if (port) h.port = parse_int(*port, 22);
  if (h.port <= 0 || h.port > 65535) h.port = 22;
  if (user) h.user = *user;
  if (ids_only) h.identities_only = parse_yes(*ids_only);
  if (jump && lower(*jump) != "none") h.proxy_jump = *jump;
  if (alive) h.server_alive_interval = parse_int(*alive, 0);
  if (alive_max) h.server_alive_count_max = parse_int(*alive_max, 3);
  if (timeout) h.connect_timeout = parse_int(*timeout, 0);
  auto file_list = [&](const std::vector<std::string>& args) {
    std::vector<std::string> files;
    if (args.size() == 1 && lower(args[0]) == "none") return files;
    for (const auto& a : args) files.push_back(expand(a, h));
    return files;
  };
  if (known) h.user_known_hosts_files = file_list(*known);
  if (global_known) h.global_known_hosts_files = file_list(*global_known);
  if (strict) h.strict_host_key_checking = lower(*strict);
  for (const auto& id : identities) h.identity_files.push_back(expand(id, h));
  return h;
}

}  // namespace opsdeck::ssh
