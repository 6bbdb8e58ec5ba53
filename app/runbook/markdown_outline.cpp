#include "app/runbook/markdown_outline.hpp"

#include <md4c.h>

#include <algorithm>

#include "app/runbook/shell_text.hpp"

namespace opsdeck::app::runbook {

namespace {

// Walks md4c's callbacks. Line numbers: md4c hands code text and (unescaped) attribute
// text as pointers into the input buffer, so the line of such a pointer is exact. The
// opening fence is the line above the first code line; blank code lines come as a static
// "\n" and are counted. Empty blocks fall back to scanning for the next fence line after
// the last position md4c showed us.
class Walker {
 public:
  explicit Walker(std::string_view doc) : doc_(doc) {
    line_starts_.push_back(0);
    for (size_t i = 0; i < doc.size(); ++i)
      if (doc[i] == '\n') line_starts_.push_back(i + 1);
  }

  std::vector<OutlineItem> run() {
    MD_PARSER parser{};
    parser.abi_version = 0;
    parser.flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_TASKLISTS |
                   MD_FLAG_PERMISSIVEAUTOLINKS;
    parser.enter_block = [](MD_BLOCKTYPE t, void* d, void* u) {
      return static_cast<Walker*>(u)->enter_block(t, d);
    };
    parser.leave_block = [](MD_BLOCKTYPE t, void* d, void* u) {
      return static_cast<Walker*>(u)->leave_block(t, d);
    };
    parser.enter_span = [](MD_SPANTYPE t, void*, void* u) {
      return static_cast<Walker*>(u)->span(t);
    };
    parser.leave_span = [](MD_SPANTYPE t, void*, void* u) {
      return static_cast<Walker*>(u)->span(t);
    };
    parser.text = [](MD_TEXTTYPE t, const MD_CHAR* s, MD_SIZE n, void* u) {
      return static_cast<Walker*>(u)->text(t, s, n);
    };
    md_parse(doc_.data(), static_cast<MD_SIZE>(doc_.size()), &parser, this);
    return std::move(items_);
  }

 private:
  bool in_doc(const char* p) const { return p >= doc_.data() && p < doc_.data() + doc_.size(); }

  int line_of(size_t offset) const {
    auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    return static_cast<int>(it - line_starts_.begin());
  }

  static bool is_fence_line(std::string_view line) {
    // Strip container prefixes (block quotes, list markers) and indentation.
    size_t i = 0;
    for (;;) {
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '>')) ++i;
      size_t j = i;
      while (j < line.size() && std::isdigit(static_cast<unsigned char>(line[j]))) ++j;
      if (j < line.size() && (j > i ? (line[j] == '.' || line[j] == ')')
                                    : (line[j] == '-' || line[j] == '*' || line[j] == '+')) &&
          j + 1 < line.size() && line[j + 1] == ' ') {
        i = j + 1;
        continue;
      }
      break;
    }
    auto rest = line.substr(i);
    return rest.starts_with("```") || rest.starts_with("~~~");
  }

  int scan_fence_from(int line) const {
    auto total = static_cast<int>(line_starts_.size());
    for (int l = std::max(line, 1); l <= total; ++l) {
      size_t b = line_starts_[static_cast<size_t>(l - 1)];
      size_t e = l < total ? line_starts_[static_cast<size_t>(l)] : doc_.size();
      if (is_fence_line(doc_.substr(b, e - b))) return l;
    }
    return std::max(line, 1);
  }

  void saw(const char* p, size_t n) {
    if (in_doc(p)) last_line_ = std::max(last_line_, line_of(static_cast<size_t>(p - doc_.data()) + (n ? n - 1 : 0)));
  }

  void flush_prose() {
    auto t = std::string(trim(prose_));
    if (!t.empty()) {
      OutlineItem it;
      it.type = OutlineItem::Type::Prose;
      it.line = prose_line_ ? prose_line_ : last_line_;
      it.text = std::move(t);
      it.in_ordered_list_item = li_first_pending_ && !list_stack_.empty() && list_stack_.back();
      items_.push_back(std::move(it));
      li_first_pending_ = false;
    }
    prose_.clear();
    prose_line_ = 0;
  }

