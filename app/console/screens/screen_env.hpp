#pragma once
// What the console's AWS-backed screens (ECS, SQS, parameters, secrets, Lightsail, target
// health) need from the running console, as plain functions so unit tests can serve canned
// responses synchronously: the view to push screens on, an AsyncCaller (and a blocking
// caller for worker threads), a way back to the
// UI thread, a one-shot timer and the clock. A loader's answer reaches its screen on the
// UI thread, and only while the screen is still alive (list_screen.hpp: deliver_snapshot).
//
// Threads: `call` completions run on any thread (AwsClient: its IO thread) and must only
// `post`; everything else runs on the UI thread.
// Ownership: borrows the ConsoleView, which must outlive every request started with it.

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "app/console/console_view.hpp"
#include "app/console/screens/table_screen.hpp"
#include "app/console/status_message.hpp"
#include "aws/service_call.hpp"
#include "widgets/event_loop.hpp"

namespace opsdeck::app {

struct ScreenEnv {
  ConsoleView* view = nullptr;
  aws::AsyncCaller call;
  // A blocking caller, for worker threads only (a log view's follower); may be unset.
  aws::SyncCaller sync;
  std::function<void(std::function<void()>)> post;  // any thread -> UI thread
  using After = std::function<void(std::chrono::milliseconds, std::function<void()>)>;
  After after;  // UI thread
  std::function<SysTime()> now = [] { return std::chrono::system_clock::now(); };
};

class LiveConsole;

// A one-shot timer on `loop` (ScreenEnv::after); the loop redraws after the task.
ScreenEnv::After loop_after(ui::EventLoop& loop);

// The running console's ScreenEnv: its view, its session's client, its event loop.
ScreenEnv console_screen_env(ConsoleView& view, ui::EventLoop& loop, LiveConsole& live);

// How often a view refreshes itself while it is the top screen.
inline constexpr std::chrono::seconds kScreenRefresh{10};

// Refreshes `screen` every `every` while it is the top screen (hidden screens don't poll)
// and its last load has answered (busy() false: no overlapping loads); stops once it is
// closed. Needs only env.view and env.after.
void keep_fresh(const ScreenEnv& env, std::weak_ptr<ConsoleScreen> screen,
                std::chrono::milliseconds every = kScreenRefresh);

}  // namespace opsdeck::app
