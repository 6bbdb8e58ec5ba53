"""CloudWatch metrics and alarms of the demo account.

Three hours of one-minute data are put for each metric so the console has something to
plot (the alarms' metrics and the standard metrics `m` shows for clinic-api, clinic-db, the
clickit api service and the jobs queue); the log feeder (demo_logs.feed) keeps appending the current minute. Values are a
pure function of the minute, so the curves stay continuous between the seed and the
feeder. Two incidents are under way in the demo: clinic-api's CPU has climbed for the
last ~25 minutes and clickit's API returns 5xx since ~12 minutes ago.

moto never evaluates alarms, so each alarm's state is set with SetAlarmState to what the
data shows.
"""
import math
import time
from datetime import datetime, timezone

GIB = 1024 ** 3
HOURS = 3


def _wave(minute, period, amp, phase=0.0):
    return amp * math.sin(2 * math.pi * (minute + phase) / period)


def _noise(minute, seed, amp):
    # Deterministic jitter: the same minute gives the same value in seed and feeder.
    x = math.sin(minute * 12.9898 + seed * 78.233) * 43758.5453
    return (x - math.floor(x) - 0.5) * 2 * amp


def _incident(age, start, ramp=5):
    """0 before the incident, rising to 1 over `ramp` minutes once it started; `age` is
    minutes before now (negative while the feeder runs, so the incident goes on)."""
    if age > start:
        return 0.0
    return min(1.0, (start - age) / ramp)


# Each metric: key -> (namespace, name, dimension builder, unit, value(minute, age))
def metric_specs(instance_ids, lb_dimension):
    iid = instance_ids.get
    return {
        "clinic-api-cpu": ("AWS/EC2", "CPUUtilization", {"InstanceId": iid("clinic-api", "i-unknown")}, "Percent",
                           lambda m, age: max(1, min(99, 34 + _wave(m, 90, 8) + _noise(m, 1, 4)
                                                     + 55 * _incident(age, 25, 15)))),
        "personal-app-cpu": ("AWS/EC2", "CPUUtilization", {"InstanceId": iid("personal-app", "i-unknown")},
                             "Percent", lambda m, age: 14 + _wave(m, 60, 6) + _noise(m, 2, 3)),
        "clinic-api-network-in": ("AWS/EC2", "NetworkIn", {"InstanceId": iid("clinic-api", "i-unknown")}, "Bytes",
                                  lambda m, age: max(0, 42e6 + _wave(m, 60, 9e6) + _noise(m, 13, 3e6)
                                                     + 80e6 * _incident(age, 25, 15))),
        "clinic-api-network-out": ("AWS/EC2", "NetworkOut", {"InstanceId": iid("clinic-api", "i-unknown")}, "Bytes",
                                   lambda m, age: max(0, 95e6 + _wave(m, 60, 20e6) + _noise(m, 14, 6e6))),
        "clinic-api-status": ("AWS/EC2", "StatusCheckFailed", {"InstanceId": iid("clinic-api", "i-unknown")},
                              "Count", lambda m, age: 0),
        "personal-app-network-in": ("AWS/EC2", "NetworkIn", {"InstanceId": iid("personal-app", "i-unknown")},
                                    "Bytes", lambda m, age: max(0, 3e6 + _wave(m, 45, 1e6) + _noise(m, 15, 5e5))),
        "clinic-db-cpu": ("AWS/RDS", "CPUUtilization", {"DBInstanceIdentifier": "clinic-db"}, "Percent",
                          lambda m, age: 22 + _wave(m, 45, 7) + _noise(m, 3, 3) + 20 * _incident(age, 25, 15)),
        "clinic-db-connections": ("AWS/RDS", "DatabaseConnections", {"DBInstanceIdentifier": "clinic-db"}, "Count",
                                  lambda m, age: round(28 + _wave(m, 120, 8) + _noise(m, 4, 3)
                                                       + 30 * _incident(age, 25, 15))),
        "clinic-db-free-storage": ("AWS/RDS", "FreeStorageSpace", {"DBInstanceIdentifier": "clinic-db"}, "Bytes",
                                   lambda m, age: 20 * GIB * (0.42 + _wave(m, 600, 0.01))),
        "clinic-db-freeable-memory": ("AWS/RDS", "FreeableMemory", {"DBInstanceIdentifier": "clinic-db"}, "Bytes",
                                      lambda m, age: GIB * (1.6 + _wave(m, 300, 0.1) + _noise(m, 16, 0.03)
                                                            - 0.5 * _incident(age, 25, 15))),
        "clinic-db-read-latency": ("AWS/RDS", "ReadLatency", {"DBInstanceIdentifier": "clinic-db"}, "Seconds",
                                   lambda m, age: max(0.0005, 0.0021 + _wave(m, 40, 0.0006) + _noise(m, 17, 0.0003)
                                                      + 0.006 * _incident(age, 25, 15))),
        "clinic-db-write-latency": ("AWS/RDS", "WriteLatency", {"DBInstanceIdentifier": "clinic-db"}, "Seconds",
                                    lambda m, age: max(0.0005, 0.0034 + _wave(m, 50, 0.0008)
                                                       + _noise(m, 18, 0.0004))),
        "clickit-prod-db-connections": ("AWS/RDS", "DatabaseConnections",
                                        {"DBInstanceIdentifier": "clickit-prod-db"}, "Count",
                                        lambda m, age: round(44 + _wave(m, 80, 6) + _noise(m, 5, 4))),
        "clickit-prod-5xx": ("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", {"LoadBalancer": lb_dimension},
                             "Count", lambda m, age: max(0, round(_noise(m, 6, 1.5) + 0.5
                                                                  + 38 * _incident(age, 12, 3)
                                                                  + _noise(m, 7, 9) * _incident(age, 12, 3)))),
        "clickit-prod-latency": ("AWS/ApplicationELB", "TargetResponseTime", {"LoadBalancer": lb_dimension},
                                 "Seconds", lambda m, age: max(0.05, 0.18 + _wave(m, 30, 0.04) + _noise(m, 8, 0.03)
                                                               + 1.1 * _incident(age, 12, 3))),
        "clickit-prod-api-cpu": ("AWS/ECS", "CPUUtilization", {"ClusterName": "clickit-prod", "ServiceName": "api"},
                                 "Percent", lambda m, age: 38 + _wave(m, 50, 9) + _noise(m, 9, 4)),
        "clickit-prod-api-memory": ("AWS/ECS", "MemoryUtilization",
                                    {"ClusterName": "clickit-prod", "ServiceName": "api"}, "Percent",
                                    lambda m, age: 61 + _wave(m, 200, 5) + _noise(m, 10, 2)),
        "jobs-depth": ("AWS/SQS", "ApproximateNumberOfMessagesVisible", {"QueueName": "style-finder-jobs"}, "Count",
                       lambda m, age: max(0, round(12 + _wave(m, 40, 9) + _noise(m, 11, 3)))),
        "jobs-age": ("AWS/SQS", "ApproximateAgeOfOldestMessage", {"QueueName": "style-finder-jobs"}, "Seconds",
                     lambda m, age: max(5, round(240 + _wave(m, 40, 200) + _noise(m, 12, 40)))),
        "jobs-received": ("AWS/SQS", "NumberOfMessagesReceived", {"QueueName": "style-finder-jobs"}, "Count",
                          lambda m, age: max(0, round(20 + _wave(m, 40, 12) + _noise(m, 19, 4)))),
        "dlq-depth": ("AWS/SQS", "ApproximateNumberOfMessagesVisible", {"QueueName": "style-finder-jobs-dlq"},
                      "Count", lambda m, age: 3 if age < 70 else (1 if age < 130 else 0)),
    }


