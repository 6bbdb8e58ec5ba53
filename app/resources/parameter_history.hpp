#pragma once
// The version history of one SSM parameter (aws/ssm_parameter_history.hpp), newest first —
// the console's view after `h` on a parameter in `:params`, where Enter shows a version's
// diff against the one before it and `B` restores a version; also `opsdeck param history`.
// Read only under the parameter (FetchOptions::parent, a Parameter Resource). Values are
// never kept: the list reads without decryption only to say what changed in readable
// (non-SecureString) versions, then drops them.
// A row's id is "NAME:VERSION" (the selector GetParameter accepts). Fields:
//   name, version, current (the newest version), type, last_modified (ISO-8601 UTC), user,
//   labels (comma-separated), description, change ("+3 -1 lines", "no change", "first
//   version", "encrypted" for a SecureString, whose versions are compared only on demand)
// A row's document: the version's metadata, without its Value.

#include <string>
#include <vector>

#include "app/resources/resource_list.hpp"
#include "app/text_diff.hpp"
#include "aws/ssm_parameter_history.hpp"

namespace opsdeck::app {

const ResourceList& parameter_history_list();

// The rows for `versions` (oldest first, as the service returns them).
std::vector<Resource> parameter_version_resources(const std::vector<aws::ParameterVersion>& versions);

// `version` in `versions` (read with decryption); an error naming the versions there are
// when it is not among them.
aws::Result<const aws::ParameterVersion*> find_version(const std::vector<aws::ParameterVersion>& versions,
                                                       long long version);
// What changed from `from` to `to` (0: the version before `to`; none before it: from
// nothing), each value compared as comparable_text(). `title` gets "NAME: version A -> B".
aws::Result<TextDiff> version_diff(const std::vector<aws::ParameterVersion>& versions, long long to,
                                   long long from, std::string* title);
// The version a restore writes back: an error when it is missing or already the newest.
aws::Result<const aws::ParameterVersion*> version_to_restore(const std::vector<aws::ParameterVersion>& versions,
                                                             long long version);

// "NAME:VERSION" split back; false when `id` has no ":N" at its end.
bool split_version_id(const std::string& id, std::string& name, long long& version);

}  // namespace opsdeck::app
