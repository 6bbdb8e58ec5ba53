#include "aws/service.hpp"

namespace opsdeck::aws::services {

// Values from botocore's service-2.json metadata (see shared notes/aws-protocols.md).
const ServiceInfo ec2{"ec2", "ec2", "ec2", Protocol::Ec2Query, "2016-11-15", ""};
const ServiceInfo rds{"rds", "rds", "rds", Protocol::AwsQuery, "2014-10-31", ""};
const ServiceInfo cloudwatch{"cloudwatch", "monitoring", "monitoring", Protocol::Json10,
                             "2010-08-01", "GraniteServiceVersion20100801"};
const ServiceInfo logs{"logs", "logs", "logs", Protocol::Json11, "2014-03-28", "Logs_20140328"};
const ServiceInfo ssm{"ssm", "ssm", "ssm", Protocol::Json11, "2014-11-06", "AmazonSSM"};
const ServiceInfo ecs{"ecs", "ecs", "ecs", Protocol::Json11, "2014-11-13",
                      "AmazonEC2ContainerServiceV20141113"};
const ServiceInfo elbv2{"elbv2", "elasticloadbalancing", "elasticloadbalancing",
                        Protocol::AwsQuery, "2015-12-01", "", false,
                        "ELASTIC_LOAD_BALANCING_V2"};
const ServiceInfo sqs{"sqs", "sqs", "sqs", Protocol::Json10, "2012-11-05", "AmazonSQS"};
const ServiceInfo secretsmanager{"secretsmanager", "secretsmanager", "secretsmanager",
                                 Protocol::Json11, "2017-10-17", "secretsmanager"};
const ServiceInfo ecr{"ecr", "ecr", "api.ecr", Protocol::Json11, "2015-09-21",
                      "AmazonEC2ContainerRegistry_V20150921"};
const ServiceInfo sts{"sts", "sts", "sts", Protocol::AwsQuery, "2011-06-15", ""};
const ServiceInfo elasticache{"elasticache", "elasticache", "elasticache", Protocol::AwsQuery,
                              "2015-02-02", ""};
const ServiceInfo route53{"route53", "route53", "route53", Protocol::RestXml, "2013-04-01", "",
                          true};
const ServiceInfo lightsail{"lightsail", "lightsail", "lightsail", Protocol::Json11, "2016-11-28",
                            "Lightsail_20161128"};

}  // namespace opsdeck::aws::services