# Alarms: (name, metric key, statistic, period s, periods, comparison, threshold, state, reason, description)
ALARMS = [
    ("clinic-api-cpu-high", "clinic-api-cpu", "Average", 300, 2, "GreaterThanThreshold", 80, "ALARM",
     "Threshold Crossed: 2 datapoints [91.2, 88.7] were greater than the threshold (80.0).",
     "clinic API CPU above 80% for 10 minutes.\nrunbook: examples/runbooks/incident-api-5xx.md"),
    ("clinic-api-cpu-warn", "clinic-api-cpu", "Average", 300, 1, "GreaterThanThreshold", 60, "ALARM",
     "Threshold Crossed: 1 datapoint [88.7] was greater than the threshold (60.0).", "clinic API CPU warning (60%)."),
    ("clickit-prod-api-5xx", "clickit-prod-5xx", "Sum", 300, 1, "GreaterThanThreshold", 10, "ALARM",
     "Threshold Crossed: 1 datapoint [187.0] was greater than the threshold (10.0).",
     "clickit prod: more than 10 target 5xx in 5 minutes.\nrunbook: examples/runbooks/incident-api-5xx.md"),
    ("clickit-prod-response-time", "clickit-prod-latency", "Average", 300, 1, "GreaterThanThreshold", 1.0, "ALARM",
     "Threshold Crossed: 1 datapoint [1.31] was greater than the threshold (1.0).",
     "clickit prod: target response time above 1 s."),
    ("style-finder-dlq-not-empty", "dlq-depth", "Maximum", 300, 1, "GreaterThanThreshold", 0, "ALARM",
     "Threshold Crossed: 1 datapoint [3.0] was greater than the threshold (0.0).",
     "Jobs are landing in the dead-letter queue."),
    ("clinic-db-connections-high", "clinic-db-connections", "Maximum", 300, 1, "GreaterThanThreshold", 80, "OK",
     "Threshold Crossed: 1 datapoint [57.0] was not greater than the threshold (80.0).",
     "clinic-db connections above 80.\nrunbook: examples/runbooks/database-connections.md"),
    ("clinic-db-free-storage-low", "clinic-db-free-storage", "Minimum", 300, 1, "LessThanThreshold", 2 * GIB,
     "OK", "Threshold Crossed: 1 datapoint was not less than the threshold.", "clinic-db free storage below 10%."),
    ("clickit-prod-db-connections", "clickit-prod-db-connections", "Maximum", 300, 1, "GreaterThanThreshold", 80,
     "OK", "Threshold Crossed: 1 datapoint [49.0] was not greater than the threshold (80.0).",
     "clickit prod DB connections above 80.\nrunbook: examples/runbooks/database-connections.md"),
    ("clickit-prod-api-cpu-high", "clickit-prod-api-cpu", "Average", 300, 2, "GreaterThanThreshold", 85, "OK",
     "Threshold Crossed: 2 datapoints were not greater than the threshold (85.0).", "ECS api CPU above 85% for 10 min."),
    ("personal-app-cpu-high", "personal-app-cpu", "Average", 300, 2, "GreaterThanThreshold", 80, "OK",
     "Threshold Crossed: 2 datapoints were not greater than the threshold (80.0).", "personal app CPU."),
    ("style-finder-jobs-age", "jobs-age", "Maximum", 300, 1, "GreaterThanThreshold", 1800, "OK",
     "Threshold Crossed: 1 datapoint was not greater than the threshold (1800.0).", "Oldest job older than 30 min."),
    ("therapy-db-cpu-high", None, "Average", 300, 2, "GreaterThanThreshold", 80, "INSUFFICIENT_DATA",
     "Insufficient Data: 2 datapoints were unknown.", "therapy-db CPU (no data yet)."),
    ("clickit-dev-api-cpu-high", None, "Average", 300, 2, "GreaterThanThreshold", 85, "INSUFFICIENT_DATA",
     "Insufficient Data: 2 datapoints were unknown.", "clickit dev api CPU (scaled down at night)."),
]