  int enter_block(MD_BLOCKTYPE t, void* detail) {
    switch (t) {
      case MD_BLOCK_H:
        flush_prose();
        heading_ = true;
        heading_level_ = static_cast<int>(static_cast<MD_BLOCK_H_DETAIL*>(detail)->level);
        break;
      case MD_BLOCK_CODE: {
        flush_prose();
        auto* d = static_cast<MD_BLOCK_CODE_DETAIL*>(detail);
        code_ = true;
        fenced_ = d->fence_char != 0;
        code_text_.clear();
        newlines_before_first_ = 0;
        first_code_line_ = 0;
        info_line_ = 0;
        info_.assign(d->info.text ? d->info.text : "", d->info.size);
        if (d->info.size > 0 && in_doc(d->info.text))
          info_line_ = line_of(static_cast<size_t>(d->info.text - doc_.data()));
        break;
      }
      case MD_BLOCK_UL:
      case MD_BLOCK_OL:
        flush_prose();
        list_stack_.push_back(t == MD_BLOCK_OL);
        break;
      case MD_BLOCK_LI:
        flush_prose();
        li_first_pending_ = true;
        break;
      case MD_BLOCK_P:
      case MD_BLOCK_QUOTE:
      case MD_BLOCK_TABLE:
      case MD_BLOCK_HR:
        flush_prose();
        break;
      default:
        break;
    }
    return 0;
  }

  int leave_block(MD_BLOCKTYPE t, void*) {
    switch (t) {
      case MD_BLOCK_H: {
        OutlineItem it;
        it.type = OutlineItem::Type::Heading;
        it.level = heading_level_;
        it.line = prose_line_ ? prose_line_ : last_line_;
        it.text = std::string(trim(prose_));
        items_.push_back(std::move(it));
        prose_.clear();
        prose_line_ = 0;
        heading_ = false;
        break;
      }
      case MD_BLOCK_CODE: {
        code_ = false;
        if (!fenced_) break;
        OutlineItem it;
        it.type = OutlineItem::Type::Fence;
        if (info_line_) {
          it.line = info_line_;
        } else if (first_code_line_) {
          it.line = first_code_line_ - newlines_before_first_ - 1;
        } else {
          it.line = scan_fence_from(last_line_ + 1);
        }
        it.info = info_;
        it.text = std::move(code_text_);
        // The block's end is at least its last line plus the closing fence.
        int lines = static_cast<int>(std::count(it.text.begin(), it.text.end(), '\n'));
        last_line_ = std::max(last_line_, it.line + lines + 1);
        items_.push_back(std::move(it));
        break;
      }
      case MD_BLOCK_UL:
      case MD_BLOCK_OL:
        flush_prose();
        if (!list_stack_.empty()) list_stack_.pop_back();
        break;
      case MD_BLOCK_LI:
      case MD_BLOCK_P:
      case MD_BLOCK_TD:
      case MD_BLOCK_TH:
        flush_prose();
        break;
      default:
        break;
    }
    return 0;
  }

  int span(MD_SPANTYPE t) {
    if (t == MD_SPAN_CODE && !code_) prose_.push_back('`');
    return 0;
  }

  int text(MD_TEXTTYPE t, const MD_CHAR* s, MD_SIZE n) {
    if (code_) {
      if (!fenced_) return 0;
      if (in_doc(s) && first_code_line_ == 0) {
        first_code_line_ = line_of(static_cast<size_t>(s - doc_.data()));
      } else if (first_code_line_ == 0 && n == 1 && s[0] == '\n') {
        ++newlines_before_first_;
      }
      saw(s, n);
      code_text_.append(s, n);
      return 0;
    }
    if (in_doc(s) && prose_line_ == 0) prose_line_ = line_of(static_cast<size_t>(s - doc_.data()));
    saw(s, n);
    switch (t) {
      case MD_TEXT_BR:
      case MD_TEXT_SOFTBR:
        prose_.push_back('\n');
        break;
      case MD_TEXT_NULLCHAR:
        break;
      default:
        prose_.append(s, n);
    }
    return 0;
  }

  std::string_view doc_;
  std::vector<size_t> line_starts_;
  std::vector<OutlineItem> items_;
  std::vector<bool> list_stack_;  // true = ordered
  bool li_first_pending_ = false;
  bool heading_ = false;
  int heading_level_ = 0;
  std::string prose_;
  int prose_line_ = 0;
  int last_line_ = 0;
  bool code_ = false;
  bool fenced_ = false;
  std::string code_text_;
  std::string info_;
  int info_line_ = 0;
  int first_code_line_ = 0;
  int newlines_before_first_ = 0;
};

}  // namespace

std::vector<OutlineItem> outline_markdown(std::string_view markdown) {
  return Walker(markdown).run();
}

}  // namespace opsdeck::app::runbook
