#!/usr/bin/env python3
"""A small local AWS endpoint for what moto 5.2.1 lacks: Lightsail (GetInstances,
GetContainerServices, GetContainerServiceDeployments, CreateContainerServiceDeployment,
GetContainerLog, GetContainerServiceMetricData),
CloudWatch DescribeAlarmHistory, SSM ListCommandInvocations / DescribeInstanceInformation /
StartSession / ResumeSession / TerminateSession, a scripted SSM Run Command (SendCommand, GetCommandInvocation,
CancelCommand), ECS ExecuteCommand, and SQS StartMessageMoveTask / ListMessageMoveTasks
(a DLQ redrive).

SQS with --sqs-upstream URL (a moto_server): the fake stands in front of moto for SQS — the
two move-task operations are served here and really move the messages in moto (receive from
the source, send to the destination, delete; a few per 0.2 s so progress can be watched),
with boto3 and the credentials of this process's environment; every other SQS request is
passed to moto byte for byte (the Host header too, so moto still checks the signature).
Without a destination the messages go back to the queue whose RedrivePolicy names the
source (the first by name when several do; real SQS uses each message's own source).

Scripted Run Command (moto runs nothing and answers Success with empty output): markers in
the command text choose the sequence GetCommandInvocation walks through, one step per call:
  FAKE_STREAM  InProgress "line 1" -> InProgress "line 1..2" (+ stderr) -> Success, code 0
  FAKE_FAIL    InProgress "working" -> Failed, code 2, stderr "disk full"
  FAKE_HANG    InProgress forever (until CancelCommand -> Cancelled)
  FAKE_LAG     first call answers InvocationDoesNotExist (as SSM does right after SendCommand)
  otherwise    Success, "ok\n", code 0
Command ids are deterministic: uuid5(NAMESPACE_URL, "opsdeck-fake-command-N"), N = 1, 2, ...

Container logs and metrics are pure functions of time, so a follower polling with
overlapping windows sees each line once and the metrics line up with the clock:
  GetContainerLog              one line every LOG_EVERY seconds per container of the
                               service's active deployment, over the last LOG_HOURS; pages
                               of LOG_PAGE lines; filterPattern matches as a substring (a
                               quoted pattern without its quotes). A container the
                               deployment lacks is NotFoundException.
  GetContainerServiceMetricData  CPUUtilization and MemoryUtilization, a datapoint per
                               `period` over the asked range (at most the last 24 hours),
                               unit Percent, every statistic asked for.

Routes by X-Amz-Target (JSON protocols) or by Action (query form). Signatures are not
checked. Responses follow botocore's models; tests/support/fake_aws_check.py proves it
with botocore's own parsers and models.

CloudWatch Logs with --logs-upstream URL (a moto_server): StartLiveTail (moto lacks it) is
served here as a real application/vnd.amazon.eventstream response built from the events in
moto — an initial-response, one sessionStart, then a sessionUpdate about every second with
the events ingested since the session started (read with boto3 filter_log_events: same
groups, logStreamNames / the first prefix, filterPattern as far as moto implements it; at
most 500 per update, `sampled` when more were waiting). Every other Logs request goes to
moto unchanged. Faults for tests, queued with X-Amz-Target FakeAws.LiveTailFaults (body
{"faults": [...]}) and taken one at a time from the head of the queue: a starting session
takes any, a running one takes a stream fault at its next update that carries events. A
stream fault hits that update (so its events never arrive live):
  cut      half of that message, then the connection closes (no final chunk)
  crc      that message with a wrong message CRC
  stall    nothing more (the connection stays open) for 120 s
  timeout  a SessionTimeoutException message (the 3-hour end), then a clean end
  end      a clean end of the stream before that message
  limit    the session is refused: 400 LimitExceededException
  denied   the session is refused: 400 AccessDeniedException
X-Amz-Target FakeAws.LiveTailStats answers {"sessions": N, "faults": [...left]}.

Session Manager with --ssm-gateway URL (tests/support/ssm_peer/peer.js, a loopback message
gateway + agent): StartSession and ECS ExecuteCommand register the session with the peer and
answer its StreamUrl and token, so a client can really connect; ResumeSession asks the peer
for a new token ("" once the session has ended; DoesNotExistException for an id it never
had); TerminateSession ends the session there. StartSession on an instance whose
DescribeInstanceInformation PingStatus is not Online answers 400 TargetNotConnected, as SSM
does; a document the peer does not serve answers 400 InvalidDocument. Without the flag the
stream URL is a placeholder (ws://127.0.0.1:PORT/...) nothing listens on, and ResumeSession
hands out a fresh placeholder token.

Session Manager with --ssm-gateway and --session-upstream URL (a moto_server; the demo):
every SSM, ECS and KMS request is passed to moto except the session operations (StartSession,
ResumeSession, TerminateSession, ExecuteCommand) and DescribeInstanceInformation, which
reports moto's running EC2 instances as Online managed instances.

Usage: fake_aws.py --port N [--sqs-upstream URL] [--logs-upstream URL] [--ssm-gateway URL]
                   [--session-upstream URL]
       (prints "ready N" once listening; --port 0 picks a free port and prints it)
       FAKE_AWS_LIGHTSAIL=off makes Lightsail answer 400 UnknownOperationException
       (a region without Lightsail).
       FAKE_AWS_WORLD=demo serves the demo account's Lightsail instead (scripts/demo): the
       container service therapy-api (deployments 26 and 27, containers api and worker) and
       a bastion whose public address is in the documentation range 203.0.113.0/24.
"""
import argparse
import base64
import binascii
import struct
import http.client
import json
import math
import os
import re
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote

