#pragma once
// Alarm detail (Enter on an alarm, or `:alarm NAME`): the alarm's state, reason, metric,
// statistic/period, threshold and comparison and its dimensions; a line graph of the
// metric over the last 3 hours with the threshold drawn across it (a MetricChart, the
// graph the metric screens draw, app/console/metric_chart.hpp); and the recent state
// changes (DescribeAlarmHistory, newest first). Each part loads on its own: a failing
// history call (moto lacks it) leaves the graph and facts in place and says why.
// `d` shows the alarm's full document, `r` reloads.
//
// Threads: UI thread. The loads run on the AwsClient's IO thread and only post results
// back through the EventLoop, captured by weak_ptr (the screen may be closed first).
// Ownership: borrows the client and loop, which outlive every screen (LiveConsole owns
// the client and pops no screen itself; the console pops all screens before replacing it).

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/console/console_screen.hpp"
#include "app/console/metric_chart.hpp"
#include "app/user_message.hpp"
#include "aws/aws_client.hpp"
#include "aws/cloudwatch.hpp"
#include "widgets/event_loop.hpp"

namespace opsdeck::app {

class AlarmDetailScreen : public ConsoleScreen,
                          public std::enable_shared_from_this<AlarmDetailScreen> {
 public:
  AlarmDetailScreen(std::string alarm_name, aws::AwsClient& client, ui::EventLoop& loop);

  // Starts the loads; call once the screen is owned by a shared_ptr.
  void start();

  std::string title() const override { return "Alarm " + name_; }
  ui::Outcome on_key(const ui::KeyEvent& e) override;
  ResourceType selected_type() const override { return ResourceType::Alarm; }
  std::string selected_key() const override { return name_; }
  const nlohmann::json* selected_document() const override;
  void render(ui::CellGrid& grid, ui::Rect area, bool ascii) override;
  std::vector<ui::KeyHint> hints() const override { return {{"r", "reload"}, {"d", "document"}}; }
  void refresh() override { start(); }

  // For tests and the loaders: the parts as they arrive (UI thread).
  void set_alarm(aws::Alarm alarm);
  void set_series(std::vector<double> values);
  void set_history(std::vector<aws::AlarmHistoryItem> items);
  // The part ("alarm", "graph", "history") shows the message's summary and hint.
  void set_error(const std::string& part, const UserMessage& message);
  void set_error(const std::string& part, const std::string& message);
  // The clock the "in ALARM for 45m" line is measured against (tests pin it).
  void set_now(std::chrono::system_clock::time_point now) { now_ = now; }

 private:
  void load_series(const aws::Alarm& alarm);

  std::string name_;
  aws::AwsClient& client_;
  ui::EventLoop& loop_;
  std::optional<aws::Alarm> alarm_;
  MetricChart chart_{"", "", nullptr};
  std::vector<aws::AlarmHistoryItem> history_;
  bool history_loaded_ = false;
  std::string alarm_error_, history_error_;
  std::optional<std::chrono::system_clock::time_point> now_;
  int history_scroll_ = 0;
};

// Pushes an AlarmDetailScreen for `alarm_name` and starts its loads.
void open_alarm_detail(class ConsoleView& view, ui::EventLoop& loop, aws::AwsClient& client,
                       const std::string& alarm_name);

}  // namespace opsdeck::app
