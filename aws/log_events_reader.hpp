#pragma once
// Reads a FilterLogEvents or GetLogEvents response body into a LogEventsPage with
// simdjson's On-Demand API: the one AWS response big enough (up to 10,000 events, several
// MB) for parsing speed to show. The result is exactly what the general reader gives
// (parse_json_body + the tolerant jstr/jint readers of aws/json_fields.hpp):
//
//  * events[i].logStreamName / message / eventId: a string as sent (escapes decoded,
//    \u0000 kept), a number or boolean as its JSON text, anything else "".
//  * events[i].timestamp / ingestionTime: a whole number in the int64 range, or a string
//    strtoll reads whole; anything else 0. An element that is not an object is an empty
//    event; "events" that is not an array is no events.
//  * A member given twice counts with its last value; other members are checked, not read.
//  * Malformed JSON (invalid UTF-8, unescaped control characters, lone surrogates, trailing
//    content, numbers out of the double range), more than kMaxJsonDepth levels, more than
//    kMaxJsonBytes, or a document that is not an object: ErrorKind::Parse with the message
//    and hint parse_json_body gives (the general reader describes the failure; only this
//    cold path reads the body twice). A UTF-8 byte-order mark is skipped, as there.
//
// Padding: simdjson reads up to SIMDJSON_PADDING (64) bytes past the document. When the
// caller says `readable` bytes from body.data() are allocated (a std::string's capacity)
// and that covers the padding, the body is read in place; otherwise it is copied once into
// a padded buffer.
//
// Threads: any; each thread keeps its own simdjson parser and padded buffer for documents
// up to 4 MB (the service sends at most 1 MB a page); a larger document gets a parser of its
// own, allocated for that call (fresh memory: its page faults make a 24 MB body ~3x slower).

#include <cstddef>
#include <string_view>

#include "aws/logs.hpp"
#include "aws/result.hpp"

namespace opsdeck::aws {

// Where a page keeps its tokens, and the operation its errors name.
struct LogEventsPageShape {
  std::string_view operation;           // "logs:FilterLogEvents"
  std::string_view next_token_key;      // "nextToken" / "nextForwardToken"
  std::string_view backward_token_key;  // "nextBackwardToken", or "" for none
};

// `readable` >= body.size(): bytes from body.data() the caller's allocation holds.
Result<LogEventsPage> read_log_events_page(std::string_view body, std::size_t readable,
                                           const LogEventsPageShape& shape);

}  // namespace opsdeck::aws