ACCOUNT = "123456789012"
REGION = "us-east-1"
# Session Manager stream URLs point back at this server on loopback (set in main): tests run
# behind opsdeck's network fence, which refuses to hand a non-loopback URL to the plugin.
STREAM_BASE = "ws://127.0.0.1:0"
T0 = 1767225600.0  # 2026-01-01T00:00:00Z


def _container_service(name, power, scale, state, deployment, next_deployment=None):
    svc = {
        "containerServiceName": name,
        "arn": f"arn:aws:lightsail:{REGION}:{ACCOUNT}:ContainerService/{uuid.uuid5(uuid.NAMESPACE_URL, name)}",
        "createdAt": T0,
        "location": {"availabilityZone": "all", "regionName": REGION},
        "resourceType": "ContainerService",
        "tags": [{"key": "env", "value": "prod"}],
        "power": power,
        "powerId": f"{power}-1",
        "state": state,
        "scale": scale,
        "currentDeployment": deployment,
        "isDisabled": False,
        "principalArn": f"arn:aws:iam::{ACCOUNT}:role/amazon/lightsail/{name}",
        "privateDomainName": f"{name}.service.local",
        "publicDomainNames": {},
        "url": f"https://{name}.abc123.{REGION}.cs.amazonlightsail.com/",
    }
    if next_deployment:
        svc["nextDeployment"] = next_deployment
    return svc


def _deployment(version, state, image, created, worker=False, container="app"):
    containers = {container: {"image": image, "command": [], "environment": {"MODE": "prod"},
                              "ports": {"80": "HTTP"}}}
    if worker:  # a second container: its logs are chosen by name
        containers["worker"] = {"image": "busybox:1.36", "command": ["sh", "-c", "run-jobs"],
                                "environment": {}, "ports": {}}
    return {
        "version": version,
        "state": state,
        "containers": containers,
        "publicEndpoint": {"containerName": container, "containerPort": 80,
                           "healthCheck": {"healthyThreshold": 2, "unhealthyThreshold": 2,
                                           "timeoutSeconds": 2, "intervalSeconds": 5, "path": "/",
                                           "successCodes": "200-499"}},
        "createdAt": created,
    }


class State:
    def __init__(self):
        self.lock = threading.Lock()
        if os.environ.get("FAKE_AWS_WORLD") == "demo":
            self.instances = [self._instance("therapy-bastion", "running", "nano_3_0", "172.26.0.20",
                                             "203.0.113.70", "us-east-1a")]
            self.deployments = {"therapy-api": [
                _deployment(26, "INACTIVE", "therapy-api.web.26", T0 + 60, container="api"),
                _deployment(27, "ACTIVE", "therapy-api.web.27", T0 + 3600, worker=True, container="api")]}
            self.services = {"therapy-api": ("small", 2, "RUNNING")}
            return
        self.instances = [self._instance("blog ✓ prod", "running", "nano_3_0", "172.26.0.10",
                                         "3.91.10.20", "us-east-1a"),
                          self._instance("staging box", "stopped", "small_3_0", "172.26.0.11",
                                         None, "us-east-1b")]
        self.deployments = {"shop-api": [_deployment(1, "INACTIVE", "nginx:1.25", T0 + 60),
                                         _deployment(2, "ACTIVE", "nginx:1.27", T0 + 3600, worker=True)]}
        self.services = {"shop-api": ("micro", 2, "RUNNING")}

    @staticmethod
    def _instance(name, state, bundle, private_ip, public_ip, az):
        inst = {
            "name": name,
            "arn": f"arn:aws:lightsail:{REGION}:{ACCOUNT}:Instance/{uuid.uuid5(uuid.NAMESPACE_DNS, name)}",
            "supportCode": f"{ACCOUNT}/i-0abc{abs(hash(name)) % 10**6:06d}",
            "createdAt": T0 + 120,
            "location": {"availabilityZone": az, "regionName": REGION},
            "resourceType": "Instance",
            "tags": [{"key": "Name", "value": name}],
            "blueprintId": "ubuntu_22_04",
            "blueprintName": "Ubuntu",
            "bundleId": bundle,
            "isStaticIp": False,
            "privateIpAddress": private_ip,
            "ipv6Addresses": [],
            "ipAddressType": "ipv4",
            "hardware": {"cpuCount": 2, "disks": [], "ramSizeInGb": 0.5},
            "networking": {"monthlyTransfer": {"gbPerMonthAllocated": 1024}, "ports": [
                {"fromPort": 22, "toPort": 22, "protocol": "tcp", "accessFrom": "Anywhere (0.0.0.0/0)",
                 "accessType": "Public", "commonName": "", "accessDirection": "inbound",
                 "cidrs": ["0.0.0.0/0"], "ipv6Cidrs": ["::/0"], "cidrListAliases": []}]},
            "state": {"code": 16 if state == "running" else 80, "name": state},
            "username": "ubuntu",
            "sshKeyName": "LightsailDefaultKeyPair",
        }
        if public_ip:
            inst["publicIpAddress"] = public_ip
        return inst

    def service_doc(self, name):
        power, scale, state = self.services[name]
        deps = self.deployments[name]
        active = next((d for d in reversed(deps) if d["state"] == "ACTIVE"), deps[-1])
        nxt = deps[-1] if deps[-1]["state"] == "ACTIVATING" else None
        return _container_service(name, power, scale, "DEPLOYING" if nxt else state, active, nxt)


STATE = State()


LOG_EVERY = 10
LOG_HOURS = 3
LOG_PAGE = 200
_PATHS = ["/api/cart", "/api/products", "/healthz", "/api/checkout", "/api/login"]


