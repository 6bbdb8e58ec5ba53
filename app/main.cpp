// opsdeck entry point: everything lives in app/cli.cpp so tests can drive it. Here: the
// process hygiene that comes first (no core files, not dumpable, the std::terminate
// handler) and the last resort for an exception escaping run_cli (app/process_hygiene.hpp).
#include <exception>

#include "app/cli.hpp"
#include "app/process_hygiene.hpp"

int main(int argc, char** argv) {
  opsdeck::app::harden_process();
  int rc = 1;
  try {
    rc = opsdeck::app::run_cli(argc, argv);
  } catch (const std::exception& e) {
    opsdeck::app::die_of_internal_error(e.what(), true);
  } catch (...) {
    opsdeck::app::die_of_internal_error("an exception that is not a std::exception", true);
  }
  opsdeck::app::reraise_deferred_signal();  // the console quit on SIGTERM/SIGHUP/...: 128+signo
  return rc;
}
