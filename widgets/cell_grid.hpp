#pragma once
// Placeholder replaced by the widgets work.
namespace opsdeck::ui {}
