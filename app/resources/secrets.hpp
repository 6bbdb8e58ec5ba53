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

}  // namespace opsdeck::app
