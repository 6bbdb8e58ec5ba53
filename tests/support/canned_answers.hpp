#pragma once
// AWS answers that several unit tests serve from a LoopbackHttpServer, in the wire shape
// the real services use (EC2's and STS's query-protocol XML). The account is 123456789012.

namespace opsdeck::testing {

// DescribeInstances: one running t3.micro, i-0c45aa11, Name=clinic-api, 10.0.1.5.
inline constexpr const char* kOneInstanceXml =
    "<DescribeInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>r1</requestId>"
    "<reservationSet><item><reservationId>r-1</reservationId><ownerId>123456789012</ownerId><instancesSet><item>"
    "<instanceId>i-0c45aa11</instanceId><instanceState><code>16</code><name>running</name></instanceState>"
    "<instanceType>t3.micro</instanceType><privateIpAddress>10.0.1.5</privateIpAddress>"
    "<tagSet><item><key>Name</key><value>clinic-api</value></item></tagSet>"
    "</item></instancesSet></item></reservationSet></DescribeInstancesResponse>";

// GetCallerIdentity for arn:aws:iam::123456789012:user/oncall.
inline constexpr const char* kCallerIdentityXml =
    "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>"
    "<Arn>arn:aws:iam::123456789012:user/oncall</Arn><UserId>AIDA</UserId><Account>123456789012</Account>"
    "</GetCallerIdentityResult><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata>"
    "</GetCallerIdentityResponse>";

}  // namespace opsdeck::testing