def _container_line(container, t):
    """The line `container` wrote at epoch second `t` (a multiple of LOG_EVERY)."""
    n = int(t // LOG_EVERY)
    path = _PATHS[n % len(_PATHS)]
    status = 500 if n % 17 == 0 else (404 if n % 11 == 0 else 200)
    if n % 3 == 0:
        return f"[{container}] {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(t))} INFO GET {path} {status}"
    level = 50 if status == 500 else 30
    return json.dumps({"level": level, "time": int(t * 1000), "msg": f"GET {path}",
                       "res": {"statusCode": status}, "responseTime": 5 + n % 40, "container": container})


def _container_log(name, body):
    deps = STATE.deployments[name]
    active = next((d for d in reversed(deps) if d["state"] == "ACTIVE"), deps[-1])
    container = body.get("containerName", "")
    if container not in active["containers"]:
        return 400, {"__type": "NotFoundException", "code": "NotFound",
                     "message": f"The container {container} does not exist in the current deployment."}
    now = time.time()
    start = max(float(body.get("startTime") or now - LOG_HOURS * 3600), now - LOG_HOURS * 3600)
    end = min(float(body.get("endTime") or now), now)
    pattern = body.get("filterPattern", "").strip().strip('"')
    first = (int(start) // LOG_EVERY + 1) * LOG_EVERY if start % LOG_EVERY else int(start)
    times = [t for t in range(first, int(end) + 1, LOG_EVERY)]
    events = [{"createdAt": float(t), "message": _container_line(container, t)} for t in times]
    if pattern:
        events = [e for e in events if pattern in e["message"]]
    offset = int(body.get("pageToken") or 0)
    page = events[offset:offset + LOG_PAGE]
    out = {"logEvents": page}
    if offset + LOG_PAGE < len(events):
        out["nextPageToken"] = str(offset + LOG_PAGE)
    return 200, out


def _container_metric(metric, t):
    m = t / 60.0
    if metric == "CPUUtilization":
        return max(1.0, min(99.0, 27 + 9 * math.sin(2 * math.pi * m / 70) + 3 * math.sin(m * 1.7)))
    return max(1.0, min(99.0, 58 + 4 * math.sin(2 * math.pi * m / 240) + math.sin(m * 0.9)))


def _container_metrics(name, body):
    metric = body.get("metricName", "")
    if metric not in ("CPUUtilization", "MemoryUtilization"):
        return 400, {"__type": "InvalidInputException", "code": "InvalidInput",
                     "message": f"metricName {metric!r} is not CPUUtilization or MemoryUtilization"}
    period = int(body.get("period") or 300)
    if period < 60 or period > 86400:
        return 400, {"__type": "InvalidInputException", "code": "InvalidInput",
                     "message": "period must be between 60 and 86400"}
    now = time.time()
    start = max(float(body.get("startTime") or 0), now - 24 * 3600)
    end = min(float(body.get("endTime") or now), now)
    stats = body.get("statistics") or ["Average"]
    points = []
    t = (int(start) // period + 1) * period
    while t <= end:
        v = _container_metric(metric, t)
        point = {"timestamp": float(t), "unit": "Percent"}
        for s in stats:
            point[s[0].lower() + s[1:]] = {"SampleCount": period / 60, "Sum": v * period / 60,
                                         "Minimum": v * 0.8, "Maximum": min(100.0, v * 1.2)}.get(s, v)
        points.append(point)
        t += period
    return 200, {"metricName": metric, "metricData": points}


def lightsail(op, body):
    if os.environ.get("FAKE_AWS_LIGHTSAIL") == "off":
        return 400, {"__type": "UnknownOperationException", "message": "Lightsail is not available"}
    with STATE.lock:
        if op == "GetInstances":
            return 200, {"instances": STATE.instances}
        if op == "GetContainerServices":
            names = [body["serviceName"]] if body.get("serviceName") else list(STATE.services)
            if any(n not in STATE.services for n in names):
                return 400, {"__type": "NotFoundException", "code": "NotFound",
                             "message": "The container service does not exist."}
            return 200, {"containerServices": [STATE.service_doc(n) for n in names]}
        if op == "GetContainerServiceDeployments":
            name = body.get("serviceName", "")
            if name not in STATE.deployments:
                return 400, {"__type": "NotFoundException", "message": "The container service does not exist."}
            return 200, {"deployments": list(reversed(STATE.deployments[name]))}
        if op in ("GetContainerLog", "GetContainerServiceMetricData"):
            name = body.get("serviceName", "")
            if name not in STATE.deployments:
                return 400, {"__type": "NotFoundException", "code": "NotFound",
                             "message": "The container service does not exist."}
            return _container_log(name, body) if op == "GetContainerLog" else _container_metrics(name, body)
        if op == "CreateContainerServiceDeployment":
            name = body.get("serviceName", "")
            if name not in STATE.deployments:
                return 400, {"__type": "NotFoundException", "message": "The container service does not exist."}
            deps = STATE.deployments[name]
            new = _deployment(deps[-1]["version"] + 1, "ACTIVATING", "", time.time())
            new["containers"] = body.get("containers", {})
            if body.get("publicEndpoint"):
                new["publicEndpoint"] = dict(new["publicEndpoint"], **body["publicEndpoint"])
            deps.append(new)
            return 200, {"containerService": STATE.service_doc(name)}
    return None


def cloudwatch(op, body):
    if op != "DescribeAlarmHistory":
        return None
    name = body.get("AlarmName", "api-cpu-high")
    items = [{
        "AlarmName": name, "AlarmType": "MetricAlarm", "Timestamp": T0 + 600 - 60 * k,
        "HistoryItemType": "StateUpdate",
        "HistorySummary": f"Alarm updated from {a} to {b}",
        "HistoryData": json.dumps({"version": "1.0", "oldState": {"stateValue": a},
                                   "newState": {"stateValue": b, "stateReason": "Threshold Crossed"}}),
    } for k, (a, b) in enumerate([("OK", "ALARM"), ("INSUFFICIENT_DATA", "OK")])]
    return 200, {"AlarmHistoryItems": items}


COMMANDS = {}  # command id -> {"text", "instances", "polls", "cancelled"}


def _run_script(text):
    if "FAKE_STREAM" in text:
        return [("InProgress", -1, "line 1\n", ""),
                ("InProgress", -1, "line 1\nline 2\n", "warn: slow\n"),
                ("Success", 0, "line 1\nline 2\nline 3\n", "warn: slow\n")]
    if "FAKE_FAIL" in text:
        return [("InProgress", -1, "working\n", ""), ("Failed", 2, "working\n", "disk full\n")]
    if "FAKE_HANG" in text:
        return [("InProgress", -1, "waiting\n", "")]
    return [("Success", 0, "ok\n", "")]


def _invocation(cid, iid, cmd):
    script = _run_script(cmd["text"])
    poll = cmd["polls"].get(iid, 0)
    cmd["polls"][iid] = poll + 1
    if "FAKE_LAG" in cmd["text"]:
        if poll == 0:
            return None
        poll -= 1
    status, rc, out, err = script[min(poll, len(script) - 1)]
    if cmd["cancelled"] and status == "InProgress":
        status, rc = "Cancelled", -1
    return {"CommandId": cid, "InstanceId": iid, "Comment": cmd["comment"], "DocumentName": "AWS-RunShellScript",
            "DocumentVersion": "$DEFAULT", "PluginName": "aws:runShellScript", "ResponseCode": rc,
            "ExecutionStartDateTime": "2026-01-01T00:00:31.000Z", "ExecutionElapsedTime": f"PT{poll}S",
            "ExecutionEndDateTime": "" if status == "InProgress" else "2026-01-01T00:00:40.000Z",
            "Status": status, "StatusDetails": status, "StandardOutputContent": out, "StandardOutputUrl": "",
            "StandardErrorContent": err, "StandardErrorUrl": "",
            "CloudWatchOutputConfig": {"CloudWatchOutputEnabled": False}}


def ssm_run_command(op, body):
    if op == "SendCommand":
        cid = str(uuid.uuid5(uuid.NAMESPACE_URL, f"opsdeck-fake-command-{len(COMMANDS) + 1}"))
        text = "\n".join(body.get("Parameters", {}).get("commands", []))
        ids = body.get("InstanceIds") or []
        if body.get("Targets"):
            ids = ["i-0aaa111122223333a", "i-0bbb111122223333b"]
        COMMANDS[cid] = {"text": text, "instances": ids, "polls": {}, "cancelled": False,
                         "comment": body.get("Comment", "")}
        return 200, {"Command": {
            "CommandId": cid, "DocumentName": body.get("DocumentName", ""), "DocumentVersion": "$DEFAULT",
            "Comment": body.get("Comment", ""), "ExpiresAfter": T0 + 3600, "Parameters": body.get("Parameters", {}),
            "InstanceIds": body.get("InstanceIds", []), "Targets": body.get("Targets", []),
            "RequestedDateTime": T0 + 30, "Status": "Pending", "StatusDetails": "Pending",
            "OutputS3Region": REGION, "OutputS3BucketName": "", "OutputS3KeyPrefix": "", "MaxConcurrency": "50",
            "MaxErrors": "0", "TargetCount": len(ids), "CompletedCount": 0, "ErrorCount": 0,
            "DeliveryTimedOutCount": 0, "ServiceRole": "",
            "NotificationConfig": {"NotificationArn": "", "NotificationEvents": [], "NotificationType": "Command"},
            "CloudWatchOutputConfig": {"CloudWatchOutputEnabled": False}, "TimeoutSeconds": 3600}}
    if op == "GetCommandInvocation":
        cid, iid = body.get("CommandId", ""), body.get("InstanceId", "")
        cmd = COMMANDS.get(cid)
        inv = _invocation(cid, iid, cmd) if cmd and iid in cmd["instances"] else None
        if inv is None:
            return 400, {"__type": "InvocationDoesNotExist",
                         "message": "An error occurred (InvocationDoesNotExist) when calling the GetCommandInvocation operation"}
        return 200, inv
    if op == "CancelCommand":
        cmd = COMMANDS.get(body.get("CommandId", ""))
        if not cmd:
            return 400, {"__type": "InvalidCommandId", "message": "invalid command id"}
        cmd["cancelled"] = True
        return 200, {}
    if op == "TerminateSession":
        sid = body.get("SessionId", "")
        if SSM_GATEWAY is not None:
            _gateway("POST", f"/sessions/{quote(sid, safe='')}/terminate")  # an unknown id is no error, as in SSM
        return 200, {"SessionId": sid}
    return None


def ssm(op, body):
    if op in ("SendCommand", "GetCommandInvocation", "CancelCommand", "TerminateSession"):
        with STATE.lock:
            return ssm_run_command(op, body)
    if op == "ListCommandInvocations":
        cid = body.get("CommandId", str(uuid.uuid4()))
        inv = [{"CommandId": cid, "InstanceId": iid, "InstanceName": "", "Comment": "",
                "DocumentName": "AWS-RunShellScript", "DocumentVersion": "$DEFAULT",
                "RequestedDateTime": T0 + 30, "Status": st, "StatusDetails": st,
                "StandardOutputUrl": "", "StandardErrorUrl": "",
                "CommandPlugins": [{"Name": "aws:runShellScript", "Status": st, "StatusDetails": st,
                                    "ResponseCode": rc, "Output": out}] if body.get("Details") else [],
                "ServiceRole": "", "CloudWatchOutputConfig": {"CloudWatchOutputEnabled": False}}
               for iid, st, rc, out in [("i-0aaa111122223333a", "Success", 0, "up 3 days\n"),
                                        ("i-0bbb111122223333b", "Failed", 1, "boom\n")]]
        return 200, {"CommandInvocations": inv}
    if op == "DescribeInstanceInformation":
        if SESSION_UPSTREAM:
            _managed_from_upstream()
        return 200, {"InstanceInformationList": [
            {"InstanceId": iid, "PingStatus": ping, "LastPingDateTime": T0 + 900,
             "AgentVersion": "3.3.40.0", "IsLatestVersion": False, "PlatformType": "Linux",
             "PlatformName": "Ubuntu", "PlatformVersion": "22.04", "ResourceType": "EC2Instance",
             "IPAddress": ip, "ComputerName": f"ip-{ip.replace('.', '-')}.ec2.internal",
             "AssociationStatus": "Success", "SourceId": iid, "SourceType": "AWS::EC2::Instance"}
            for iid, (ping, ip) in MANAGED_INSTANCES.items()]}
    if op in ("StartSession", "ResumeSession"):
        return ssm_session(op, body)
    return None


SESSION_UPSTREAM = None  # "http://127.0.0.1:PORT" with --session-upstream
SESSION_OPS = ("StartSession", "ResumeSession", "TerminateSession", "DescribeInstanceInformation", "ExecuteCommand")


def _managed_from_upstream():
    """Every running instance in moto is an Online managed instance (the demo's agents)."""
    import boto3
    ec2 = boto3.client("ec2", endpoint_url=SESSION_UPSTREAM, region_name=os.environ.get("AWS_REGION", REGION))
    found = {}
    for page in ec2.get_paginator("describe_instances").paginate():
        for r in page.get("Reservations", []):
            for i in r.get("Instances", []):
                if i.get("State", {}).get("Name") == "running":
                    found[i["InstanceId"]] = ("Online", i.get("PrivateIpAddress", "10.0.0.1"))
    MANAGED_INSTANCES.clear()
    MANAGED_INSTANCES.update(found)


def ssm_session(op, body):
    if op == "StartSession":
        target = body.get("Target", "")
        if SSM_GATEWAY is None:
            sid = f"opsdeck-{uuid.uuid4().hex[:17]}"
            return 200, {"SessionId": sid, "TokenValue": "AAEAA" + uuid.uuid4().hex,
                         "StreamUrl": f"{STREAM_BASE}/v1/data-channel/{sid}?role=publish_subscribe&cell-number=AAEAA"}
        ping = MANAGED_INSTANCES.get(target, ("Online", ""))[0]
        if ping != "Online":
            return 400, {"__type": "TargetNotConnected", "Message": f"{target} is not connected."}
        sid = f"opsdeck-{uuid.uuid4().hex[:17]}"
        status, doc = _gateway("POST", "/sessions", {
            "sessionId": sid, "kind": "ssm", "target": target, "document": body.get("DocumentName", ""),
            "parameters": body.get("Parameters", {})})
        if status == 400 and doc.get("code") == "InvalidDocument":
            return 400, {"__type": "InvalidDocument", "Message": doc.get("error", "")}
        if status != 200:
            return _gateway_failed(status, doc)
        return 200, {"SessionId": sid, "TokenValue": doc["tokenValue"], "StreamUrl": doc["streamUrl"]}
    sid = body.get("SessionId", "")
    if SSM_GATEWAY is None:
        return 200, {"SessionId": sid, "TokenValue": "AAEAA" + uuid.uuid4().hex,
                     "StreamUrl": f"{STREAM_BASE}/v1/data-channel/{sid}?role=publish_subscribe&cell-number=AAEAA"}
    status, doc = _gateway("POST", f"/sessions/{quote(sid, safe='')}/resume")
    if status == 404:
        return 400, {"__type": "DoesNotExistException", "Message": f"Session {sid} does not exist."}
    if status != 200:
        return _gateway_failed(status, doc)
    return 200, {"SessionId": sid, "TokenValue": doc["tokenValue"], "StreamUrl": doc["streamUrl"]}


# Instances the fake's SSM knows, with their agent's ping status and address.
MANAGED_INSTANCES = {"i-0aaa111122223333a": ("Online", "10.0.1.10"),
                     "i-0bbb111122223333b": ("ConnectionLost", "10.0.1.11")}
SSM_GATEWAY = None  # "http://127.0.0.1:PORT" of tests/support/ssm_peer/peer.js with --ssm-gateway


def _gateway(method, path, doc=None):
    """One call to the ssm peer's admin API: (status, JSON answer)."""
    host, _, port = SSM_GATEWAY.split("://", 1)[1].partition(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        conn.request(method, path, body=json.dumps(doc or {}), headers={"Content-Type": "application/json"})
        resp = conn.getresponse()
        data = resp.read()
        return resp.status, json.loads(data or b"{}")
    except (OSError, ValueError) as e:
        return 599, {"error": f"the ssm peer at {SSM_GATEWAY} did not answer: {e}"}
    finally:
        conn.close()


def _gateway_failed(status, doc):
    return 500, {"__type": "InternalServerError", "Message": f"ssm peer answered {status}: {doc.get('error', '')}"}


def ecs(op, body):
    if op != "ExecuteCommand":
        return None
    cluster = body.get("cluster", "default")
    task = body.get("task", "")
    if not task:
        return 400, {"__type": "InvalidParameterException", "message": "task is required"}
    sid = f"ecs-execute-command-{uuid.uuid4().hex[:17]}"
    container = body.get("container", "app")
    session = {"sessionId": sid,
               "streamUrl": f"{STREAM_BASE}/v1/data-channel/{sid}?role=publish_subscribe",
               "tokenValue": "AAEAA" + uuid.uuid4().hex}
    if SSM_GATEWAY is not None:
        status, doc = _gateway("POST", "/sessions", {
            "sessionId": sid, "kind": "ecs", "target": f"ecs:{cluster}_{task.rsplit('/', 1)[-1]}_{uuid.uuid4().hex[:12]}",
            "command": body.get("command", ""), "container": container})
        if status != 200:
            return 400, {"__type": "ServerException", "message": f"ssm peer answered {status}: {doc.get('error', '')}"}
        session["streamUrl"], session["tokenValue"] = doc["streamUrl"], doc["tokenValue"]
    return 200, {
        "clusterArn": f"arn:aws:ecs:{REGION}:{ACCOUNT}:cluster/{cluster}",
        "containerArn": f"arn:aws:ecs:{REGION}:{ACCOUNT}:container/{cluster}/{task}/{uuid.uuid4()}",
        "containerName": container,
        "interactive": True,
        "session": session,
        "taskArn": f"arn:aws:ecs:{REGION}:{ACCOUNT}:task/{cluster}/{task}",
    }


SQS_UPSTREAM = None  # "http://127.0.0.1:PORT" with --sqs-upstream
MOVE_TASKS = {}  # source ARN -> [task dict], newest first
MOVE_LOCK = threading.Lock()


def _sqs_error(code, message):
    return 400, {"__type": f"com.amazonaws.sqs#{code}", "message": message}


def _sqs_client():
    import boto3
    return boto3.client("sqs", endpoint_url=SQS_UPSTREAM, region_name=os.environ.get("AWS_REGION", REGION))


def _queue_url(client, arn):
    try:
        return client.get_queue_url(QueueName=arn.rsplit(":", 1)[-1])["QueueUrl"]
    except Exception:  # noqa: BLE001 - any failure means "not there" to the caller
        return None


def _move(task, client, src_url, dst_url):
    try:
        while True:
            got = client.receive_message(QueueUrl=src_url, MaxNumberOfMessages=5, VisibilityTimeout=30,
                                         MessageAttributeNames=["All"]).get("Messages", [])
            if not got:
                break
            for m in got:
                kw = {"QueueUrl": dst_url, "MessageBody": m["Body"]}
                if m.get("MessageAttributes"):
                    kw["MessageAttributes"] = m["MessageAttributes"]
                client.send_message(**kw)
                client.delete_message(QueueUrl=src_url, ReceiptHandle=m["ReceiptHandle"])
                with MOVE_LOCK:
                    task["ApproximateNumberOfMessagesMoved"] += 1
            time.sleep(0.2)
        with MOVE_LOCK:
            task["Status"] = "COMPLETED"
    except Exception as e:  # noqa: BLE001 - the task reports why it stopped
        with MOVE_LOCK:
            task["Status"] = "FAILED"
            task["FailureReason"] = str(e)[:200]


def sqs_move(op, body):
    if SQS_UPSTREAM is None:
        return _sqs_error("UnsupportedOperation", "fake_aws was started without --sqs-upstream")
    source = body.get("SourceArn", "")
    if op == "ListMessageMoveTasks":
        with MOVE_LOCK:
            tasks = [dict(t) for t in MOVE_TASKS.get(source, [])][: int(body.get("MaxResults", 1))]
        for t in tasks:
            if t["Status"] != "RUNNING":
                t.pop("TaskHandle", None)
                t.pop("ApproximateNumberOfMessagesToMove", None)
        return 200, {"Results": tasks}
    client = _sqs_client()
    src_url = _queue_url(client, source)
    if not src_url:
        return _sqs_error("ResourceNotFoundException", f"source queue {source} does not exist")
    dest = body.get("DestinationArn", "")
    if dest:
        dst_url = _queue_url(client, dest)
        if not dst_url:
            return _sqs_error("ResourceNotFoundException", f"destination queue {dest} does not exist")
    else:
        sources = []
        for url in client.list_queues().get("QueueUrls", []):
            a = client.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
            policy = json.loads(a.get("RedrivePolicy", "{}") or "{}")
            if policy.get("deadLetterTargetArn") == source:
                sources.append(url)
        if not sources:
            return _sqs_error("InvalidParameterValue", "Source queue must be configured as a Dead Letter Queue.")
        dst_url = sorted(sources)[0]
    with MOVE_LOCK:
        if any(t["Status"] == "RUNNING" for t in MOVE_TASKS.get(source, [])):
            return _sqs_error("UnsupportedOperation", "there is already a move task running for this queue")
    attrs = client.get_queue_attributes(QueueUrl=src_url, AttributeNames=["ApproximateNumberOfMessages"])
    handle = base64.b64encode(json.dumps({"taskId": str(uuid.uuid4()), "sourceArn": source}).encode()).decode()
    task = {"TaskHandle": handle, "Status": "RUNNING", "SourceArn": source,
            "ApproximateNumberOfMessagesMoved": 0,
            "ApproximateNumberOfMessagesToMove": int(attrs["Attributes"]["ApproximateNumberOfMessages"]),
            "StartedTimestamp": int(time.time() * 1000)}
    if dest:
        task["DestinationArn"] = dest
    with MOVE_LOCK:
        MOVE_TASKS.setdefault(source, []).insert(0, task)
    threading.Thread(target=_move, args=(task, client, src_url, dst_url), daemon=True).start()
    return 200, {"TaskHandle": handle}


LOGS_UPSTREAM = None  # "http://127.0.0.1:PORT" with --logs-upstream
LIVE_LOCK = threading.Lock()
LIVE_FAULTS = []      # queued faults, one per session
LIVE_SESSIONS = [0]   # StartLiveTail requests seen
STREAM_FAULTS = ("cut", "crc", "stall", "timeout", "end")


def _es_header(name, value):
    n = name.encode()
    v = value.encode()
    return struct.pack(">B", len(n)) + n + struct.pack(">BH", 7, len(v)) + v


def es_message(headers, payload, bad_crc=False):
    """One event-stream message: prelude (lengths + CRC), string headers, payload, CRC."""
    hdr = b"".join(_es_header(k, v) for k, v in headers)
    total = 12 + len(hdr) + len(payload) + 4
    prelude = struct.pack(">II", total, len(hdr))
    prelude += struct.pack(">I", binascii.crc32(prelude) & 0xFFFFFFFF)
    body = prelude + hdr + payload
    crc = binascii.crc32(body) & 0xFFFFFFFF
    if bad_crc:
        crc ^= 0xFFFFFFFF
    return body + struct.pack(">I", crc)


def es_event(event_type, doc, bad_crc=False):
    return es_message([(":message-type", "event"), (":event-type", event_type),
                       (":content-type", "application/json")], json.dumps(doc).encode(), bad_crc)


def es_exception(exception_type, message):
    return es_message([(":message-type", "exception"), (":exception-type", exception_type),
                       (":content-type", "application/json")], json.dumps({"message": message}).encode())


def _logs_client():
    import boto3
    return boto3.client("logs", endpoint_url=LOGS_UPSTREAM, region_name=os.environ.get("AWS_REGION", REGION))


def _group_name(identifier):
    return identifier.split(":log-group:", 1)[1] if ":log-group:" in identifier else identifier


def _live_events(client, body, since_ms, sent):
    """Events ingested at or after since_ms that were not sent yet, oldest first."""
    out = []
    names = body.get("logStreamNames") or []
    prefixes = body.get("logStreamNamePrefixes") or []
    for ident in body.get("logGroupIdentifiers", []):
        kw = {"logGroupName": _group_name(ident), "startTime": since_ms - 3600 * 1000}
        if names:
            kw["logStreamNames"] = names
        elif prefixes:
            kw["logStreamNamePrefix"] = prefixes[0]
        if body.get("logEventFilterPattern"):
            kw["filterPattern"] = body["logEventFilterPattern"]
        while True:
            page = client.filter_log_events(**kw)
            for e in page.get("events", []):
                if e.get("ingestionTime", 0) < since_ms or e["eventId"] in sent:
                    continue
                if prefixes and not any(e["logStreamName"].startswith(p) for p in prefixes):
                    continue
                sent.add(e["eventId"])
                out.append({"logStreamName": e["logStreamName"], "logGroupIdentifier": ident,
                            "message": e["message"], "timestamp": e["timestamp"],
                            "ingestionTime": e["ingestionTime"]})
            if not page.get("nextToken") or page.get("nextToken") == kw.get("nextToken"):
                break
            kw["nextToken"] = page["nextToken"]
    out.sort(key=lambda e: (e["ingestionTime"], e["timestamp"]))
    return out


def _json_error(handler, status, code, message):
    out = json.dumps({"__type": code, "message": message}).encode()
    handler.send_response(status)
    handler.send_header("Content-Type", "application/x-amz-json-1.1")
    handler.send_header("x-amzn-RequestId", str(uuid.uuid4()))
    handler.send_header("X-Amzn-ErrorType", code)
    handler.send_header("Content-Length", str(len(out)))
    handler.end_headers()
    handler.wfile.write(out)


def start_live_tail(handler, body):
    with LIVE_LOCK:
        LIVE_SESSIONS[0] += 1
        fault = LIVE_FAULTS.pop(0) if LIVE_FAULTS else None
    idents = body.get("logGroupIdentifiers") or []
    if not 1 <= len(idents) <= 10:
        return _json_error(handler, 400, "InvalidParameterException", "logGroupIdentifiers needs 1 to 10 log groups")
    if fault == "limit":
        return _json_error(handler, 400, "LimitExceededException", "Live Tail session limit reached")
    if fault == "denied":
        return _json_error(handler, 400, "AccessDeniedException",
                           "User is not authorized to perform: logs:StartLiveTail")
    client = _logs_client()
    for ident in idents:
        if not client.describe_log_groups(logGroupNamePrefix=_group_name(ident)).get("logGroups"):
            return _json_error(handler, 400, "ResourceNotFoundException",
                               f"The specified log group does not exist: {ident}")
    since_ms = int(time.time() * 1000)
    handler.send_response(200)
    handler.send_header("Content-Type", "application/vnd.amazon.eventstream")
    handler.send_header("x-amzn-RequestId", str(uuid.uuid4()))
    handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()
    handler.close_connection = True

    def send(data, final=False):
        handler.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        if final:
            handler.wfile.write(b"0\r\n\r\n")
        handler.wfile.flush()

    session_id = str(uuid.uuid4())
    try:
        send(es_message([(":message-type", "event"), (":event-type", "initial-response"),
                         (":content-type", "application/json")], b"{}"))
        start = {"requestId": str(uuid.uuid4()), "sessionId": session_id, "logGroupIdentifiers": idents,
                 "logEventFilterPattern": body.get("logEventFilterPattern", "")}
        for key in ("logStreamNames", "logStreamNamePrefixes"):
            if body.get(key):
                start[key] = body[key]
        send(es_event("sessionStart", start))
        sent = set()
        pending = []
        while True:
            time.sleep(1.0)
            pending += _live_events(client, body, since_ms, sent)
            results, pending = pending[:500], pending[500:]
            sampled = bool(pending)
            pending = []  # the service drops what it sampled away
            if results and not fault:
                with LIVE_LOCK:
                    if LIVE_FAULTS and LIVE_FAULTS[0] in STREAM_FAULTS:
                        fault = LIVE_FAULTS.pop(0)
            if results and fault:
                msg = es_event("sessionUpdate", {"sessionMetadata": {"sampled": sampled},
                                                 "sessionResults": results}, bad_crc=fault == "crc")
                if fault == "cut":
                    send(msg[: len(msg) // 2])
                    return
                if fault == "crc":
                    send(msg)
                    continue
                if fault == "stall":
                    time.sleep(120)
                    return
                if fault == "timeout":
                    send(es_exception("SessionTimeoutException", "Session timed out after 3 hours"), final=True)
                    return
                if fault == "end":
                    send(b"", final=True)
                    return
            send(es_event("sessionUpdate", {"sessionMetadata": {"sampled": sampled}, "sessionResults": results}))
    except (BrokenPipeError, ConnectionResetError):
        return


def live_tail_control(op, body):
    with LIVE_LOCK:
        if op == "LiveTailFaults":
            LIVE_FAULTS.extend(body.get("faults", []))
        return 200, {"sessions": LIVE_SESSIONS[0], "faults": list(LIVE_FAULTS)}


def _proxy(handler, raw, upstream):
    """Passes one request to `upstream` unchanged and its answer back."""
    host, _, port = upstream.split("://", 1)[1].partition(":")
    conn = http.client.HTTPConnection(host, int(port or 80), timeout=60)
    headers = {k: v for k, v in handler.headers.items() if k.lower() not in ("connection", "transfer-encoding")}
    conn.request("POST", handler.path, body=raw, headers=headers)
    resp = conn.getresponse()
    data = resp.read()
    handler.send_response(resp.status)
    for k, v in resp.getheaders():
        if k.lower() not in ("connection", "transfer-encoding", "content-length", "server", "date"):
            handler.send_header(k, v)
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)
    conn.close()


ROUTES = {"Lightsail_20161128": lightsail, "GraniteServiceVersion20100801": cloudwatch,
          "AmazonSSM": ssm, "AmazonEC2ContainerServiceV20141113": ecs, "FakeAws": live_tail_control}
MOVE_OPS = ("StartMessageMoveTask", "ListMessageMoveTasks")


def dispatch(target, body):
    prefix, _, op = target.partition(".")
    handler = ROUTES.get(prefix)
    if prefix == "AmazonSQS" and op in MOVE_OPS:
        return sqs_move(op, body)
    res = handler(op, body) if handler else None
    if res is None:
        return 400, {"__type": "UnknownOperationException", "message": f"{target} is not served by fake_aws"}
    return res


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        target = self.headers.get("X-Amz-Target", "")
        prefix, _, op = target.partition(".")
        if prefix == "AmazonSQS" and op not in MOVE_OPS and SQS_UPSTREAM:
            return _proxy(self, raw, SQS_UPSTREAM)
        if prefix == "TrentService" and SESSION_UPSTREAM:  # KMS data keys for encrypted sessions
            return _proxy(self, raw, SESSION_UPSTREAM)
        if prefix in ("AmazonSSM", "AmazonEC2ContainerServiceV20141113") and SESSION_UPSTREAM and op not in SESSION_OPS:
            return _proxy(self, raw, SESSION_UPSTREAM)
        if prefix == "Logs_20140328" and LOGS_UPSTREAM:
            if op != "StartLiveTail":
                return _proxy(self, raw, LOGS_UPSTREAM)
            try:
                return start_live_tail(self, json.loads(raw or b"{}"))
            except ValueError:
                return _json_error(self, 400, "SerializationException", "request body is not JSON")
        if not target:
            from urllib.parse import parse_qs
            action = parse_qs(raw.decode()).get("Action", [""])[0]
            target = f"GraniteServiceVersion20100801.{action}" if action else ""
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            body = {}
        status, doc = dispatch(target, body if isinstance(body, dict) else {})
        out = json.dumps(doc).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/x-amz-json-1.0" if prefix == "AmazonSQS"
                         else "application/x-amz-json-1.1")
        self.send_header("x-amzn-RequestId", str(uuid.uuid4()))
        if status >= 400:
            self.send_header("X-Amzn-ErrorType", doc.get("__type", ""))
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    def do_GET(self):
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--sqs-upstream", help="moto_server URL: SQS goes there, move tasks are served here")
    ap.add_argument("--logs-upstream", help="moto_server URL: Logs go there, StartLiveTail is served here")
    ap.add_argument("--ssm-gateway", help="ssm peer URL (tests/support/ssm_peer/peer.js): real Session Manager sessions")
    ap.add_argument("--session-upstream", help="moto_server URL: SSM and ECS go there, sessions are served here")
    args = ap.parse_args()
    global STREAM_BASE, SQS_UPSTREAM, LOGS_UPSTREAM, SSM_GATEWAY, SESSION_UPSTREAM
    SQS_UPSTREAM = args.sqs_upstream
    SESSION_UPSTREAM = args.session_upstream
    LOGS_UPSTREAM = args.logs_upstream
    if args.ssm_gateway is not None:
        if not re.fullmatch(r"http://127\.\d+\.\d+\.\d+:\d+/?", args.ssm_gateway):
            ap.error(f"--ssm-gateway {args.ssm_gateway}: give http://127.0.0.1:PORT (the peer runs on loopback)")
        SSM_GATEWAY = args.ssm_gateway.rstrip("/")
    srv = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    port = srv.server_address[1]
    STREAM_BASE = f"ws://127.0.0.1:{port}"
    print(f"ready {port}", flush=True)
    srv.serve_forever()


if __name__ == "__main__":
    main()
