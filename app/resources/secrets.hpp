#pragma once
// The Secrets Manager list (ListSecrets): names and metadata, never a value — the console's
// `:secrets` view reveals one value on demand (app/console/screens/secrets_screen.hpp).
// Fields:
//   name, arn, description, last_changed, rotation (true when rotation is enabled)
// Order: by name.

#include "app/resources/resource.hpp"
#include "app/resources/resource_list.hpp"
#include "aws/sqs_secrets_sts.hpp"

namespace opsdeck::app {

const ResourceList& secret_list();
Resource resource_of(const aws::SecretSummary& s);

// "" when `value` may replace a secret whose current value is a JSON object (`json_secret`:
// the new one must be one too, services parse it), else what is wrong with it: empty, over
// SecretsManager's 65,536 bytes, not a JSON object.
std::string validate_secret_value(const std::string& value, bool json_secret);

}  // namespace opsdeck::app
