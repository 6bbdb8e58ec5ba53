#pragma once
// Semantic roles that widgets draw with. Themes map roles to colours and attributes;
// widgets never name a colour (STYLE.md "Themes name roles, not colours").

#include <cstdint>
#include <string_view>

namespace opsdeck::ui {

enum class Role : std::uint8_t {
  Default,
  Dim,
  Border,
  BorderFocused,
  Title,
  Header,          // table column headers
  Selected,        // selected row in the focused pane
  SelectedDim,     // selected row in an unfocused pane
  StatusInfo,
  StatusOk,
  StatusWarn,
  StatusError,
  KeyHint,         // key names in the hint bar
  Badge,
  BadgeProd,       // the PROD badge
  StateGood,       // running, available, OK, healthy
  StateBad,        // stopped, failed, ALARM, unhealthy
  StateWarn,       // pending, stopping, INSUFFICIENT_DATA, draining
  Match,           // search / filter match highlight
  LogError,
  LogWarn,
  LogInfo,
  LogDebug,
  LogSource,       // per-source tag in merged logs
  Control,         // a sanitised control character shown visibly (e.g. "␛")
  JsonKey,
  JsonString,
  JsonNumber,
  JsonLiteral,     // true / false / null
  JsonPunct,
  Graph,
  Threshold,
  Secret,          // a masked value
  Count_,          // number of roles; keep last
};

std::string_view role_name(Role r);            // "alarm-state" style names used in themes
bool role_from_name(std::string_view name, Role& out);

}  // namespace opsdeck::ui
