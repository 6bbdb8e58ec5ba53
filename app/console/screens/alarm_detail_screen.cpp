#include "app/console/screens/alarm_detail_screen.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "app/console/console_view.hpp"
#include "app/console/sources/resource_rows.hpp"
#include "app/resources/alarms.hpp"
#include "aws/json_fields.hpp"
#include "widgets/text_sanitizer.hpp"

namespace opsdeck::app {

namespace {

std::string comparison_symbol(const std::string& c) {
  if (c == "GreaterThanThreshold") return ">";
  if (c == "GreaterThanOrEqualToThreshold") return ">=";
  if (c == "LessThanThreshold") return "<";
  if (c == "LessThanOrEqualToThreshold") return "<=";
  return c;
}

std::string number(double v) {
  std::string s = std::to_string(v);
  if (s.find('.') != std::string::npos) {
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
  }
  return s;
}

// "Alarm updated from OK to ALARM" -> as is; summaries are AWS text: display-safe only.
std::string clean(const std::string& s) { return ui::sanitize_plain(s); }

}  // namespace

AlarmDetailScreen::AlarmDetailScreen(std::string alarm_name, aws::AwsClient& client,
                                     ui::EventLoop& loop)
    : name_(std::move(alarm_name)), client_(client), loop_(loop) {}

void AlarmDetailScreen::start() {
  std::weak_ptr<AlarmDetailScreen> weak = weak_from_this();
  ui::EventLoop* loop = &loop_;
  aws::DescribeAlarmsInput in;
  in.names = {name_};
  aws::describe_alarms_async(aws::async_caller(client_), in,
                             [weak, loop](aws::Result<std::vector<aws::Alarm>> r) {
                               // IO thread: post the result to the UI thread.
                               loop->post([weak, r = std::move(r)]() mutable {
                                 auto self = weak.lock();
                                 if (!self) return;
                                 if (!r) return self->set_error("alarm", from_error(r.error()));
                                 if (r->empty())
                                   return self->set_error("alarm", "no alarm named " + self->name_);
                                 self->set_alarm(std::move(r->front()));
                                 self->load_series(*self->alarm_);
                               });
                             });
  client_.call(aws::describe_alarm_history_request(name_, 20),
               [weak, loop](aws::Result<aws::HttpResponse> r) {  // IO thread
                 std::string token;
                 auto items = r ? aws::parse_describe_alarm_history(r->body, &token)
                                : aws::Result<std::vector<aws::AlarmHistoryItem>>(r.error());
                 loop->post([weak, items = std::move(items)]() mutable {
                   auto self = weak.lock();
                   if (!self) return;
                   if (!items) return self->set_error("history", from_error(items.error()));
                   self->set_history(std::move(*items));
                 });
               });
}

void AlarmDetailScreen::load_series(const aws::Alarm& alarm) {
  auto queries = alarm_metric_queries({alarm});
  if (queries.empty()) {
    set_error("graph", alarm.type == "CompositeAlarm" ? "composite alarm: no metric of its own"
                                                      : "no single metric to graph");
    return;
  }
  double now = static_cast<double>(std::chrono::duration_cast<std::chrono::seconds>(
                                       std::chrono::system_clock::now().time_since_epoch())
                                       .count());
  int period = queries.front().period;
  chart_ = MetricChart(alarm.metric, "", cloudwatch_metric_fetch(aws::async_caller(client_), queries.front()),
                       period);
  ui::EventLoop* loop = &loop_;
  chart_.load(3 * 3600, now, [loop](std::function<void()> task) { loop->post(std::move(task)); });
}

void AlarmDetailScreen::set_alarm(aws::Alarm alarm) {
  alarm_ = std::move(alarm);
  alarm_error_.clear();
}

void AlarmDetailScreen::set_series(std::vector<double> values) { chart_.set_values(std::move(values)); }

void AlarmDetailScreen::set_history(std::vector<aws::AlarmHistoryItem> items) {
  std::sort(items.begin(), items.end(),
            [](const auto& a, const auto& b) { return a.timestamp > b.timestamp; });
  history_ = std::move(items);
  history_loaded_ = true;
  history_error_.clear();
}

void AlarmDetailScreen::set_error(const std::string& part, const std::string& message) {
  set_error(part, UserMessage::error(message));
}

void AlarmDetailScreen::set_error(const std::string& part, const UserMessage& message) {
  std::string m = clean(message.line());
  if (part == "alarm")
    alarm_error_ = m;
  else if (part == "graph")
    chart_.set_error(m);
  else
    history_error_ = m;
}

const nlohmann::json* AlarmDetailScreen::selected_document() const {
  return alarm_ ? &alarm_->raw : nullptr;
}

ui::Outcome AlarmDetailScreen::on_key(const ui::KeyEvent& e) {
  if (e.is_char('r')) {
    start();
    return ui::Outcome::Redraw;
  }
  if (e.is_char('j') || e.key == ui::Key::Down) {
    if (history_scroll_ + 1 < static_cast<int>(history_.size())) ++history_scroll_;
    return ui::Outcome::Redraw;
  }
  if (e.is_char('k') || e.key == ui::Key::Up) {
    if (history_scroll_ > 0) --history_scroll_;
    return ui::Outcome::Redraw;
  }
  return ui::Outcome::Ignored;
}

void AlarmDetailScreen::render(ui::CellGrid& grid, ui::Rect area, bool ascii) {
  std::string head = title();
  if (alarm_) head += "  " + alarm_->state;
  grid.frame(area, ui::Role::BorderFocused, clean(head), ascii);
  ui::Rect in = area.inset(1);
  if (in.empty()) return;
  int y = in.y, end = in.x + in.w, bottom = in.y + in.h;
  auto line = [&](const std::string& label, const std::string& text, ui::Role role) {
    if (y >= bottom) return;
    int x = in.x + grid.put(in.x, y, label, ui::Role::Dim, end);
    grid.put(x, y, clean(text), role, end);
    ++y;
  };
  if (!alarm_) {
    line("", alarm_error_.empty() ? "loading ..." : alarm_error_,
         alarm_error_.empty() ? ui::Role::Dim : ui::Role::StatusError);
    return;
  }
  const aws::Alarm& a = *alarm_;
  auto now = now_.value_or(std::chrono::system_clock::now());
  std::string since = age_since(a.updated, now);
  line("state      ", a.state + (since.empty() ? "" : "  for " + since), state_role(a.state));
  line("reason     ", a.reason, ui::Role::Default);
  if (a.type == "CompositeAlarm") {
    line("rule       ", a.rule, ui::Role::Default);
  } else {
    line("metric     ",
         a.namespace_ + " " + a.metric + "  " + a.statistic + " over " + std::to_string(a.period) +
             " s, " + std::to_string(a.evaluation_periods) + " period(s)",
         ui::Role::Default);
    if (a.has_threshold)
      line("threshold  ", comparison_symbol(a.comparison) + " " + number(a.threshold),
           ui::Role::Threshold);
    std::string dims;
    for (const auto& dim : aws::jarr(a.raw, "Dimensions"))
      if (dim.is_object()) dims += (dims.empty() ? "" : ", ") + aws::jstr(dim, "Name") + "=" + aws::jstr(dim, "Value");
    line("dimensions ", dims.empty() ? "(none)" : dims, ui::Role::Default);
  }
  ++y;
  // The graph takes about half of what is left; the history the rest.
  int left = bottom - y;
  int graph_h = std::max(0, std::min(12, left / 2));
  if (graph_h >= 3) {
    line("last 3 h   ", chart_.figures(), ui::Role::Dim);
    std::optional<double> threshold;
    if (a.has_threshold) threshold = a.threshold;
    chart_.render_graph(grid, {in.x, y, in.w, graph_h - 1}, ascii, threshold);
    y += graph_h - 1;
  }
  if (y >= bottom) return;
  line("history    ",
       history_error_.empty() ? (history_loaded_ ? "" : "loading ...") : history_error_,
       history_error_.empty() ? ui::Role::Dim : ui::Role::StatusWarn);
  if (history_loaded_ && history_.empty()) line("", "no state changes recorded", ui::Role::Dim);
  for (std::size_t i = static_cast<std::size_t>(history_scroll_); i < history_.size() && y < bottom;
       ++i) {
    const auto& h = history_[i];
    ui::Role role = h.summary.find("to ALARM") != std::string::npos ? ui::Role::StateBad
                    : h.summary.find("to OK") != std::string::npos  ? ui::Role::StateGood
                                                                    : ui::Role::Default;
    int x = in.x + grid.put(in.x, y, clean(h.timestamp.substr(0, 19)) + "  ", ui::Role::Dim, end);
    x += grid.put(x, y, clean(h.type) + "  ", ui::Role::Dim, end);
    grid.put(x, y, clean(h.summary), role, end);
    ++y;
  }
}

void open_alarm_detail(ConsoleView& view, ui::EventLoop& loop, aws::AwsClient& client,
                       const std::string& alarm_name) {
  auto screen = std::make_shared<AlarmDetailScreen>(alarm_name, client, loop);
  view.push_screen(screen);
  screen->start();
}

}  // namespace opsdeck::app
