#include "app/cli_reference.hpp"

#include <CLI/CLI.hpp>

namespace opsdeck::app {

namespace {

// CLI11's type name is "TEXT", "INT", or with its validators' descriptions appended:
// "TEXT:{table,json}" (IsMember), "INT:INT in [0 - 1000]" (Range).
void read_type_name(const std::string& type_name, CliOption& out) {
  auto colon = type_name.find(':');
  out.value = type_name.substr(0, colon);
  if (colon == std::string::npos) return;
  auto open = type_name.find('{', colon);
  auto close = type_name.find('}', open);
  if (open == std::string::npos || close == std::string::npos) return;
  std::string list = type_name.substr(open + 1, close - open - 1);
  for (size_t at = 0; at <= list.size();) {
    size_t comma = list.find(',', at);
    if (comma == std::string::npos) comma = list.size();
    if (comma > at) out.choices.push_back(list.substr(at, comma - at));
    at = comma + 1;
  }
}

CliOption describe_option(const CLI::Option& o) {
  CliOption out;
  for (const auto& l : o.get_lnames()) out.names.push_back("--" + l);
  for (const auto& s : o.get_snames()) out.names.push_back("-" + s);
  if (out.names.empty()) out.positional = o.get_name(true);
  out.description = o.get_description();
  out.required = o.get_required();
  out.repeatable = o.get_items_expected_max() >= CLI::detail::expected_max_vector_size;
  if (o.get_items_expected_max() > 0 || !out.positional.empty()) {
    read_type_name(o.get_type_name(), out);
    if (out.value.empty()) out.value = "TEXT";
  }
  return out;
}

CliCommand describe(const CLI::App& app, std::vector<std::string> path) {
  CliCommand out;
  out.name = app.get_name();
  out.path = path;
  out.description = app.get_description();
  out.footer = app.get_footer();
  const CLI::Option* help = app.get_help_ptr();
  std::vector<CliOption> positionals;
  for (const CLI::Option* o : app.get_options()) {
    if (o == help || o->get_group().empty()) continue;  // --help; hidden options
    CliOption d = describe_option(*o);
    (d.positional.empty() ? out.options : positionals).push_back(std::move(d));
  }
  for (auto& p : positionals) out.options.push_back(std::move(p));
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); })) {
    std::vector<std::string> sub_path = path;
    sub_path.push_back(sub->get_name());
    out.subcommands.push_back(describe(*sub, sub_path));
  }
  return out;
}

}  // namespace

std::string CliOption::synopsis() const {
  if (!positional.empty()) {
    std::string p;
    for (char c : positional) p += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return repeatable ? p + "..." : p;
  }
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
  if (!value.empty()) s += " " + value;
  return s;
}

std::vector<const CliOption*> CliCommand::positionals() const {
  std::vector<const CliOption*> out;
  for (const auto& o : options)
    if (!o.positional.empty()) out.push_back(&o);
  return out;
}

std::vector<const CliOption*> CliCommand::named_options() const {
  std::vector<const CliOption*> out;
  for (const auto& o : options)
    if (o.positional.empty()) out.push_back(&o);
  return out;
}

std::string CliCommand::full_name() const {
  std::string s = "opsdeck";
  for (const auto& p : path) s += " " + p;
  return s;
}

CliCommand describe_cli(const CLI::App& app) { return describe(app, {}); }

}  // namespace opsdeck::app
