#pragma once
// LogBuffer: the bounded, compact store behind every log view and the headless tail.
//
// Lines live in one arena of large blocks (no std::string per line); each line costs a
// 24-byte record (timestamp, source id, block, offset, length). Caps on lines and on text
// bytes evict the oldest lines first. A line is kept whole up to `max_line_bytes` (1 MiB
// by default); longer lines are cut there and marked truncated. Text is stored exactly
// as received: sanitising and U+FFFD replacement happen at display time.
//
// Lines are numbered by a sequence number that never repeats: [first_seq(), end_seq()).
// Evicted lines are gone; asking for them returns nullopt.
//
// Not thread-safe: owned by the UI thread (or the headless command's main thread);
// producers post lines to that thread.

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace opsdeck::app {

struct LogBufferLimits {
  std::size_t max_lines = 200'000;
  std::size_t max_bytes = 64u << 20;      // text bytes
  std::size_t max_line_bytes = 1u << 20;  // longer lines are cut here (marked truncated)
  std::size_t block_bytes = 256u << 10;   // arena block size
};

struct LogLine {
  std::uint64_t seq = 0;
  std::int64_t timestamp_ms = 0;  // event time, ms since the epoch (0 = unknown)
  std::uint32_t source = 0;       // LogBuffer::source_name(source)
  bool truncated = false;         // the original was longer than max_line_bytes
  std::string_view text;          // valid until the next append()
};

class LogBuffer {
 public:
  explicit LogBuffer(LogBufferLimits limits = {});

  // Interns a source label ("group/stream", "web-1: docker logs") and returns its id.
  std::uint32_t intern_source(std::string_view name);
  const std::string& source_name(std::uint32_t id) const;

  // Stores a line (trailing "\n" / "\r\n" removed) and evicts old lines past the caps.
  // Returns the new line's sequence number.
  std::uint64_t append(std::int64_t timestamp_ms, std::uint32_t source, std::string_view text);

  std::uint64_t first_seq() const { return first_seq_; }
  std::uint64_t end_seq() const { return first_seq_ + recs_.size(); }
  std::size_t size() const { return recs_.size(); }
  bool empty() const { return recs_.empty(); }
  std::optional<LogLine> line(std::uint64_t seq) const;
  // Index-based access (0 = oldest kept line), for scans.
  LogLine at(std::size_t index) const;

  std::size_t text_bytes() const { return text_bytes_; }
  // Bytes allocated for text blocks and line records (for the memory-per-line figure).
  std::size_t allocated_bytes() const;
  std::uint64_t evicted() const { return first_seq_; }
  const LogBufferLimits& limits() const { return limits_; }
  void clear();

 private:
  struct Record {
    std::int64_t timestamp_ms;
    std::uint32_t source;
    std::uint32_t block;   // block sequence number
    std::uint32_t offset;  // in the block
    std::uint32_t length;  // top bit: truncated
  };
  struct Block {
    std::unique_ptr<char[]> data;
    std::uint32_t cap = 0;
    std::uint32_t used = 0;
  };
  static constexpr std::uint32_t kTruncatedBit = 0x80000000U;

  char* reserve(std::size_t n, std::uint32_t& block, std::uint32_t& offset);
  void evict_front();

  LogBufferLimits limits_;
  std::deque<Record> recs_;
  std::deque<Block> blocks_;
  std::uint32_t first_block_ = 0;  // sequence number of blocks_.front()
  Block spare_;                    // one freed block kept for reuse
  std::uint64_t first_seq_ = 0;
  std::size_t text_bytes_ = 0;
  std::vector<std::string> sources_;
};

}  // namespace opsdeck::app
