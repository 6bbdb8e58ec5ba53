#pragma once
// Pieces of an Amazon Resource Name (arn:partition:service:region:account:resource).
// Pure functions; any thread.

#include <string>

namespace opsdeck::aws {

// "123456789012" from "arn:aws:sts::123456789012:assumed-role/x/y"; "" when the text is
// not an ARN or its account field is not twelve digits.
std::string account_of_arn(const std::string& arn);

}  // namespace opsdeck::aws
