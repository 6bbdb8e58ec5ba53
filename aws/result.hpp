#pragma once
// Errors as values at module boundaries (STYLE.md "The AWS and SSH edges").
//
// `Error` carries what a program needs to decide (kind, AWS code, HTTP status,
// retryability) and what a person needs to act (message, operation, endpoint, hint).
// `Result<T>` is a small expected-like holder; product code never throws across
// a module boundary and never aborts on a remote failure.

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace opsdeck::aws {

enum class ErrorKind {
  Aws,          // the service answered with an error document
  Network,      // connection refused/reset, DNS, TLS
  Timeout,      // connect or request timeout
  Credentials,  // missing, expired or rejected credentials; signature mismatch
  Parse,        // malformed or unexpected response body
  ReadOnly,     // refused by read-only mode or a guard before anything was sent
  NotFound,     // the named resource does not exist
  Usage,        // bad input from the caller (flags, config)
  Missing,      // a program opsdeck needs is not installed (session-manager-plugin)
  Cancelled,    // the caller cancelled the request
  Internal,     // a bug or an impossible state
};

const char* to_string(ErrorKind kind);

struct Error {
  ErrorKind kind = ErrorKind::Internal;
  std::string code;        // AWS error code ("ThrottlingException"); empty for local errors
  std::string message;     // what happened, in words
  int http_status = 0;     // 0 when no HTTP response was received
  std::string request_id;  // x-amzn-RequestId / RequestId, when the service sent one
  bool retryable = false;
  std::string operation;   // "ec2:DescribeInstances"
  std::string endpoint;    // "http://127.0.0.1:5000"
  std::string hint;        // what the operator can do about it

  // One line for a status bar or stderr:
  // "ec2:DescribeInstances at http://127.0.0.1:5000: AuthFailure (HTTP 401): ... — hint"
  std::string describe() const;
};

// Builds a local (not service-originated) error.
Error make_error(ErrorKind kind, std::string message, std::string hint = {});

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}          // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}      // NOLINT(google-explicit-constructor)

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(v_); }
  const T& value() const& { assert(ok()); return std::get<0>(v_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { assert(!ok()); return std::get<1>(v_); }
  Error& error() { assert(!ok()); return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : err_(std::move(error)), ok_(false) {}  // NOLINT
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { assert(!ok_); return err_; }
  Error& error() { assert(!ok_); return err_; }

 private:
  Error err_;
  bool ok_ = true;
};

}  // namespace opsdeck::aws
