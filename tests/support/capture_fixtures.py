#!/usr/bin/env python3
"""Capture raw moto responses into tests/unit/fixtures/ for the parser unit tests.

Starts moto_server on a free loopback port, seeds it (seed_moto.py), calls each operation
through boto3 and stores the raw HTTP body botocore received as
fixtures/<service>_<Operation>.<xml|json>. Re-run after a moto upgrade:
    python3 tests/support/capture_fixtures.py
"""
import os
import socket
import subprocess
import sys
import time

import boto3

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "unit", "fixtures")
sys.path.insert(0, HERE)
import seed_moto  # noqa: E402


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def main():
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
    port = free_port()
    srv = subprocess.Popen(["moto_server", "-H", "127.0.0.1", "-p", str(port)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        ep = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        info = seed_moto.seed(ep)
        os.makedirs(OUT, exist_ok=True)

        def cap(service, op, **kw):
            c = boto3.client(service, endpoint_url=ep, region_name=seed_moto.REGION)
            store = {}
            c.meta.events.register("after-call", lambda http_response, model, **_: store.update(
                body=http_response.content, name=model.name))
            getattr(c, op)(**kw)
            proto = c.meta.service_model.protocol
            ext = "xml" if proto in ("ec2", "query", "rest-xml") else "json"
            name = store["name"]
            with open(os.path.join(OUT, f"{service}_{name}.{ext}"), "wb") as f:
                f.write(store["body"])

        cap("ec2", "describe_instances")
        cap("ec2", "describe_instance_status", IncludeAllInstances=True)
        cap("ec2", "describe_security_groups")
        cap("ec2", "stop_instances", InstanceIds=[info["instances"][0]])
        cap("ec2", "start_instances", InstanceIds=[info["instances"][0]])
        cap("rds", "describe_db_instances")
        cap("rds", "describe_db_snapshots")
        cap("cloudwatch", "describe_alarms", AlarmTypes=["MetricAlarm", "CompositeAlarm"])
        cap("ecs", "list_clusters")
        cap("ecs", "list_services", cluster="prod")
        cap("ecs", "describe_services", cluster="prod", services=["api"])
        tasks = boto3.client("ecs", endpoint_url=ep, region_name="us-east-1").list_tasks(
            cluster="prod")["taskArns"]
        cap("ecs", "list_tasks", cluster="prod")
        cap("ecs", "describe_tasks", cluster="prod", tasks=tasks)
        cap("logs", "describe_log_groups")
        cap("logs", "filter_log_events", logGroupName="/prod/api")
        cap("ssm", "get_parameters_by_path", Path="/prod", Recursive=True, WithDecryption=True)
        cap("elbv2", "describe_target_groups")
        cap("elbv2", "describe_target_health", TargetGroupArn=info["target_group"])
        cap("sqs", "list_queues")
        cap("secretsmanager", "list_secrets")
        cap("sts", "get_caller_identity")
        cap("elasticache", "describe_cache_clusters")
        cap("route53", "list_hosted_zones")
        print("fixtures written to", os.path.normpath(OUT))
    finally:
        srv.terminate()
        srv.wait()


if __name__ == "__main__":
    main()
