#pragma once
// Text that headless commands print (runbook plans and step output, `opsdeck ssh HOST --
// cmd`, `opsdeck ssm run`, error messages): bytes from a runbook, an alarm or a remote host
// must not drive the operator's terminal, so "Will run: echo hello" cannot hide what runs.
//
// neutralise_text() is ui::sanitize_text() with newlines and tabs kept: every other C0
// control, DEL, ESC sequence, C1 control (UTF-8 or a raw 0x80..0x9F byte, which is invalid
// UTF-8 and becomes U+FFFD), bidi control and invisible format character is shown in a
// visible form ("␛[2J", "␍", "\x9b", "<U+202E>", "<U+200B>"); see widgets/text_sanitizer.hpp
// for the full list. One exception: CR directly before LF is a line ending (Windows hosts)
// and is dropped, since it cannot overwrite anything; any other CR is shown as "␍".
//
// StreamNeutraliser does the same for output that arrives in chunks. Splitting never
// changes the result: feed(a) + feed(b) + finish() == neutralise_text(a + b) for every split.
//
// Raw output: a command may offer a flag that prints remote bytes unchanged for piping into
// another program; output_mode_for() grants it only when the output is not a terminal, so
// on a TTY the neutraliser always applies.
//
// JSON output: json_dump_safe() escapes every non-ASCII character (bidi controls included)
// as \uXXXX, so `--output json` viewed in a terminal is as inert as the text form.
//
// Free functions are pure and thread-safe. A StreamNeutraliser is one stream's state: use it
// from one thread at a time.

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace opsdeck::app {

// Whole text (a plan line, an error message, a captured output).
std::string neutralise_text(std::string_view raw);

class StreamNeutraliser {
 public:
  // Neutralised text for `chunk`, minus what has to wait for the next chunk: an incomplete
  // UTF-8 sequence at the end (at most 3 bytes) or a final CR (it may be half of CRLF).
  std::string feed(std::string_view chunk);
  // What was held back, neutralised (an incomplete UTF-8 sequence becomes U+FFFD). The
  // neutraliser is empty afterwards and can be reused.
  std::string finish();

 private:
  std::string pending_;
};

enum class OutputMode { Neutralised, Raw };

// Raw only when the operator asked for raw bytes (`raw_flag`) AND `fd` is not a terminal.
OutputMode output_mode_for(bool raw_flag, int fd);

// `text` as it may be written in `mode`.
std::string text_for_output(OutputMode mode, std::string_view text);

// json.dump(indent) with ensure_ascii (U+202E becomes \u202e) and invalid UTF-8 replaced by
// U+FFFD instead of throwing. The ordered_json form keeps key order (list output).
std::string json_dump_safe(const nlohmann::json& value, int indent = -1);
std::string json_dump_safe(const nlohmann::ordered_json& value, int indent = -1);

}  // namespace opsdeck::app
