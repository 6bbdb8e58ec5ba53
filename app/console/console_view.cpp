#include "app/console/console_view.hpp"

#include "app/console/sources/resource_rows.hpp"
#include "app/resources/alarms.hpp"
#include "app/resources/databases.hpp"
#include "app/resources/instances.hpp"
#include "aws/regions.hpp"
#include "widgets/key_hint_bar.hpp"
#include "widgets/layout.hpp"
#include "widgets/table_source.hpp"
#include "widgets/text_sanitizer.hpp"

namespace opsdeck::app {

using ui::Column;
using ui::Key;
using ui::KeyEvent;
using ui::Outcome;
using ui::TableCommand;

namespace {

std::shared_ptr<ui::TableSource> placeholder(std::vector<Column> columns) {
  return std::make_shared<ui::VectorTableSource>(std::move(columns));
}

}  // namespace

ConsoleView::ConsoleView(HeaderInfo header)
    : header_(std::move(header)) {
  add_view_commands();
  // Empty until the live console gives each pane its source (same columns).
  panes_.emplace_back("Instances", placeholder(instance_list().pane_columns()), ResourceType::Ec2Instance);
  panes_.emplace_back("Databases", placeholder(database_list().pane_columns()), ResourceType::DbInstance);
  panes_.emplace_back("Alarms", placeholder(alarm_list().pane_columns()), ResourceType::Alarm);
  panes_.emplace_back("Logs", placeholder(log_columns()), ResourceType::LogLine);
  palette_.set_argument_values("theme",
                               {"default", "dark", "light", "high-contrast", "monochrome"});
  palette_.set_argument_values("region", aws::known_regions());
  command_prompt_.set_completer([this](std::string_view t) { return palette_.complete(t); });
}

void ConsoleView::focus_pane(int id) {
  focus_ = (id % kPaneCount + kPaneCount) % kPaneCount;
  if (zoomed_ >= 0) zoomed_ = focus_;
}

void ConsoleView::push_screen(std::shared_ptr<ConsoleScreen> screen) {
  if (screen) screens_.push_back(std::move(screen));
}

void ConsoleView::pop_screen() {
  if (screens_.empty()) return;
  screens_.pop_back();
  settle();
}

void ConsoleView::settle() { settled_at_ = now_() + kSettle; }

ui::Table& ConsoleView::active_table() {
  if (ConsoleScreen* s = top_screen())
    if (ui::Table* t = s->table()) return *t;
  return pane(focus_).table();
}

ConsoleSelection ConsoleView::selection() {
  ConsoleSelection sel;
  if (ConsoleScreen* s = top_screen()) {
    sel.type = s->selected_type();
    sel.key = s->selected_key();
    sel.label = s->selected_label();
    sel.document = s->selected_document();
    return sel;
  }
  sel.pane = focus_;
  sel.key = pane(focus_).table().selected_key();
  sel.label = sel.key;
  sel.type = pane(focus_).kind_of(sel.key);
  return sel;
}

void ConsoleView::add_view_commands() {
  auto add = [this](const char* name, std::vector<std::string> keys, const char* description, const char* hint,
                    std::function<Outcome()> run, std::string word = {}, std::vector<std::string> aliases = {}) {
    commands_.add({name, std::move(keys), description, "global", hint,
                   [run = std::move(run)](const std::string&) { return run(); }, CommandNeeds::Nothing, std::move(word),
                   std::move(aliases)});
  };
  add("focus-next", {"<tab>"}, "Focus the next pane", "pane", [this] {
    if (top_screen()) return Outcome::Handled;
    return focus_pane(focus_ + 1), Outcome::Redraw;
  });
  add("focus-prev", {"<s-tab>"}, "Focus the previous pane", "", [this] {
    if (top_screen()) return Outcome::Handled;
    return focus_pane(focus_ - 1), Outcome::Redraw;
  });
  add("zoom", {"<enter>"}, "Zoom the focused pane (open when zoomed)", "zoom", [this] { return zoom_or_open(); });
  add("back", {"<esc>"}, "Back: leave zoom, clear the filter", "back", [this] { return back(); });
  add("filter", {"/"}, "Filter rows: text, /regex/ or ~regex, ! inverts", "filter", [this] {
    filter_before_ = active_table().filter().typed();
    filter_prompt_.start(filter_before_);
    return Outcome::Redraw;
  });
  add("palette", {":"}, "Command palette (:ec2 :rds :alarms :logs ...)", "command",
      [this] { return command_prompt_.start(), Outcome::Redraw; });
  add("help", {"?"}, "This help", "help", [this] { return help_.open(), Outcome::Redraw; }, "help", {"h"});
  add("quit", {"q", "<c-c>"}, "Quit", "quit", [] { return Outcome::Quit; }, "q", {"quit", "exit"});
  struct TableKeys {
    const char* name;
    std::vector<std::string> keys;
    const char* description;
    TableCommand command;
  };
  const TableKeys table_keys[] = {
      {"table.down", {"j", "<down>"}, "Next row", TableCommand::Down},
      {"table.up", {"k", "<up>"}, "Previous row", TableCommand::Up},
      {"table.top", {"g", "<home>"}, "First row", TableCommand::Top},
      {"table.bottom", {"G", "<end>"}, "Last row", TableCommand::Bottom},
      {"table.page-down", {"<pgdn>"}, "Page down", TableCommand::PageDown},
      {"table.page-up", {"<pgup>"}, "Page up", TableCommand::PageUp},
      {"table.half-down", {"<c-d>"}, "Half a page down", TableCommand::HalfPageDown},
      {"table.half-up", {"<c-u>"}, "Half a page up", TableCommand::HalfPageUp},
      {"table.sort-next", {">"}, "Sort by the next column", TableCommand::SortNext},
      {"table.sort-prev", {"<"}, "Sort by the previous column", TableCommand::SortPrev},
      {"table.sort-reverse", {"^"}, "Reverse the sort order", TableCommand::SortReverse},
  };
  for (const auto& t : table_keys)
    commands_.add({t.name, t.keys, t.description, "table", "",
                   [this, c = t.command](const std::string&) { return active_table().command(c); }});
  add_palette_vocabulary();
}

void ConsoleView::add_palette_vocabulary() {
  struct Word {
    const char* word;
    const char* argument;
    const char* description;
    std::vector<std::string> aliases;
    CommandNeeds needs;
  };
  const Word words[] = {
      {"ec2", "", "EC2 instances", {"instances"}, CommandNeeds::Nothing},
      {"rds", "", "RDS databases", {"databases", "db"}, CommandNeeds::Nothing},
      {"alarms", "", "CloudWatch alarms", {}, CommandNeeds::Nothing},
      {"alarm", "NAME", "Alarm detail: metric graph, threshold, history", {}, CommandNeeds::Session},
      {"metric", "NAMESPACE NAME [DIM=VALUE...]", "Graph any CloudWatch metric (1-5: 1h 3h 12h 24h 7d)", {},
       CommandNeeds::Session},
      {"logs", "GROUP", "Tail a log group", {"log"}, CommandNeeds::Session},
      {"ecs", "", "ECS clusters, services and tasks", {}, CommandNeeds::Session},
      {"lightsail", "", "Lightsail instances and container services", {}, CommandNeeds::Session},
      {"sqs", "", "SQS queues and dead-letter depth", {}, CommandNeeds::Session},
      {"params", "", "SSM Parameter Store", {"ssm"}, CommandNeeds::Session},
      {"secrets", "", "Secrets Manager", {}, CommandNeeds::Session},
      {"snapshots", "", "RDS snapshots (C restores one)", {}, CommandNeeds::Session},
      {"sg", "", "Security groups open to the world", {}, CommandNeeds::Session},
      {"forwards", "", "Port forwards: state, traffic, reconnects; x closes one", {"fwd"}, CommandNeeds::Nothing},
      {"runbooks", "", "Runbooks from the config (Enter opens one)", {"rb"}, CommandNeeds::Session},
      {"runbook", "FILE", "A runbook's steps: plan, run, run all", {}, CommandNeeds::Session},
      {"region", "R", "Switch region", {}, CommandNeeds::Nothing},
      {"profile", "P", "Switch profile", {}, CommandNeeds::Nothing},
      {"fleet", "NAME", "Fleet view: every member's instances, databases and alarms at once", {},
       CommandNeeds::Nothing},
      {"theme", "T", "Switch colour theme", {}, CommandNeeds::Nothing},
  };
  for (const auto& w : words) {
    // Until its owner sets the handler (the console app, the live parts), a command says so.
    std::string word = w.word;
    CommandHandler not_yet = [this, word, live = w.needs == CommandNeeds::Session](const std::string&) {
      status_.show(ui::Severity::Info, ":" + word + (live ? " needs the AWS session, which has not started"
                                                          : " is not available here"));
      return Outcome::Redraw;
    };
    commands_.add({w.word, {}, w.description, "global", "", std::move(not_yet), w.needs, w.word, w.aliases,
                   w.argument});
  }
  auto focus = [this](int pane) {
    return [this, pane](const std::string&) { return focus_pane(pane), Outcome::Redraw; };
  };
  commands_.set_handler("ec2", focus(kInstancesPane));
  commands_.set_handler("rds", focus(kDatabasesPane));
  commands_.set_handler("alarms", focus(kAlarmsPane));
}

Outcome ConsoleView::run_key_command(const std::string& name) {
  // A command that takes an argument opens the palette with its word typed.
  const ConsoleCommand* c = commands_.find(name);
  if (c && !c->argument.empty() && !c->word.empty()) {
    command_prompt_.start(c->word + " ");
    return Outcome::Redraw;
  }
  if (c && c->held_after_close && now_() < settled_at_) {
    status_.show(ui::Severity::Warn,
                 "held: pressed right after something closed; press it again (" + c->description + ")");
    return Outcome::Redraw;
  }
  return commands_.run(name);
}

Outcome ConsoleView::zoom_or_open() {
  ui::Table& table = active_table();
  if (ConsoleScreen* screen = top_screen()) {
    Outcome o = screen->open_selected();
    if (o != Outcome::Ignored) return ui::combine(o, Outcome::Redraw);
    if (!table.selected_key().empty())
      status_.show(ui::Severity::Info, "nothing to open here: d shows the document");
    return Outcome::Redraw;
  }
  if (zoomed_ < 0 && focus_ == kAlarmsPane && on_open && !table.selected_key().empty()) {
    // An alarm row opens its triage menu (runbook, logs, metric) whether zoomed or not.
    Outcome o = on_open(focus_, table.selected_key());
    if (o != Outcome::Ignored) return ui::combine(o, Outcome::Redraw);
  }
  if (zoomed_ < 0) {
    zoomed_ = focus_;
    return Outcome::Relayout;
  }
  std::string key = table.selected_key();
  if (on_open && !key.empty()) {
    Outcome o = on_open(focus_, key);
    if (o != Outcome::Ignored) return ui::combine(o, Outcome::Redraw);
  }
  status_.show(ui::Severity::Info, "nothing to open in " + pane(focus_).title() + " yet");
  return Outcome::Redraw;
}

Outcome ConsoleView::back() {
  ui::Table& table = active_table();
  if (top_screen()) {
    if (top_screen()->table() && !table.filter().typed().empty())
      table.set_filter("");
    else
      pop_screen();
    return Outcome::Redraw;
  }
  if (zoomed_ >= 0) {
    zoomed_ = -1;
    return Outcome::Relayout;
  }
  if (!table.filter().typed().empty()) {
    table.set_filter("");
    return Outcome::Redraw;
  }
  return Outcome::Handled;
}

Outcome ConsoleView::run_command(std::string_view line) {
  ParsedCommand p = palette_.parse(line);
  if (p.name.empty()) return Outcome::Redraw;
  if (!p.command) {
    status_.show(ui::Severity::Warn,
                 "unknown command :" + p.name + " (Tab lists commands, ? shows help)");
    return Outcome::Redraw;
  }
  std::string word = p.command->word;
  if (!p.command->argument.empty() && p.argument.empty()) {
    status_.show(ui::Severity::Warn, ":" + word + " needs " + p.command->argument);
    return Outcome::Redraw;
  }
  Outcome o = commands_.run(p.command->name, p.argument);
  if (o == Outcome::Ignored) {
    status_.show(ui::Severity::Info, ":" + word + " is not available here");
    return Outcome::Redraw;
  }
  return o == Outcome::Quit ? o : ui::combine(o, Outcome::Redraw);
}

Outcome ConsoleView::on_prompt_key(const KeyEvent& e) {
  if (command_prompt_.active()) {
    Outcome o = command_prompt_.handle_key(e);
    if (!command_prompt_.active()) settle();
    if (command_prompt_.state() == ui::Prompt::State::Submitted)
      return run_command(command_prompt_.text());
    return o;
  }
  ui::Table& table = active_table();
  Outcome o = filter_prompt_.handle_key(e);
  if (!filter_prompt_.active()) settle();
  switch (filter_prompt_.state()) {
    case ui::Prompt::State::Editing:
      table.set_filter(filter_prompt_.text());
      break;  // live
    case ui::Prompt::State::Cancelled:
      table.set_filter(filter_before_);
      break;
    case ui::Prompt::State::Submitted:
      table.set_filter(filter_prompt_.text());
      if (!table.filter().error().empty())
        status_.show(ui::Severity::Error, table.filter().error());
      break;
  }
  return ui::combine(o, Outcome::Redraw);
}

void ConsoleView::show_detail(std::string title, const nlohmann::json& document) {
  detail_title_ = std::move(title);
  detail_.set_document(document);
  detail_open_ = true;
}

Outcome ConsoleView::on_detail_key(const KeyEvent& e) {
  if (search_prompt_.active()) {
    Outcome o = search_prompt_.handle_key(e);
    if (search_prompt_.state() == ui::Prompt::State::Submitted &&
        !detail_.set_search(search_prompt_.text()))
      status_.show(ui::Severity::Warn, "no match for " + search_prompt_.text());
    return ui::combine(o, Outcome::Redraw);
  }
  if (e.key == Key::Escape || e.is_char('q')) {
    detail_open_ = false;
    settle();
    return Outcome::Redraw;
  }
  if (e.is_char('/')) return search_prompt_.start(), Outcome::Redraw;
  Outcome o = detail_.handle_key(e);
  return o == Outcome::Ignored ? Outcome::Handled : o;  // modal
}

Outcome ConsoleView::on_mouse(const KeyEvent& e) {
  if (ConsoleScreen* s = top_screen()) {
    if (ui::Table* t = s->table()) return t->handle_key(e);
    return Outcome::Ignored;
  }
  for (int i = 0; i < static_cast<int>(tab_areas_.size()); ++i) {
    if (!tab_areas_[static_cast<std::size_t>(i)].contains(e.x, e.y)) continue;
    if (e.mouse != ui::MouseAction::Press || focus_ == i) return Outcome::Handled;
    focus_pane(i);
    return Outcome::Redraw;
  }
  for (int i = 0; i < kPaneCount; ++i) {
    if (!pane(i).last_area().contains(e.x, e.y)) continue;
    bool changed = focus_ != i;
    if (e.mouse == ui::MouseAction::Press) focus_pane(i);
    Outcome o = pane(i).table().handle_key(e);
    return changed ? ui::combine(o, Outcome::Redraw) : o;
  }
  return Outcome::Ignored;
}

Outcome ConsoleView::on_key(const KeyEvent& e) {
  if (e.key == Key::Resize) return Outcome::Relayout;
  if (e.alt && e.key != Key::Mouse && !keys().lookup(e, "table")) {
    // An unbound Alt+key is most likely Esc typed quickly before the key: do both.
    KeyEvent plain = e;
    plain.alt = false;
    Outcome esc = on_key(KeyEvent::of(Key::Escape));
    return ui::combine(esc, on_key(plain));
  }
  if (help_.is_open()) return help_.handle_key(e);
  if (detail_open_) return on_detail_key(e);
  if (command_prompt_.active() || filter_prompt_.active()) return on_prompt_key(e);
  if (e.key == Key::Mouse) return on_mouse(e);
  if (ConsoleScreen* s = top_screen()) {
    Outcome o = s->on_key(e);
    if (o != Outcome::Ignored) return o;
  }
  if (auto cmd = keys().lookup(e, "table")) return run_key_command(*cmd);
  return Outcome::Ignored;
}

void ConsoleView::render_tabs(ui::CellGrid& grid, ui::Rect bar, bool ascii) {
  tab_areas_.assign(kPaneCount, ui::Rect{});
  grid.fill(bar, " ", ui::Role::Default);
  int x = bar.x;
  const int end = bar.x + bar.w;
  for (int i = 0; i < kPaneCount && x < end; ++i) {
    std::string label = " " + pane(i).title();
    if (const auto* src = pane(i).table().source(); src && src->row_count() > 0)
      label += " (" + std::to_string(src->row_count()) + ")";
    label += " ";
    const int w = grid.put(x, bar.y, label, i == focus_ ? ui::Role::Selected : ui::Role::Dim, end);
    tab_areas_[static_cast<std::size_t>(i)] = {x, bar.y, w, 1};
    x += w;
    if (x < end) x += grid.put(x, bar.y, ascii ? "|" : "│", ui::Role::Border, end);
  }
}

void ConsoleView::render(ui::CellGrid& grid, const std::string& clock, int spinner_frame,
                         bool ascii) {
  grid.clear();
  ui::Rect area = grid.bounds();
  ui::Rect head = ui::take_top(area, 1);
  ui::Rect hints = ui::take_bottom(area, 1);
  ui::Rect status = ui::take_bottom(area, 1);
  render_header(grid, head, header_, clock, spinner_frame, ascii);
  ConsoleScreen* screen = top_screen();
  if (screen) {
    screen->before_render();
    for (int i = 0; i < kPaneCount; ++i) pane(i).render(grid, ui::Rect{}, false, ascii);
    screen->render(grid, area, ascii);
  } else if (zoomed_ < 0 && ui::tabbed_layout(area, kPaneCount)) {
    // Short and narrow: one pane at a time, Tab / Shift-Tab or a click on its tab moves.
    render_tabs(grid, ui::take_top(area, 1), ascii);
    for (int i = 0; i < kPaneCount; ++i) pane(i).render(grid, i == focus_ ? area : ui::Rect{}, true, ascii);
  } else {
    tab_areas_.clear();
    auto rects = ui::pane_rects(area, kPaneCount, zoomed_);
    // Hidden (zoomed-out) panes get an empty rect, which also forgets their mouse area.
    for (int i = 0; i < kPaneCount; ++i)
      pane(i).render(grid, rects[static_cast<std::size_t>(i)], i == focus_, ascii);
  }
  if (detail_open_) {
    ui::Rect box = area;
    grid.fill(box, " ", ui::Role::Default);
    grid.frame(box, ui::Role::BorderFocused,
               detail_title_ + "  (/ search, n/N next/prev, Esc close)", ascii);
    detail_.render(grid, box.inset(1));
  }
  if (detail_open_ && search_prompt_.active())
    search_prompt_.render(grid, status);
  else if (command_prompt_.active())
    command_prompt_.render(grid, status);
  else if (filter_prompt_.active())
    filter_prompt_.render(grid, status);
  else
    status_.render(grid, status);
  std::vector<ui::KeyHint> key_hints = screen ? screen->hints() : std::vector<ui::KeyHint>{};
  for (auto& h : ui::hints_from(keys())) key_hints.push_back(std::move(h));
  render_key_hints(grid, hints, key_hints);
  if (help_.is_open()) {
    std::vector<ui::HelpEntry> commands;
    for (const auto* c : palette_.commands())
      commands.push_back({":" + c->word + (c->argument.empty() ? "" : " " + c->argument), c->description});
    std::vector<ui::HelpSection> before;
    if (screen) before.push_back({"this view: " + ui::sanitize_plain(screen->title()), screen->help()});
    help_.render(grid, grid.bounds(), keys(), ascii, before,
                 {{"commands (: palette, Tab completes)", std::move(commands)}});
  }
}

}  // namespace opsdeck::app
