#include "aws/live_tail_stream.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "aws/json_document.hpp"
#include "aws/json_fields.hpp"

namespace opsdeck::aws {
namespace {

Error stream_error(std::string code, std::string message, bool retryable) {
  Error e = make_error(ErrorKind::Aws, std::move(message));
  e.code = std::move(code);
  e.operation = "logs:StartLiveTail";
  e.retryable = retryable;
  return e;
}

}  // namespace

Result<void> LiveTailStreamHandler::feed(std::string_view bytes, std::vector<LiveTailEvent>& out) {
  if (failed_) return *failed_;
  pending_.clear();
  const EventStreamError err = decoder_.feed(bytes, pending_);
  for (const auto& m : pending_) {
    auto r = handle(m, out);
    if (!r) {
      failed_ = r.error();
      return r;
    }
  }
  if (err != EventStreamError::None) {
    failed_ = to_error(err, decoder_.error_detail());
    failed_->operation = "logs:StartLiveTail";
    return *failed_;
  }
  return {};
}

Result<void> LiveTailStreamHandler::finish() {
  if (failed_) return *failed_;
  const EventStreamError err = decoder_.finish();
  if (err != EventStreamError::None) {
    failed_ = to_error(err, decoder_.error_detail());
    return *failed_;
  }
  return {};
}

Result<void> LiveTailStreamHandler::handle(const EventMessage& m, std::vector<LiveTailEvent>& out) {
  const std::string_view type = m.header_string(":message-type");
  if (type == "exception") {
    const std::string code(m.header_string(":exception-type"));
    std::string text;
    auto j = parse_json_document(m.payload, "StartLiveTail exception");
    if (j) text = jstr(*j, "message");
    // A timed-out session (3 h) is normal: start a new one.
    return stream_error(code.empty() ? "UnknownException" : code, text.empty() ? "live tail ended" : text,
                        code == "SessionTimeoutException" || code == "SessionStreamingException");
  }
  if (type == "error") {
    return stream_error(std::string(m.header_string(":error-code")), std::string(m.header_string(":error-message")),
                        true);
  }
  if (type != "event") return {};  // unknown message types are ignored, like botocore does
  const std::string_view event = m.header_string(":event-type");
  if (event != "sessionStart" && event != "sessionUpdate") return {};  // initial-response and future types
  auto parsed = parse_json_document(m.payload, fmt::format("StartLiveTail {} payload", event));
  if (!parsed) return parsed.error();
  const nlohmann::json& j = *parsed;
  if (!j.is_object())
    return make_error(ErrorKind::Parse, fmt::format("StartLiveTail {} payload is not a JSON object", event));
  if (event == "sessionStart") {
    started_ = true;
    session_id_ = jstr(j, "sessionId");
    return {};
  }
  ++updates_;
  sampled_ = jbool(jobj(j, "sessionMetadata"), "sampled");
  for (const auto& e : jarr(j, "sessionResults")) {
    if (!e.is_object()) continue;
    out.push_back({jstr(e, "logGroupIdentifier"), jstr(e, "logStreamName"), jstr(e, "message"),
                   jint(e, "timestamp"), jint(e, "ingestionTime")});
  }
  return {};
}

}  // namespace opsdeck::aws
