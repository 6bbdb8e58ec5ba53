#pragma once
// What read-only mode lets through. AwsClient refuses every operation that is_mutating()
// in read-only mode, before anything is signed or sent (ErrorKind::ReadOnly).
//
// An operation is read-only only when it is KNOWN to be; everything else, including every
// operation nobody has classified, counts as mutating:
//   1. Named mutating operations whose names start like reads (checked first):
//      lightsail:GetInstanceAccessDetails (creates a temporary SSH key for the instance),
//      redshift:GetClusterCredentials / GetClusterCredentialsWithIAM (may create the
//      database user), cognito-identity:GetId / GetOpenIdTokenForDeveloperIdentity (create
//      the identity when it is missing).
//   2. Named read-only operations whose names do not start like reads:
//      sts:AssumeRole, AssumeRoleWithWebIdentity, AssumeRoleWithSAML, GetSessionToken,
//      DecodeAuthorizationMessage (they mint or decode credentials and change nothing);
//      logs:StartQuery, StopQuery, StartLiveTail (they read log data; AWS's managed
//      ReadOnlyAccess policy allows them); rds:DownloadDBLogFilePortion,
//      DownloadCompleteDBLogFile; route53:TestDNSAnswer.
//   3. Read prefixes, followed by the end of the name or a capital letter: Describe, List,
//      Get, BatchGet, Lookup, Search, Filter, Head, Query, Scan (GetSecretValue,
//      GetQueueUrl, GetParameter, FilterLogEvents, GetQueryResults, sso:GetRoleCredentials,
//      sts:GetCallerIdentity are reads). "Settle" or "Listen" are not "List"/"Set" words.
//   4. Anything else is mutating: ReleaseAddress, CopySnapshot, PromoteReadReplica,
//      OpenInstancePublicPorts, AddTags, sqs:ReceiveMessage (hides the messages from
//      other consumers), ssm:SendCommand / StartSession and ecs:ExecuteCommand (run
//      commands on a host), kms:Decrypt / GenerateDataKey (use a key; not part of
//      ReadOnlyAccess), Select (S3 Select) and every unknown name ("FrobnicateWidget").
// Service ids are ServiceInfo::id ("lightsail", "sts"); the named lists may name services
// opsdeck does not call yet, so a new service is classified correctly the day it is added.
//
// One narrow exception, per request: a ReadOnlyGrant on the request (aws/read_only_grant.hpp)
// lets ssm:SendCommand, ssm:StartSession, ecs:ExecuteCommand, ssm:CancelCommand or
// ssm:TerminateSession through when it names exactly that operation — set only for a step
// the action gate proved read-only.
//
// Pure functions over static tables; thread-safe.

#include <span>
#include <string_view>

#include "aws/aws_request.hpp"
#include "aws/service.hpp"

namespace opsdeck::aws {

struct MutatingOperation {
  const ServiceInfo* service;
  std::string_view operation;
};

// The mutating operations of opsdeck's services that opsdeck calls or could be asked to call
// (start/stop/reboot, tags, snapshots, parameters, commands, sessions, deployments, ...),
// for tests and documentation. It is not the rule: is_mutating() is true for these AND for
// every operation not known to be read-only.
std::span<const MutatingOperation> mutating_operations();

bool is_mutating(const ServiceInfo& service, std::string_view operation);

// The operations a ReadOnlyGrant can ever let through (see above).
bool is_grantable(const ServiceInfo& service, std::string_view operation);

// True when `request` carries a grant that lets it through read-only mode: the grant names
// the request exactly and the operation is grantable.
bool read_only_grant_admits(const AwsRequest& request);

}  // namespace opsdeck::aws
