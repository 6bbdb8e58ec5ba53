#include "app/runbook/runbook_path.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "app/terminal_text.hpp"

namespace opsdeck::app::runbook {

namespace fs = std::filesystem;

namespace {

// Why a candidate failed, in order of precedence for the error message.
enum class Failure { None, NotFound, NotMarkdown, NotRegular, Outside };

// One line, nothing a terminal would act on.
std::string shown(std::string_view path) {
  std::string flat;
  for (char c : path) {
    if (c == '\n') flat += "\\n";
    else if (c == '\t') flat += "\\t";
    else flat.push_back(c);
  }
  return neutralise_text(flat);
}

std::string dir_list(const std::vector<std::string>& dirs) {
  std::string out;
  for (const auto& d : dirs) out += (out.empty() ? "" : ", ") + shown(d);
  return out.empty() ? "none" : out;
}

bool inside(const fs::path& file, const fs::path& dir) {
  auto f = file.begin(), d = dir.begin();
  for (; d != dir.end(); ++d, ++f) {
    if (d->empty()) continue;  // a trailing separator
    if (f == file.end() || *f != *d) return false;
  }
  return f != file.end();  // strictly below the directory, not the directory itself
}

bool is_markdown(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext == ".md" || ext == ".markdown";
}

struct Candidate {
  Failure failure = Failure::None;
  std::string resolved;
};

Candidate check(const fs::path& candidate, const std::vector<fs::path>& dirs) {
  auto in_a_dir = [&](const fs::path& p) {
    return std::any_of(dirs.begin(), dirs.end(), [&](const fs::path& d) { return inside(p, d); });
  };
  std::error_code ec;
  fs::path real = fs::canonical(candidate, ec);
  if (ec) {
    // Missing, but spelled to lead out (`../../etc/x`): say so rather than "not found".
    fs::path lexical = candidate.lexically_normal();
    if (!in_a_dir(lexical)) return {Failure::Outside, lexical.string()};
    return {Failure::NotFound, {}};
  }
  Candidate c{Failure::None, real.string()};
  if (!in_a_dir(real)) {
    c.failure = Failure::Outside;
    return c;
  }
  struct stat st{};
  if (::stat(real.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) c.failure = Failure::NotRegular;
  else if (!is_markdown(real)) c.failure = Failure::NotMarkdown;
  return c;
}

aws::Error usage(std::string message) { return aws::make_error(aws::ErrorKind::Usage, std::move(message)); }

}  // namespace

aws::Result<std::string> confine_runbook_path(std::string_view requested, const std::vector<std::string>& runbook_dirs) {
  if (requested.empty()) return usage("runbook path is empty");
  if (requested.find('\0') != std::string_view::npos)
    return usage("runbook path " + shown(requested) + " contains a NUL byte");

  std::vector<fs::path> dirs;
  std::vector<std::string> dir_names;
  for (const auto& d : runbook_dirs) {
    if (d.empty() || d.find('\0') != std::string::npos) continue;
    std::error_code ec;
    fs::path real = fs::canonical(d, ec);
    if (ec || !fs::is_directory(real, ec)) continue;
    if (std::find(dirs.begin(), dirs.end(), real) != dirs.end()) continue;
    dirs.push_back(real);
    dir_names.push_back(real.string());
  }
  const std::string path = shown(requested);
  if (dirs.empty())
    return usage("runbook path " + path + " cannot be opened: no runbook directory exists (configured: " +
                 dir_list(runbook_dirs) + "); set \"runbooks\": {\"directory\": ...} in the config");

  fs::path req{std::string(requested)};
  std::vector<fs::path> candidates;
  if (req.is_absolute()) candidates.push_back(req);
  else
    for (const auto& d : dirs) candidates.push_back(d / req);

  Candidate worst;
  for (const auto& c : candidates) {
    Candidate r = check(c, dirs);
    if (r.failure == Failure::None) return r.resolved;
    if (r.failure > worst.failure) worst = r;
  }
  const std::string allowed = "(" + dir_list(dir_names) + ")";
  switch (worst.failure) {
    case Failure::Outside:
      return usage("runbook path " + path + " is outside the runbook directories " + allowed + ": it resolves to " +
                   shown(worst.resolved) + "; runbooks are opened only from those directories (symlinks resolved)");
    case Failure::NotRegular:
      return usage("runbook path " + path + " is not a regular file (" + shown(worst.resolved) + ")");
    case Failure::NotMarkdown:
      return usage("runbook path " + path + " is not a Markdown file (.md or .markdown): " + shown(worst.resolved));
    case Failure::NotFound:
    case Failure::None:
      break;
  }
  return usage("runbook " + path + " was not found in the runbook directories " + allowed);
}

}  // namespace opsdeck::app::runbook