_NO_DATA_METRICS = {
    "therapy-db-cpu-high": ("AWS/RDS", "CPUUtilization", {"DBInstanceIdentifier": "therapy-db"}),
    "clickit-dev-api-cpu-high": ("AWS/ECS", "CPUUtilization", {"ClusterName": "clickit-dev", "ServiceName": "api"}),
}


def _dims(d):
    return [{"Name": k, "Value": v} for k, v in d.items()]


def lb_dimension_from_arn(arn):
    return arn.split(":loadbalancer/", 1)[1] if arn and ":loadbalancer/" in arn else "app/clickit-prod-alb/demo"


def put_points(cw, specs, minutes, anchor_minute):
    """Puts one datum per metric per minute in `minutes` (epoch minutes)."""
    data = []
    for minute in minutes:
        ts = datetime.fromtimestamp(minute * 60, tz=timezone.utc)
        for ns, name, dims, unit, fn in specs.values():
            data.append((ns, {"MetricName": name, "Dimensions": _dims(dims), "Timestamp": ts,
                              "Value": float(fn(minute, anchor_minute - minute)), "Unit": unit}))
    by_ns = {}
    for ns, d in data:
        by_ns.setdefault(ns, []).append(d)
    for ns, items in by_ns.items():
        for i in range(0, len(items), 500):
            cw.put_metric_data(Namespace=ns, MetricData=items[i:i + 500])


def seed(cw, instance_ids, log, lb_arn=None):
    now_min = int(time.time() // 60)
    specs = metric_specs(instance_ids, lb_dimension_from_arn(lb_arn))
    have = set()
    for page in cw.get_paginator("list_metrics").paginate():
        for m in page["Metrics"]:
            have.add((m["Namespace"], m["MetricName"], tuple(sorted((d["Name"], d["Value"]) for d in m["Dimensions"]))))
    fresh = {k: v for k, v in specs.items()
             if (v[0], v[1], tuple(sorted(v[2].items()))) not in have}
    if fresh:
        put_points(cw, fresh, range(now_min - HOURS * 60, now_min + 1), now_min)
    for name, key, stat, period, periods, cmp, threshold, state, reason, desc in ALARMS:
        ns, metric, dims = (specs[key][:3] if key else _NO_DATA_METRICS[name])
        cw.put_metric_alarm(AlarmName=name, AlarmDescription=desc, Namespace=ns, MetricName=metric,
                            Dimensions=_dims(dims), Statistic=stat, Period=period, EvaluationPeriods=periods,
                            ComparisonOperator=cmp, Threshold=float(threshold), TreatMissingData="missing",
                            ActionsEnabled=False)
        cw.set_alarm_state(AlarmName=name, StateValue=state, StateReason=reason)
    log(f"cloudwatch: {len(specs)} metrics x {HOURS * 60 + 1} points ({len(fresh)} new), {len(ALARMS)} alarms")
    return specs, now_min


def lookup_specs(ec2, elbv2):
    """The metric specs for an account built earlier (used by a feeder started on its own)."""
    ids = {}
    for r in ec2.describe_instances()["Reservations"]:
        for i in r["Instances"]:
            for t in i.get("Tags", []):
                if t["Key"] == "Name":
                    ids[t["Value"]] = i["InstanceId"]
    lbs = [lb["LoadBalancerArn"] for lb in elbv2.describe_load_balancers()["LoadBalancers"]
           if lb["LoadBalancerName"] == "clickit-prod-alb"]
    return metric_specs(ids, lb_dimension_from_arn(lbs[0] if lbs else None))
