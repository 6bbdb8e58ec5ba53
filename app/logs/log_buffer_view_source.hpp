#pragma once
// Shows a LogBuffer in a ui::LogView (the widget knows only LogViewSource).
// Both belong to the UI thread; the buffer must outlive the adapter.

#include "app/logs/log_buffer.hpp"
#include "widgets/log_view_source.hpp"

namespace opsdeck::app {

class LogBufferViewSource final : public ui::LogViewSource {
 public:
  explicit LogBufferViewSource(const LogBuffer& buffer) : buf_(buffer) {}
  std::uint64_t first_seq() const override { return buf_.first_seq(); }
  std::uint64_t end_seq() const override { return buf_.end_seq(); }
  ui::LogViewLine line(std::uint64_t seq) const override {
    const LogLine l = buf_.at(static_cast<std::size_t>(seq - buf_.first_seq()));
    return {l.timestamp_ms, buf_.source_name(l.source), l.text, l.truncated};
  }

 private:
  const LogBuffer& buf_;
};

}  // namespace opsdeck::app
