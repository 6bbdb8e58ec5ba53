#include "app/list_runner.hpp"

#include <future>

#include "app/exit_codes.hpp"
#include "app/message_printer.hpp"
#include "app/plain_table.hpp"
#include "app/resources/resource_lists.hpp"

namespace opsdeck::app {

namespace {

std::string left_out_warning(const LeftOut& l) {
  UserMessage m = from_error(l.error, MessageSeverity::Warning);
  if (l.error.hint.empty()) m.hint = l.source + " rows are left out";
  return cli_text(m);
}

}  // namespace

ListOutcome run_list(const std::string& kind, const std::string& format, const aws::AsyncCaller& call) {
  ListOutcome o;
  const ResourceList* list = find_resource_list(kind);
  if (!list) {
    auto e = aws::make_error(aws::ErrorKind::Usage, "unknown list '" + kind + "'");
    o.err = cli_text(from_error(e));
    o.exit_code = exit_code_for(e);
    return o;
  }
  std::promise<aws::Result<Snapshot>> read;
  auto done = read.get_future();
  list->fetch(call, {}, [&read](aws::Result<Snapshot> r) { read.set_value(std::move(r)); });
  auto got = done.get();
  if (!got) {
    o.err = cli_text(from_error(got.error()));
    o.exit_code = exit_code_for(got.error());
    return o;
  }
  for (const auto& e : got->left_out) o.err += left_out_warning(e);
  const auto& rows = got->resources;
  o.out = format_rows(*list, rows, format);
  if (rows.empty()) o.err += cli_text(UserMessage::info("no " + kind + " found"));
  return o;
}

std::string format_rows(const ResourceList& list, const std::vector<Resource>& rows, const std::string& format) {
  if (format == "json") {
    auto arr = nlohmann::ordered_json::array();
    for (const auto& r : rows) arr.push_back(r.fields);
    // dump() escapes control characters in strings, so JSON output is terminal-safe;
    // invalid UTF-8 from the wire is replaced, never fatal.
    return arr.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
  }
  std::vector<std::string> headers;
  for (const auto& k : list.keys) {
    std::string h = k;
    for (auto& ch : h) ch = static_cast<char>(ch >= 'a' && ch <= 'z' ? ch - 32 : ch);
    headers.push_back(h);
  }
  PlainTable table(headers);
  for (const auto& r : rows) {
    std::vector<std::string> cells;
    for (const auto& k : list.keys) {
      auto it = r.fields.find(k);
      cells.push_back(it == r.fields.end() ? "-" : table_text(*it));
    }
    table.add_row(cells);
  }
  return table.render();
}

}  // namespace opsdeck::app
