#pragma once
// Static facts about each AWS service this client talks to (from botocore's models):
// its wire protocol, signing name, endpoint prefix, API version and JSON target prefix.

#include <string_view>

namespace opsdeck::aws {

enum class Protocol {
  Ec2Query,  // EC2: form-encoded, lists as Name.N, XML without a Result wrapper
  AwsQuery,  // RDS, ELBv2, STS, ElastiCache: form-encoded, XML <OpResult>
  Json10,    // CloudWatch, SQS: X-Amz-Target, application/x-amz-json-1.0
  Json11,    // Logs, SSM, ECS, Secrets Manager, ECR: application/x-amz-json-1.1
  RestXml,   // Route 53
  RestJson,  // Lightsail is Json11; kept for completeness
};

struct ServiceInfo {
  std::string_view id;               // "ec2"; AWS_ENDPOINT_URL_<ID upper-cased> overrides it
  std::string_view signing_name;     // SigV4 service name ("monitoring" for CloudWatch)
  std::string_view endpoint_prefix;  // host prefix: "<prefix>.<region>.amazonaws.com"
  Protocol protocol;
  std::string_view api_version;      // Version= for query protocols
  std::string_view target_prefix;    // X-Amz-Target prefix for JSON protocols
  bool global = false;               // one global endpoint signed for us-east-1 (Route 53)
  std::string_view env_name = {};    // AWS_ENDPOINT_URL_<env_name>; defaults to upper(id)
};

namespace services {
extern const ServiceInfo ec2;
extern const ServiceInfo rds;
extern const ServiceInfo cloudwatch;
extern const ServiceInfo logs;
extern const ServiceInfo ssm;
extern const ServiceInfo ecs;
extern const ServiceInfo elbv2;
extern const ServiceInfo sqs;
extern const ServiceInfo secretsmanager;
extern const ServiceInfo ecr;
extern const ServiceInfo sts;
extern const ServiceInfo elasticache;
extern const ServiceInfo route53;
extern const ServiceInfo lightsail;
}  // namespace services

}  // namespace opsdeck::aws
