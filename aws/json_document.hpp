#pragma once
// The one way opsdeck reads JSON it did not write itself: AWS responses, credential_process
// output, token caches, log lines, and the files an operator edits (config.json, themes,
// runbook progress). Nesting and size are bounded, so a hostile or broken document is an
// error and never a crash: nlohmann's parser is iterative, but copying a value, dump() and
// the detail view recurse once per level, and 100,000 levels overflow the stack.
//
// read_json_text() builds the value through nlohmann's SAX interface with a handler that
// counts open containers and stops past `max_depth`. It is header-only because widgets/
// (themes, log lines) links nothing from aws/ and must use the same reader. The Result
// wrappers below it live in json_document.cpp.
//
// Pure functions; never throw; any thread.

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstddef>
#include <exception>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aws/result.hpp"

namespace opsdeck::aws {

inline constexpr int kMaxJsonDepth = 256;                     // AWS documents are < 20 deep
inline constexpr std::size_t kMaxJsonBytes = 64u << 20;        // far above any AWS page

struct JsonReadOptions {
  bool comments = false;                 // accept // and /* */ comments (files people edit)
  int max_depth = kMaxJsonDepth;         // open objects/arrays allowed at once
  std::size_t max_bytes = kMaxJsonBytes;
  // Messages may quote the token that broke the parse ("last read: 'tru }'"). Off for
  // documents that can hold secrets (credentials, responses); on for config files.
  bool quote_input = false;
};

struct JsonProblem {
  enum class Kind { Syntax, TooDeep, TooLarge };
  Kind kind = Kind::Syntax;
  std::size_t offset = 0;  // byte offset of the offending character (Syntax only)
  int line = 0;            // 1-based; 0 when the problem has no single place
  int column = 0;          // 1-based, counted in characters (UTF-8 sequences count once)
  std::string message;     // "syntax error while parsing value - invalid literal"
};

namespace json_detail {

// 1-based line and column of byte `offset` in `text`.
inline std::pair<int, int> line_column(std::string_view text, std::size_t offset) {
  int line = 1, column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++column;
    }
  }
  return {line, column};
}

// nlohmann's what() is "[json.exception.parse_error.101] parse error at line 1, column 5:
// syntax error while parsing value - invalid literal; last read: 'tru'". Keeps the part from
// "syntax error" (our own line/column come from the offset), and drops the quoted input
// unless asked to keep it.
inline std::string syntax_message(const std::string& what, bool quote_input) {
  std::string msg = what;
  if (auto at = msg.find("syntax error"); at != std::string::npos) msg = msg.substr(at);
  else if (auto colon = msg.find(": "); colon != std::string::npos) msg = msg.substr(colon + 2);
  if (auto quoted = msg.find("; last read: '"); quoted != std::string::npos) {
    std::string expected;
    if (auto e = msg.rfind("; expected "); e != std::string::npos && e > quoted) expected = msg.substr(e);
    if (quote_input) {
      std::string token = msg.substr(quoted, msg.size() - quoted - expected.size());
      if (token.size() > 80) token = token.substr(0, 76) + "...'";
      msg = msg.substr(0, quoted) + token + expected;
    } else {
      msg = msg.substr(0, quoted) + expected;
    }
  }
  return msg;
}

// A SAX handler that builds the DOM like nlohmann's own, but refuses more than `max_depth`
// open containers. Containers are filled through a stack of pointers, never by recursion.
class BoundedDomBuilder {
 public:
  using json = nlohmann::json;

  BoundedDomBuilder(json& root, int max_depth) : root_(root), max_depth_(max_depth) {}

  bool null() { return put(nullptr); }
  bool boolean(bool v) { return put(v); }
  bool number_integer(json::number_integer_t v) { return put(v); }
  bool number_unsigned(json::number_unsigned_t v) { return put(v); }
  bool number_float(json::number_float_t v, const json::string_t& /*text*/) { return put(v); }
  bool string(json::string_t& v) { return put(std::move(v)); }
  bool binary(json::binary_t& v) { return put(json::binary(std::move(v))); }
  bool start_object(std::size_t /*size*/) { return open(json::value_t::object); }
  bool key(json::string_t& k) {
    slot_ = &(*stack_.back())[k];
    return true;
  }
  bool end_object() { return close(); }
  bool start_array(std::size_t /*size*/) { return open(json::value_t::array); }
  bool end_array() { return close(); }
  bool parse_error(std::size_t position, const std::string& /*last_token*/, const json::exception& ex) {
    syntax_error_ = true;
    position_ = position;
    what_ = ex.what();
    return false;
  }

