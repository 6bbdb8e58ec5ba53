#pragma once
// The Parameter Store list (DescribeParameters): metadata only, never a value — the console's
// `:params` view reveals one value on demand (app/console/screens/params_screen.hpp). Fields:
//   name, type (String | StringList | SecureString), version, last_modified, tier,
//   description
// Order: by name.

#include "app/resources/resource.hpp"
#include "app/resources/resource_list.hpp"
#include "aws/ssm_parameters.hpp"

namespace opsdeck::app {

const ResourceList& parameter_list();
Resource resource_of(const aws::ParameterMeta& p);

}  // namespace opsdeck::app
