#include "app/console/forward_registry.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace opsdeck::app {

ForwardRegistry::~ForwardRegistry() { close_all(); }

int ForwardRegistry::add(ForwardEntry entry) {
  int id = next_id_++;
  items_.push_back(Item{id, std::move(entry)});
  return id;
}

std::vector<ForwardRow> ForwardRegistry::rows() const {
  std::vector<ForwardRow> out;
  out.reserve(items_.size());
  for (const auto& item : items_) {
    ForwardRow row{item.id, item.entry, item.entry.status ? item.entry.status() : ForwardStatus{}};
    row.entry.status = nullptr;
    row.entry.close = nullptr;
    if (item.closed && !ended(row.status)) row.status.state = "closed";
    out.push_back(std::move(row));
  }
  return out;
}

bool ForwardRegistry::close(int id) {
  for (auto& item : items_) {
    if (item.id != id) continue;
    if (!item.closed && item.entry.close) item.entry.close();
    item.closed = true;
    return true;
  }
  return false;
}

bool ForwardRegistry::forget(int id) {
  auto it = std::find_if(items_.begin(), items_.end(), [id](const Item& i) { return i.id == id; });
  if (it == items_.end()) return false;
  if (!it->closed && !(it->entry.status && ended(it->entry.status()))) return false;
  items_.erase(it);
  return true;
}

void ForwardRegistry::close_all() {
  for (auto& item : items_) {
    if (!item.closed && item.entry.close) item.entry.close();
    item.closed = true;
  }
}

int ForwardRegistry::open_count() const {
  int n = 0;
  for (const auto& item : items_)
    if (!item.closed && !(item.entry.status && ended(item.entry.status()))) ++n;
  return n;
}

std::set<const Session*> ForwardRegistry::sessions_in_use() const {
  std::set<const Session*> out;
  for (const auto& item : items_)
    if (item.entry.session && !item.closed && !(item.entry.status && ended(item.entry.status())))
      out.insert(item.entry.session.get());
  return out;
}

std::string human_bytes(uint64_t bytes) {
  if (bytes < 1024) return fmt::format("{} B", bytes);
  double v = static_cast<double>(bytes) / 1024.0;
  const char* units[] = {"KiB", "MiB", "GiB", "TiB"};
  int u = 0;
  while (v >= 1024.0 && u < 3) {
    v /= 1024.0;
    ++u;
  }
  return fmt::format("{:.1f} {}", v, units[u]);
}

}  // namespace opsdeck::app