  bool too_deep() const { return too_deep_; }
  bool syntax_error() const { return syntax_error_; }
  std::size_t position() const { return position_; }
  const std::string& what() const { return what_; }

 private:
  template <class V>
  json* place(V&& v) {
    if (stack_.empty()) {
      root_ = json(std::forward<V>(v));
      return &root_;
    }
    json& top = *stack_.back();
    if (top.is_array()) {
      top.emplace_back(std::forward<V>(v));
      return &top.back();
    }
    *slot_ = json(std::forward<V>(v));
    return slot_;
  }
  template <class V>
  bool put(V&& v) {
    place(std::forward<V>(v));
    return true;
  }
  bool open(json::value_t type) {
    if (static_cast<int>(stack_.size()) >= max_depth_) {
      too_deep_ = true;
      return false;
    }
    stack_.push_back(place(json(type)));
    return true;
  }
  bool close() {
    stack_.pop_back();
    return true;
  }

  json& root_;
  int max_depth_;
  std::vector<json*> stack_;
  json* slot_ = nullptr;
  bool too_deep_ = false;
  bool syntax_error_ = false;
  std::size_t position_ = 0;
  std::string what_;
};

}  // namespace json_detail

// Parses `text` into `out` (left null on failure) or describes what is wrong in `problem`.
inline bool read_json_text(std::string_view text, nlohmann::json& out, JsonProblem& problem,
                           const JsonReadOptions& options = {}) {
  out = nullptr;
  problem = JsonProblem{};
  if (text.size() > options.max_bytes) {
    problem.kind = JsonProblem::Kind::TooLarge;
    problem.message = "is " + std::to_string(text.size()) + " bytes, more than the " +
                      std::to_string(options.max_bytes) + " a JSON document may have; refusing to parse";
    return false;
  }
  json_detail::BoundedDomBuilder builder(out, options.max_depth);
  bool ok = false;
  try {
    ok = nlohmann::json::sax_parse(text.begin(), text.end(), &builder, nlohmann::json::input_format_t::json,
                                   /*strict=*/true, /*ignore_comments=*/options.comments);
  } catch (const std::exception& e) {  // allocation failure; the SAX path reports the rest
    out = nullptr;
    problem.message = std::string("cannot be read: ") + e.what();
    return false;
  }
  if (ok) return true;
  out = nullptr;
  if (builder.too_deep()) {
    problem.kind = JsonProblem::Kind::TooDeep;
    problem.message = "nested deeper than " + std::to_string(options.max_depth) + " levels; refusing to parse";
    return false;
  }
  problem.kind = JsonProblem::Kind::Syntax;
  // The position is the count of characters read; the offending one is the last of them.
  // (nlohmann counts past the end when a comment runs to the end of the text.)
  problem.offset = std::min(builder.position() > 0 ? builder.position() - 1 : 0, text.size());
  auto [line, column] = json_detail::line_column(text, problem.offset);
  problem.line = line;
  problem.column = column;
  problem.message = json_detail::syntax_message(builder.what(), options.quote_input);
  return false;
}

// How a file a person edits reports a problem: "<file>:<line>:<column>: <message>", or
// "<file>: <message>" for a problem without a place (too deep, too large).
inline std::string file_problem_text(std::string_view file, const JsonProblem& problem) {
  std::string out(file);
  if (problem.kind == JsonProblem::Kind::Syntax)
    out += ":" + std::to_string(problem.line) + ":" + std::to_string(problem.column) + ": " + problem.message;
  else if (problem.kind == JsonProblem::Kind::TooDeep)
    out += ": " + problem.message;
  else
    out += ": the file " + problem.message;
  return out;
}

// A document from outside the process (a response body, a program's output, a cache file).
// The ErrorKind::Parse message names `origin`:
//   "credential_process output is not valid JSON: syntax error ... (line 1, column 12)"
//   "response nested deeper than 256 levels; refusing to parse"
Result<nlohmann::json> parse_json_document(std::string_view text, std::string_view origin);

// A file an operator edits (config.json, a theme, the progress store): // and /* */
// comments allowed; the ErrorKind::Usage message is file_problem_text(), e.g.
//   "/home/me/.config/opsdeck/config.json:7:12: syntax error while parsing object ..."
Result<nlohmann::json> parse_config_json(std::string_view text, std::string_view file);

}  // namespace opsdeck::aws
