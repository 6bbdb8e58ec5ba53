#pragma once
// The common console screen: a titled table of resources, filled asynchronously
// ("loading ...", an error, or rows), with Enter bound to a drill-down callback. Most are
// a resource list's snapshot (set_resources; list_screen.hpp loads them): the ECS, SQS,
// parameter, secret, Lightsail and target-health views. Others set plain rows with their
// documents (set_rows).
//
// Threads: UI thread only. Async loaders capture a weak_ptr<TableScreen> and call
// set_resources / set_rows / set_error from a task posted to the UI thread.

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "app/console/console_screen.hpp"
#include "app/console/sources/resource_rows.hpp"
#include "widgets/table_source.hpp"

namespace opsdeck::app {

class TableScreen : public ConsoleScreen {
 public:
  TableScreen(std::string title, std::vector<ui::Column> columns, ResourceType row_type);

  std::string title() const override { return title_; }
  ui::Table* table() override { return &table_; }
  ui::Outcome open_selected() override;
  ui::Outcome on_key(const ui::KeyEvent& e) override;
  ResourceType selected_type() const override;
  std::string selected_key() const override;
  std::string selected_label() const override;
  const nlohmann::json* selected_document() const override;
  std::string selected_id() const override;
  void render(ui::CellGrid& grid, ui::Rect area, bool ascii) override;
  std::vector<ui::KeyHint> hints() const override { return hints_; }
  void refresh() override {
    if (!loader_) return;
    loading_ = true;
    loader_();
  }
  // True from a (re)load until its rows or error arrive.
  bool loading() const { return loading_; }
  bool busy() const override { return loading_; }

  // Replaces the rows (the selection stays on the same key when it still exists).
  void set_rows(PaneRows rows);
  // Shows a list's snapshot: a row per resource (cells from the list's columns, keyed by
  // row_key), each keeping its Resource for selected_resource().
  void set_resources(const ResourceList& list, Snapshot snapshot, SysTime now);
  // The selected row's resource (rows from set_resources only); nullptr otherwise.
  const Resource* selected_resource() const;
  // Shows `message` instead of rows until the next set_rows.
  void set_error(std::string message);
  // A note after the title ("partial: ..."), sanitized.
  void set_note(const std::string& note);
  // A display label per row key (default: the key).
  void set_labels(std::map<std::string, std::string> labels) { labels_ = std::move(labels); }

  // Called by Enter with the selected key (not called when the table is empty).
  std::function<ui::Outcome(const std::string& key)> on_open;
  // Extra keys (e.g. `v` reveal on the secrets view), given the selected key; Ignored
  // passes the key on to the console.
  std::function<ui::Outcome(const ui::KeyEvent& e, const std::string& key)> on_extra_key;
  // (Re)loads the rows: called by refresh() and once by set_loader.
  void set_loader(std::function<void()> loader);
  void add_hint(ui::KeyHint h) { hints_.push_back(std::move(h)); }

 protected:
  // Puts rows on the table (cells, keys, kinds); set_rows and set_resources keep what the
  // rows describe, then call this. A screen that changes what is shown overrides it.
  virtual void show(PaneRows rows);

 private:
  std::string title_;
  ResourceType type_;
  std::shared_ptr<ui::VectorTableSource> source_;
  mutable ui::Table table_;
  std::map<std::string, nlohmann::json> documents_;  // from set_rows
  std::map<std::string, Resource> resources_;         // from set_resources
  std::map<std::string, ResourceType> kinds_;  // rows not of type_ (PaneRows::kinds)
  std::map<std::string, std::string> labels_;
  std::string note_ = "loading ...";
  std::string error_;
  std::function<void()> loader_;
  bool loading_ = false;
  std::vector<ui::KeyHint> hints_;
};

}  // namespace opsdeck::app
