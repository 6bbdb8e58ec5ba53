#pragma once
// Route 53 (REST-XML, 2013-04-01; a global service signed for us-east-1): hosted zones,
// record sets, and ChangeResourceRecordSets (marked mutating in aws/mutating_operations,
// so --readonly refuses it before anything is sent). Builders and parsers are pure; the
// sync calls block the calling thread. ListHostedZones pages with Marker/NextMarker,
// ListResourceRecordSets with NextRecordName/NextRecordType/NextRecordIdentifier.
//
// Names are sent and returned as Route 53 stores them: a name with characters outside
// a-z 0-9 - _ comes back with \ooo octal escapes (`route53_unescape` undoes that);
// internationalised names must be given in punycode.

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "aws/service_call.hpp"

namespace opsdeck::aws {

struct HostedZone {
  std::string id;          // "Z1D633PJN98FT9" (the "/hostedzone/" prefix removed)
  std::string name;        // "example.com."
  std::string caller_reference;
  std::string comment;
  bool private_zone = false;
  long long record_count = 0;
  nlohmann::json raw;
};

struct RecordSet {
  std::string name;                  // "api.example.com."
  std::string type;                  // A | AAAA | CNAME | TXT | MX | NS | SOA ...
  std::string set_identifier;        // weighted / latency / failover sets
  long long ttl = 0;                 // 0 for alias records
  std::vector<std::string> values;   // ResourceRecords/Value
  std::string alias_target;          // AliasTarget/DNSName ("" when not an alias)
  std::string alias_zone;            // AliasTarget/HostedZoneId
  long long weight = -1;             // -1 when absent
  std::string failover;              // PRIMARY | SECONDARY
  nlohmann::json raw;
};

struct RecordChange {
  std::string action;  // CREATE | DELETE | UPSERT
  RecordSet record;    // name, type, ttl, values (or alias_target + alias_zone), set_identifier, weight
};

struct ChangeInfo {
  std::string id;         // "C2682N5HXP0BZ4" (prefix "/change/" removed)
  std::string status;     // PENDING | INSYNC
  std::string submitted;  // SubmittedAt
};

// "/hostedzone/Z1" -> "Z1"; "Z1" stays.
std::string route53_short_id(std::string_view id);
// "a\052b\040c" -> "a*b c" (Route 53's octal escapes); other text unchanged.
std::string route53_unescape(std::string_view name);

AwsRequest list_hosted_zones_request();
Result<std::vector<HostedZone>> parse_list_hosted_zones(std::string_view body, std::string* next_marker);
Result<std::vector<HostedZone>> list_hosted_zones(const SyncCaller& call);

// `start_name`/`start_type` begin the listing there (Route 53 lists in DNS order).
AwsRequest list_resource_record_sets_request(const std::string& zone_id, const std::string& start_name = {},
                                             const std::string& start_type = {});
// `next` receives "name\ntype\nidentifier" of the next page ("" at the end).
Result<std::vector<RecordSet>> parse_list_resource_record_sets(std::string_view body, std::string* next);
Result<std::vector<RecordSet>> list_resource_record_sets(const SyncCaller& call, const std::string& zone_id);

AwsRequest change_resource_record_sets_request(const std::string& zone_id, const std::vector<RecordChange>& changes,
                                               const std::string& comment = {});
Result<ChangeInfo> parse_change_info(std::string_view body);
Result<ChangeInfo> change_resource_record_sets(const SyncCaller& call, const std::string& zone_id,
                                               const std::vector<RecordChange>& changes,
                                               const std::string& comment = {});

}  // namespace opsdeck::aws
