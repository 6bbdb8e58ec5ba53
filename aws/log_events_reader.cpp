#include "aws/log_events_reader.hpp"

#include <simdjson.h>

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "aws/json_document.hpp"
#include "aws/service_call.hpp"

namespace opsdeck::aws {

namespace {

namespace od = simdjson::ondemand;
using simdjson::error_code;
using simdjson::SUCCESS;

// Documents up to this size use the thread's parser and buffer (which then hold about 6x
// the largest such document); larger ones get their own, freed at once, so no thread keeps
// hundreds of MB after one huge body. The service sends at most 1 MB per page.
constexpr std::size_t kThreadBufferMaxBytes = 4u << 20;

// The containers open around a value: the page object is 1, "events" 2, an event 3.
constexpr int kPageDepth = 1;
constexpr int kEventsDepth = 2;
constexpr int kEventDepth = 3;

// A string jint reads: strtoll over the whole C string (so it stops at an embedded NUL),
// as aws/json_fields.cpp does.
long long digits_number(std::string_view s) {
  if (s.empty()) return 0;
  std::string text(s);
  errno = 0;
  char* end = nullptr;
  long long v = std::strtoll(text.c_str(), &end, 10);
  if (errno != 0 || !end || *end != '\0') return 0;
  return v;
}

// Reads a value nobody asked for, so that malformed JSON in it is still an error; nesting
// past kMaxJsonDepth is an error as in the general reader.
error_code check_value(od::value v, int outer_depth) {
  od::json_type type;
  SIMDJSON_TRY(v.type().get(type));
  switch (type) {
    case od::json_type::object: {
      if (outer_depth + 1 > kMaxJsonDepth) return simdjson::DEPTH_ERROR;
      od::object obj;
      SIMDJSON_TRY(v.get_object().get(obj));
      for (auto member : obj) {
        std::string_view key;
        SIMDJSON_TRY(member.unescaped_key().get(key));
        od::value inner;
        SIMDJSON_TRY(member.value().get(inner));
        SIMDJSON_TRY(check_value(inner, outer_depth + 1));
      }
      return SUCCESS;
    }
    case od::json_type::array: {
      if (outer_depth + 1 > kMaxJsonDepth) return simdjson::DEPTH_ERROR;
      od::array arr;
      SIMDJSON_TRY(v.get_array().get(arr));
      for (auto element : arr) {
        od::value inner;
        SIMDJSON_TRY(element.get(inner));
        SIMDJSON_TRY(check_value(inner, outer_depth + 1));
      }
      return SUCCESS;
    }
    case od::json_type::number: {
      std::int64_t i;
      if (v.get_int64().get(i) == SUCCESS) return SUCCESS;
      std::uint64_t u;
      if (v.get_uint64().get(u) == SUCCESS) return SUCCESS;
      double d;
      return v.get_double().get(d);
    }
    case od::json_type::string: {
      std::string_view s;
      return v.get_string().get(s);
    }
    case od::json_type::boolean: {
      bool b;
      return v.get_bool().get(b);
    }
    case od::json_type::null: {
      bool is_null = false;
      SIMDJSON_TRY(v.is_null().get(is_null));
      return is_null ? SUCCESS : simdjson::N_ATOM_ERROR;
    }
  }
  return simdjson::TAPE_ERROR;
}

// A number as jstr gives it: nlohmann's dump() of the parsed value (integers in decimal;
// other numbers in nlohmann's shortest round-trip form, so that path goes through it).
error_code number_text(od::value v, std::string& out) {
  std::string_view token = v.raw_json_token();
  std::int64_t i;
  if (v.get_int64().get(i) == SUCCESS) {
    out = std::to_string(i);
    return SUCCESS;
  }
  std::uint64_t u;
  if (v.get_uint64().get(u) == SUCCESS) {
    out = std::to_string(u);
    return SUCCESS;
  }
  double d;
  SIMDJSON_TRY(v.get_double().get(d));
  while (!token.empty() && (token.back() == ' ' || token.back() == '\t' || token.back() == '\n' ||
                            token.back() == '\r'))
    token.remove_suffix(1);
  try {
    out = nlohmann::json::parse(token).dump();
  } catch (const std::exception&) {
    return simdjson::NUMBER_ERROR;
  }
  return SUCCESS;
}

// jstr: a string as sent, a number or boolean as JSON text, anything else "".
error_code read_text(od::value v, std::string& out, int outer_depth) {
  od::json_type type;
  SIMDJSON_TRY(v.type().get(type));
  switch (type) {
    case od::json_type::string: {
      std::string_view s;
      SIMDJSON_TRY(v.get_string().get(s));
      out.assign(s.data(), s.size());
      return SUCCESS;
    }
    case od::json_type::number:
      return number_text(v, out);
    case od::json_type::boolean: {
      bool b;
      SIMDJSON_TRY(v.get_bool().get(b));
      out = b ? "true" : "false";
      return SUCCESS;
    }
    default:
      out.clear();
      return check_value(v, outer_depth);
  }
}

// jint: a whole number in the int64 range, or a string of digits; anything else 0.
error_code read_int(od::value v, std::int64_t& out, int outer_depth) {
  od::json_type type;
  SIMDJSON_TRY(v.type().get(type));
  out = 0;
  switch (type) {
    case od::json_type::number: {
      std::int64_t i;
      if (v.get_int64().get(i) == SUCCESS) {
        out = i;
        return SUCCESS;
      }
      std::uint64_t u;
      if (v.get_uint64().get(u) == SUCCESS) return SUCCESS;  // above INT64_MAX
      double d;
      SIMDJSON_TRY(v.get_double().get(d));
      if (std::isfinite(d) && std::floor(d) == d && d >= -9.2e18 && d <= 9.2e18) out = static_cast<std::int64_t>(d);
      return SUCCESS;
    }
    case od::json_type::string: {
      std::string_view s;
      SIMDJSON_TRY(v.get_string().get(s));
      out = digits_number(s);
      return SUCCESS;
    }
    default:
      return check_value(v, outer_depth);
  }
}

error_code read_event(od::value v, LogEvent& e) {
  od::json_type type;
  SIMDJSON_TRY(v.type().get(type));
  if (type != od::json_type::object) return check_value(v, kEventsDepth);
  od::object obj;
  SIMDJSON_TRY(v.get_object().get(obj));
  for (auto member : obj) {
    std::string_view key;
    SIMDJSON_TRY(member.unescaped_key().get(key));
    od::value value;
    SIMDJSON_TRY(member.value().get(value));
    if (key == "message") {
      SIMDJSON_TRY(read_text(value, e.message, kEventDepth));
    } else if (key == "timestamp") {
      SIMDJSON_TRY(read_int(value, e.timestamp_ms, kEventDepth));
    } else if (key == "eventId") {
      SIMDJSON_TRY(read_text(value, e.event_id, kEventDepth));
    } else if (key == "logStreamName") {
      SIMDJSON_TRY(read_text(value, e.stream, kEventDepth));
    } else if (key == "ingestionTime") {
      SIMDJSON_TRY(read_int(value, e.ingestion_ms, kEventDepth));
    } else {
      SIMDJSON_TRY(check_value(value, kEventDepth));
    }
  }
  return SUCCESS;
}

// jarr: the array's events, or none when "events" is something else.
error_code read_events(od::value v, std::vector<LogEvent>& out) {
  out.clear();
  od::json_type type;
  SIMDJSON_TRY(v.type().get(type));
  if (type != od::json_type::array) return check_value(v, kPageDepth);
  od::array arr;
  SIMDJSON_TRY(v.get_array().get(arr));
  for (auto element : arr) {
    od::value value;
    SIMDJSON_TRY(element.get(value));
    SIMDJSON_TRY(read_event(value, out.emplace_back()));
  }
  return SUCCESS;
}

error_code read_page(od::parser& parser, simdjson::padded_string_view text, const LogEventsPageShape& shape,
                     LogEventsPage& page) {
  od::document doc;
  SIMDJSON_TRY(parser.iterate(text).get(doc));
  // On-Demand stops at the end of the first value: anything after it is trailing content.
  std::string_view whole;
  SIMDJSON_TRY(doc.raw_json().get(whole));
  if (whole.data() + whole.size() != text.data() + text.size()) return simdjson::TRAILING_CONTENT;
  doc.rewind();
  od::object top;
  SIMDJSON_TRY(doc.get_object().get(top));
  for (auto member : top) {
    std::string_view key;
    SIMDJSON_TRY(member.unescaped_key().get(key));
    od::value value;
    SIMDJSON_TRY(member.value().get(value));
    if (key == "events") {
      SIMDJSON_TRY(read_events(value, page.events));
    } else if (key == shape.next_token_key) {
      SIMDJSON_TRY(read_text(value, page.next_token, kPageDepth));
    } else if (!shape.backward_token_key.empty() && key == shape.backward_token_key) {
      SIMDJSON_TRY(read_text(value, page.backward_token, kPageDepth));
    } else {
      SIMDJSON_TRY(check_value(value, kPageDepth));
    }
  }
  return SUCCESS;
}

// The error for a body this reader refused: the general reader's own description (syntax
// error with line and column, too deep, too large, not an object), or simdjson's words in
// the unexpected case that the general reader accepts it.
Error refused(std::string_view body, const LogEventsPageShape& shape, error_code code) {
  auto j = parse_json_body(body, shape.operation);
  if (!j) return j.error();
  Error e = make_error(ErrorKind::Parse, fmt::format("response is not valid JSON: {}", simdjson::error_message(code)),
                       "check --endpoint-url points at an AWS endpoint");
  e.operation = std::string(shape.operation);
  return e;
}

// A padded copy of a body: the thread's buffer, grown as needed.
struct PaddedBuffer {
  std::unique_ptr<char[]> bytes;
  std::size_t capacity = 0;

