#pragma once
// MotoServer: a real AWS endpoint for tests — `moto_server` on 127.0.0.1 with SigV4
// signature checking ON (notes/moto-server.md).
//
// Start-up arms moto with INITIAL_NO_AUTH_ACTION_COUNT so that exactly the first three
// actions run unchecked; those create an IAM user, an inline "*"/"*" policy and an access
// key. From then on every request must be signed with credentials(). reset() wipes all
// state (which also wipes IAM), re-arms /moto-api/reset-auth and creates a fresh key.
// The process is always stopped with the object (ChildProcess), even when a test fails.
//
// Threads: use from the test thread only. Failures to start throw std::runtime_error
// (test-side code; gtest reports it).

#include <chrono>
#include <memory>
#include <string>

#include "aws/credentials.hpp"
#include "tests/support/child_process.hpp"

namespace opsdeck::testing {

class MotoServer {
 public:
  MotoServer();
  ~MotoServer();
  MotoServer(const MotoServer&) = delete;
  MotoServer& operator=(const MotoServer&) = delete;

  // Wipes every service's state and arms signature checking with a new access key.
  void reset();

  std::string endpoint() const;                   // "http://127.0.0.1:PORT"
  const aws::Credentials& credentials() const { return creds_; }
  std::string region() const { return "us-east-1"; }
  int port() const { return port_; }
  std::string log_path() const { return log_; }

  // Measured, for the fixture's own report (not asserted).
  std::chrono::milliseconds start_duration() const { return start_; }
  std::chrono::milliseconds last_reset_duration() const { return reset_; }

  // A raw POST to a moto-api path ("/moto-api/reset"); returns the HTTP status.
  int post_admin(const std::string& path, const std::string& body = {});

 private:
  void arm_auth();

  int port_ = 0;
  std::string log_;
  ChildProcess proc_;
  aws::Credentials creds_;
  std::chrono::milliseconds start_{0};
  std::chrono::milliseconds reset_{0};
};

// One MotoServer for a whole test program: started on first use, stopped at exit.
MotoServer& shared_moto();

}  // namespace opsdeck::testing
