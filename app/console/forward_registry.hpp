#pragma once
// ForwardRegistry: every port forward the console has open — Session Manager forwards
// (ssh/ssm/ssm_port_forward.hpp) and SSH forwards (ssh/port_forward.hpp) alike — for the
// Forwards view (`:forwards`) to list and close. An entry is two functions over the
// forward it stands for (its status now; close it) plus what the row shows that never
// changes (kind, target, via), and the Session the forward calls AWS through, which the
// entry keeps alive: a forward outlives `:region` / `:profile` switches, and the console's
// shutdown of its parts leaves the sessions of open forwards running (sessions_in_use()).
//
// Threads: UI thread for every member. An entry's `status` and `close` functions may be
// called from it at any time and must be safe there (SsmPortForward's and
// PortForwardListener's are safe from any thread). Ownership: the registry owns its entries
// and closes every forward still open when it is destroyed (the console's exit).

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace opsdeck::app {

class Session;

// A forward as the Forwards view shows it.
struct ForwardStatus {
  std::string state;   // "starting", "open", "reconnecting", "failed", "closed"
  std::string detail;  // the last state message or error (display-safe)
  int local_port = 0;
  uint64_t bytes_to_remote = 0, bytes_to_local = 0;
  int open_connections = 0;
  uint64_t total_connections = 0, failed_connections = 0;
  int reconnects = 0;
};

struct ForwardEntry {
  std::string kind;    // "SSM", "SSH"
  std::string remote;  // "clinic-db.abc.rds.amazonaws.com:5432" as the far end sees it
  std::string via;     // "clinic-api (i-0abc)" / "ec2-user@10.0.0.5:22"
  std::string label;   // what was forwarded: "clinic-db" (display-safe)
  std::function<ForwardStatus()> status;
  std::function<void()> close;
  std::shared_ptr<Session> session;  // kept alive while the entry exists (may be null)
  std::chrono::system_clock::time_point started = std::chrono::system_clock::now();
};

struct ForwardRow {
  int id = 0;
  ForwardEntry entry;  // without its functions' results: see `status`
  ForwardStatus status;
};

class ForwardRegistry {
 public:
  ForwardRegistry() = default;
  ~ForwardRegistry();
  ForwardRegistry(const ForwardRegistry&) = delete;
  ForwardRegistry& operator=(const ForwardRegistry&) = delete;

  // Returns the entry's id (1, 2, ...; never reused).
  int add(ForwardEntry entry);
  // Every entry with its status now, oldest first. Closed and failed forwards stay listed
  // until forget() so the operator sees how they ended.
  std::vector<ForwardRow> rows() const;
  // Closes the forward (its session ends) and keeps it listed as closed; false: no such id.
  bool close(int id);
  // Drops a forward that has ended from the list (false: no such id, or still running).
  bool forget(int id);
  void close_all();
  // How many forwards are not closed or failed.
  int open_count() const;
  // The sessions that open forwards call AWS through (LiveParts::shutdown leaves them running).
  std::set<const Session*> sessions_in_use() const;

 private:
  struct Item {
    int id;
    ForwardEntry entry;
    bool closed = false;
  };
  static bool ended(const ForwardStatus& s) { return s.state == "closed" || s.state == "failed"; }
  std::vector<Item> items_;
  int next_id_ = 1;
};

// "1.2 MiB", "340 B": byte counts in the Forwards view.
std::string human_bytes(uint64_t bytes);

}  // namespace opsdeck::app