  simdjson::padded_string_view hold(std::string_view text) {
    std::size_t need = text.size() + simdjson::SIMDJSON_PADDING;
    if (need > capacity) {
      bytes.reset(new char[need]);
      capacity = need;
    }
    std::memcpy(bytes.get(), text.data(), text.size());
    std::memset(bytes.get() + text.size(), 0, simdjson::SIMDJSON_PADDING);
    return simdjson::padded_string_view(bytes.get(), text.size(), need);
  }
};

}  // namespace

Result<LogEventsPage> read_log_events_page(std::string_view body, std::size_t readable,
                                           const LogEventsPageShape& shape) {
  if (body.size() > kMaxJsonBytes) return refused(body, shape, simdjson::CAPACITY);
  std::string_view text = body;
  if (text.size() >= 3 && std::memcmp(text.data(), "\xEF\xBB\xBF", 3) == 0) text.remove_prefix(3);
  // The general reader takes a NUL byte outside a string for the end of the input (and one
  // inside a string is an error either way), so the document ends at the first NUL.
  if (const void* nul = std::memchr(text.data(), '\0', text.size()))
    text = text.substr(0, static_cast<std::size_t>(static_cast<const char*>(nul) - text.data()));

  thread_local od::parser thread_parser;
  thread_local PaddedBuffer thread_buffer;
  bool small = text.size() <= kThreadBufferMaxBytes;
  std::optional<od::parser> own_parser;
  PaddedBuffer own_buffer;
  od::parser& parser = small ? thread_parser : own_parser.emplace();
  // Bytes readable after the (possibly shortened) text.
  std::size_t text_end = static_cast<std::size_t>(text.data() + text.size() - body.data());
  std::size_t spare = readable > text_end ? readable - text_end : 0;
  simdjson::padded_string_view padded =
      spare >= simdjson::SIMDJSON_PADDING
          ? simdjson::padded_string_view(text.data(), text.size(), text.size() + spare)
          : (small ? thread_buffer : own_buffer).hold(text);

  LogEventsPage page;
  if (auto code = read_page(parser, padded, shape, page); code != SUCCESS) return refused(body, shape, code);
  return page;
}

}  // namespace opsdeck::aws
