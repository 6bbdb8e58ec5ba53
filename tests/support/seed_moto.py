#!/usr/bin/env python3
"""Seed a running moto_server with the on-call fixture world used by opsdeck's tests,
benchmarks and demo: EC2 instances (Name tags with spaces, unicode and + & = * ~ /),
security groups (open and closed), RDS instances, CloudWatch alarms in three states, an ECS
cluster with a service and tasks, a target group, SQS queue + DLQ, SSM parameters, secrets,
log groups with events, an ECR repository, a cache cluster and a hosted zone.

Usage: seed_moto.py ENDPOINT [--instances N]   (prints a JSON summary of what was seeded)
Credentials come from the environment (moto accepts any unless signature checking is on).
"""
import json
import sys
import time

import boto3

REGION = "us-east-1"

NAMES = ["web 1", "api-ünïcødé ✓", "a+b&c=d*e~f/g", "worker"]


def client(endpoint, name):
    return boto3.client(name, endpoint_url=endpoint, region_name=REGION)


def seed(endpoint, n_instances=len(NAMES)):
    ec2 = client(endpoint, "ec2")
    summary = {}
    vpc = ec2.describe_vpcs()["Vpcs"][0]["VpcId"]
    subnet = ec2.describe_subnets()["Subnets"][0]["SubnetId"]
    open_sg = ec2.create_security_group(GroupName="open-ssh", Description="ssh from anywhere",
                                        VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=open_sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
         "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
        {"IpProtocol": "tcp", "FromPort": 3000, "ToPort": 6000,
         "Ipv6Ranges": [{"CidrIpv6": "::/0"}]},
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
         "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    closed_sg = ec2.create_security_group(GroupName="internal", Description="vpc only",
                                          VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=closed_sg, IpPermissions=[
        {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}])
    ids = []
    for i in range(n_instances):
        name = NAMES[i] if i < len(NAMES) else f"bulk-{i:04d}"
        r = ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1,
                              InstanceType="t3.micro", SubnetId=subnet,
                              SecurityGroupIds=[open_sg],
                              TagSpecifications=[{"ResourceType": "instance", "Tags": [
                                  {"Key": "Name", "Value": name}, {"Key": "env", "Value": "prod"}]}])
        ids.append(r["Instances"][0]["InstanceId"])
    if len(ids) > 1:
        ec2.stop_instances(InstanceIds=[ids[-1]])
    summary["instances"] = ids
    summary["security_groups"] = {"open": open_sg, "closed": closed_sg}

    rds = client(endpoint, "rds")
    rds.create_db_instance(DBInstanceIdentifier="orders-db", DBInstanceClass="db.t3.micro",
                           Engine="postgres", EngineVersion="15.4", AllocatedStorage=20,
                           MasterUsername="admin", MasterUserPassword="secret-password-1",
                           MultiAZ=True, BackupRetentionPeriod=7)
    rds.create_db_instance(DBInstanceIdentifier="legacy-mysql", DBInstanceClass="db.m5.large",
                           Engine="mysql", AllocatedStorage=100, MasterUsername="admin",
                           MasterUserPassword="secret-password-2", BackupRetentionPeriod=1)
    rds.create_db_snapshot(DBInstanceIdentifier="orders-db", DBSnapshotIdentifier="orders-snap-1")
    summary["databases"] = ["orders-db", "legacy-mysql"]

    cw = client(endpoint, "cloudwatch")
    for name, state in [("api-cpu-high", "ALARM"), ("db-free-storage", "OK"),
                        ("queue depth ✓", "INSUFFICIENT_DATA")]:
        cw.put_metric_alarm(AlarmName=name, MetricName="CPUUtilization", Namespace="AWS/EC2",
                            Statistic="Average", Period=300, EvaluationPeriods=2,
                            Threshold=85.0, ComparisonOperator="GreaterThanThreshold",
                            Dimensions=[{"Name": "InstanceId", "Value": ids[0]}])
        cw.set_alarm_state(AlarmName=name, StateValue=state, StateReason=f"seeded {state}")
    cw.put_metric_data(Namespace="opsdeck/test", MetricData=[
        {"MetricName": "Latency", "Value": float(v), "Unit": "Milliseconds"} for v in range(5)])
    summary["alarms"] = {"api-cpu-high": "ALARM", "db-free-storage": "OK",
                         "queue depth ✓": "INSUFFICIENT_DATA"}

    ecs = client(endpoint, "ecs")
    ecs.create_cluster(clusterName="prod")
    ecs.register_task_definition(family="api", containerDefinitions=[
        {"name": "api", "image": "nginx:latest", "memory": 256, "essential": True}])
    ecs.create_service(cluster="prod", serviceName="api", taskDefinition="api", desiredCount=2,
                       launchType="FARGATE", networkConfiguration={"awsvpcConfiguration": {
                           "subnets": [subnet], "securityGroups": [closed_sg]}})
    ecs.run_task(cluster="prod", taskDefinition="api", count=1, launchType="FARGATE",
                 startedBy="ecs-svc/api", networkConfiguration={"awsvpcConfiguration": {
                     "subnets": [subnet], "securityGroups": [closed_sg]}})
    summary["services"] = [{"cluster": "prod", "name": "api", "desired": 2}]

    elb = client(endpoint, "elbv2")
    tg = elb.create_target_group(Name="api-tg", Protocol="HTTP", Port=80, VpcId=vpc,
                                 TargetType="instance")["TargetGroups"][0]["TargetGroupArn"]
    elb.register_targets(TargetGroupArn=tg, Targets=[{"Id": i, "Port": 80} for i in ids[:2]])
    summary["target_group"] = tg

    sqs = client(endpoint, "sqs")
    dlq = sqs.create_queue(QueueName="orders-dlq")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sqs.create_queue(QueueName="orders", Attributes={"RedrivePolicy": json.dumps(
        {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": "3"})})
    sqs.send_message(QueueUrl=dlq, MessageBody="poison")

    ssm = client(endpoint, "ssm")
    ssm.put_parameter(Name="/prod/api/db_host", Value="orders-db.internal", Type="String")
    ssm.put_parameter(Name="/prod/api/db_password", Value="hunter2-not-shown", Type="SecureString")
    ssm.put_parameter(Name="/prod/api/feature flags", Value="a,b", Type="StringList")

    sm = client(endpoint, "secretsmanager")
    sm.create_secret(Name="prod/api/token", SecretString="s3cr3t-token-value")

    logs = client(endpoint, "logs")
    logs.create_log_group(logGroupName="/prod/api")
    logs.create_log_stream(logGroupName="/prod/api", logStreamName="i-1/app")
    now = int(time.time() * 1000)
    logs.put_log_events(logGroupName="/prod/api", logStreamName="i-1/app", logEvents=[
        {"timestamp": now - 1000 * (5 - k), "message": m} for k, m in enumerate(
            ["INFO start", "ERROR boom ✗", "WARN slow", "INFO done"])])

    ecr = client(endpoint, "ecr")
    ecr.create_repository(repositoryName="api")
    ecr.put_image(repositoryName="api", imageTag="v1", imageManifest=json.dumps(
        {"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
         "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 7023,
                    "digest": "sha256:" + "a" * 64}, "layers": []}))

    ec = client(endpoint, "elasticache")
    ec.create_cache_cluster(CacheClusterId="sessions", Engine="redis", CacheNodeType="cache.t3.micro",
                            NumCacheNodes=1)

    r53 = client(endpoint, "route53")
    zone = r53.create_hosted_zone(Name="example.com.", CallerReference="opsdeck-seed")["HostedZone"]["Id"]
    r53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": [{
        "Action": "CREATE", "ResourceRecordSet": {"Name": "api.example.com.", "Type": "A", "TTL": 60,
                                                  "ResourceRecords": [{"Value": "10.0.0.1"}]}}]})
    summary["hosted_zone"] = zone
    return summary


if __name__ == "__main__":
    ep = sys.argv[1]
    n = int(sys.argv[sys.argv.index("--instances") + 1]) if "--instances" in sys.argv else len(NAMES)
    print(json.dumps(seed(ep, n), ensure_ascii=False))
