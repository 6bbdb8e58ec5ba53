#include "app/logs/log_buffer.hpp"

#include <algorithm>
#include <cstring>

namespace opsdeck::app {

LogBuffer::LogBuffer(LogBufferLimits limits) : limits_(limits) {
  limits_.max_lines = std::max<std::size_t>(limits_.max_lines, 1);
  limits_.max_line_bytes = std::min<std::size_t>(limits_.max_line_bytes, kTruncatedBit - 1);
  limits_.block_bytes = std::max<std::size_t>(limits_.block_bytes, 4096);
  sources_.emplace_back("");
}

std::uint32_t LogBuffer::intern_source(std::string_view name) {
  for (std::size_t i = 0; i < sources_.size(); ++i)
    if (sources_[i] == name) return static_cast<std::uint32_t>(i);
  sources_.emplace_back(name);
  return static_cast<std::uint32_t>(sources_.size() - 1);
}

const std::string& LogBuffer::source_name(std::uint32_t id) const {
  return id < sources_.size() ? sources_[id] : sources_[0];
}

char* LogBuffer::reserve(std::size_t n, std::uint32_t& block, std::uint32_t& offset) {
  if (blocks_.empty() || blocks_.back().cap - blocks_.back().used < n) {
    Block b;
    if (n <= limits_.block_bytes && spare_.data) {
      b = std::move(spare_);
      b.used = 0;
    } else {
      b.cap = static_cast<std::uint32_t>(std::max(n, limits_.block_bytes));
      b.data.reset(new char[b.cap]);
    }
    blocks_.push_back(std::move(b));
  }
  Block& b = blocks_.back();
  block = first_block_ + static_cast<std::uint32_t>(blocks_.size() - 1);
  offset = b.used;
  b.used += static_cast<std::uint32_t>(n);
  return b.data.get() + offset;
}

std::uint64_t LogBuffer::append(std::int64_t timestamp_ms, std::uint32_t source, std::string_view text) {
  if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  bool truncated = false;
  if (text.size() > limits_.max_line_bytes) {
    text = text.substr(0, limits_.max_line_bytes);
    truncated = true;
  }
  // Make room first so that a full buffer recycles its oldest block for this line.
  while (!recs_.empty() &&
         (recs_.size() + 1 > limits_.max_lines || text_bytes_ + text.size() > limits_.max_bytes))
    evict_front();
  Record r{timestamp_ms, source, 0, 0, static_cast<std::uint32_t>(text.size())};
  if (truncated) r.length |= kTruncatedBit;
  if (!text.empty()) std::memcpy(reserve(text.size(), r.block, r.offset), text.data(), text.size());
  else r.block = first_block_ + static_cast<std::uint32_t>(blocks_.empty() ? 0 : blocks_.size() - 1);
  recs_.push_back(r);
  text_bytes_ += text.size();
  return end_seq() - 1;
}

void LogBuffer::evict_front() {
  const Record& r = recs_.front();
  text_bytes_ -= r.length & ~kTruncatedBit;
  recs_.pop_front();
  ++first_seq_;
  // Blocks older than the oldest remaining line's block are free (lines fill blocks in order).
  const std::uint32_t keep_from = recs_.empty() ? first_block_ + static_cast<std::uint32_t>(blocks_.size())
                                                : recs_.front().block;
  while (!blocks_.empty() && first_block_ < keep_from) {
    if (recs_.empty() && blocks_.size() == 1) {
      blocks_.front().used = 0;  // keep the write block, just rewind it
      break;
    }
    if (blocks_.front().cap == limits_.block_bytes) spare_ = std::move(blocks_.front());
    blocks_.pop_front();
    ++first_block_;
  }
}

LogLine LogBuffer::at(std::size_t index) const {
  const Record& r = recs_[index];
  const std::uint32_t len = r.length & ~kTruncatedBit;
  LogLine l;
  l.seq = first_seq_ + index;
  l.timestamp_ms = r.timestamp_ms;
  l.source = r.source;
  l.truncated = (r.length & kTruncatedBit) != 0;
  if (len) l.text = std::string_view(blocks_[r.block - first_block_].data.get() + r.offset, len);
  return l;
}

std::optional<LogLine> LogBuffer::line(std::uint64_t seq) const {
  if (seq < first_seq_ || seq >= end_seq()) return std::nullopt;
  return at(static_cast<std::size_t>(seq - first_seq_));
}

std::size_t LogBuffer::allocated_bytes() const {
  std::size_t n = recs_.size() * sizeof(Record) + spare_.cap;
  for (const auto& b : blocks_) n += b.cap;
  return n;
}

void LogBuffer::clear() {
  first_seq_ = end_seq();
  recs_.clear();
  blocks_.clear();
  first_block_ = 0;
  text_bytes_ = 0;
}

}  // namespace opsdeck::app
