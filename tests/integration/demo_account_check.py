#!/usr/bin/env python3
"""Reads the demo account back from moto (used by demo_script_test.cpp).

Runs with the environment scripts/demo printed (AWS_ENDPOINT_URL, profile "demo") and
prints one `key=value` line per fact, for the test to assert on. Only talks to the
loopback endpoint in AWS_ENDPOINT_URL.
"""
import os
import sys
import time

import boto3
import botocore.config
import botocore.exceptions

endpoint = os.environ["AWS_ENDPOINT_URL"]
if not endpoint.startswith("http://127.0.0.1:"):
    sys.exit("not a loopback endpoint: " + endpoint)
cfg = botocore.config.Config(retries={"max_attempts": 1})
session = boto3.session.Session()


def c(name):
    return session.client(name, endpoint_url=endpoint, config=cfg)


def out(key, value):
    print(f"{key}={value}")


ec2 = c("ec2")
states = {}
for r in ec2.describe_instances()["Reservations"]:
    for i in r["Instances"]:
        name = next((t["Value"] for t in i.get("Tags", []) if t["Key"] == "Name"), "?")
        states[name] = i["State"]["Name"]
out("instances", ",".join(f"{k}:{v}" for k, v in sorted(states.items())))

open_world = sorted({p["FromPort"] for g in ec2.describe_security_groups()["SecurityGroups"]
                     for p in g["IpPermissions"] if any(r.get("CidrIp") == "0.0.0.0/0" for r in p.get("IpRanges", []))
                     and p.get("FromPort") in (22, 5432)})
out("open_to_world", ",".join(map(str, open_world)))

dbs = c("rds").describe_db_instances()["DBInstances"]
out("databases", ",".join(sorted(f"{d['DBInstanceIdentifier']}:{'multi' if d['MultiAZ'] else 'single'}" for d in dbs)))

alarms = c("cloudwatch").describe_alarms()["MetricAlarms"]
out("alarm_states", ",".join(sorted({a["StateValue"] for a in alarms})))
out("alarms_in_alarm", sum(a["StateValue"] == "ALARM" for a in alarms))

cw = c("cloudwatch")
points = cw.get_metric_data(
    MetricDataQueries=[{"Id": "m", "MetricStat": {"Metric": {
        "Namespace": "AWS/RDS", "MetricName": "DatabaseConnections",
        "Dimensions": [{"Name": "DBInstanceIdentifier", "Value": "clinic-db"}]}, "Period": 60, "Stat": "Maximum"}}],
    StartTime=time.time() - 3 * 3600, EndTime=time.time())["MetricDataResults"][0]["Values"]
out("metric_points_3h", len(points))
# The standard metrics `m` graphs: each of these has datapoints in the last hour.
standard = [("AWS/EC2", "NetworkIn", "InstanceId", None), ("AWS/EC2", "StatusCheckFailed", "InstanceId", None),
            ("AWS/RDS", "FreeableMemory", "DBInstanceIdentifier", "clinic-db"),
            ("AWS/RDS", "ReadLatency", "DBInstanceIdentifier", "clinic-db"),
            ("AWS/RDS", "WriteLatency", "DBInstanceIdentifier", "clinic-db"),
            ("AWS/SQS", "NumberOfMessagesReceived", "QueueName", "style-finder-jobs"),
            ("AWS/ECS", "MemoryUtilization", "ClusterName", None)]
with_data = []
for ns, name, dim, value in standard:
    dims = [d for m in cw.list_metrics(Namespace=ns, MetricName=name)["Metrics"] for d in m["Dimensions"]
            if d["Name"] == dim and (value is None or d["Value"] == value)]
    with_data.append(f"{ns}/{name}:{len(dims) > 0}")
out("standard_metrics", ",".join(with_data))

logs = c("logs")
groups = [g["logGroupName"] for g in logs.describe_log_groups()["logGroups"]]
out("log_groups", ",".join(sorted(groups)))


def newest(group):
    return max((s.get("lastEventTimestamp", 0) for s in logs.describe_log_streams(logGroupName=group)["logStreams"]),
               default=0)


before = newest("/app/nginx")
deadline = time.time() + 15
while newest("/app/nginx") <= before and time.time() < deadline:
    time.sleep(0.5)
out("feeder_advances", newest("/app/nginx") > before)
errors = logs.filter_log_events(logGroupName="/app/api", filterPattern="ERROR", limit=50)["events"]
out("error_events_multiline", any("\n" in e["message"] and "Traceback" in e["message"] for e in errors))

ssm = c("ssm")
p = ssm.get_parameters_by_path(Path="/app/prod", Recursive=True)["Parameters"]
out("secure_params", sum(x["Type"] == "SecureString" for x in p))
out("secrets", len(c("secretsmanager").list_secrets()["SecretList"]))

ecs = c("ecs")
out("ecs_clusters", ",".join(sorted(a.rsplit("/", 1)[1] for a in ecs.list_clusters()["clusterArns"])))
out("prod_services", ",".join(sorted(a.rsplit("/", 1)[1] for a in ecs.list_services(cluster="clickit-prod")["serviceArns"])))
svc = {s["serviceName"]: s for s in ecs.describe_services(cluster="clickit-prod", services=["api", "frontend"])["services"]}
out("prod_api_running_of_desired", f"{svc['api']['runningCount']}/{svc['api']['desiredCount']}")
out("prod_running_tasks", len(ecs.list_tasks(cluster="clickit-prod", desiredStatus="RUNNING")["taskArns"]))
stopped = ecs.list_tasks(cluster="clickit-prod", desiredStatus="STOPPED")["taskArns"]
reasons = [t.get("stoppedReason", "") for t in ecs.describe_tasks(cluster="clickit-prod", tasks=stopped)["tasks"]] if stopped else []
out("stopped_with_reason", sum(bool(r) for r in reasons))

elb = c("elbv2")
health = [d["TargetHealth"]["State"] for tg in elb.describe_target_groups()["TargetGroups"]
          for d in elb.describe_target_health(TargetGroupArn=tg["TargetGroupArn"])["TargetHealthDescriptions"]]
out("healthy_targets", health.count("healthy"))

sqs = c("sqs")
dlq = sqs.get_queue_url(QueueName="style-finder-jobs-dlq")["QueueUrl"]
main = sqs.get_queue_url(QueueName="style-finder-jobs")["QueueUrl"]
attrs = sqs.get_queue_attributes(QueueUrl=main, AttributeNames=["RedrivePolicy"])["Attributes"]
out("redrive_to_dlq", "style-finder-jobs-dlq" in attrs.get("RedrivePolicy", ""))
out("dlq_depth", sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["ApproximateNumberOfMessages"])
    ["Attributes"]["ApproximateNumberOfMessages"])

creds = session.get_credentials()
wrong = boto3.client("sts", endpoint_url=endpoint, region_name="us-east-1", config=cfg,
                     aws_access_key_id=creds.access_key, aws_secret_access_key=creds.secret_key + "x")
try:
    wrong.get_caller_identity()
    out("wrong_signature", "accepted")
except botocore.exceptions.ClientError as e:
    out("wrong_signature", e.response["Error"]["Code"])
