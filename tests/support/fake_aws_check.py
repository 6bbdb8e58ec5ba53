#!/usr/bin/env python3
"""Proves fake_aws.py answers with the real shapes: every response is parsed by botocore's
own protocol parser with the operation's output shape from botocore's service model, and
walked strictly against that model (no unknown keys, right types, enum values valid,
required members present). StartLiveTail is read through a botocore client, so its
event-stream bytes go through botocore's own event-stream decoder and parser, and its fault
modes are shown to be what botocore itself rejects. With --ssm-gateway (a second fake_aws in
front of tests/support/ssm_peer/peer.js) StartSession, ResumeSession, TerminateSession and
ExecuteCommand answer the peer's sessions in the same shapes, and TargetNotConnected,
InvalidDocument and DoesNotExistException are errors botocore parses with their codes. Also writes each body to OUT_DIR when given, so the C++ unit
tests can parse the very documents checked here.

Usage: fake_aws_check.py [OUT_DIR]     exit 0 and "ok N operations" on success.
"""
import datetime
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid

import botocore.parsers
import botocore.session

HERE = os.path.dirname(os.path.abspath(__file__))

CALLS = [
    ("lightsail", "GetInstances", {}),
    ("lightsail", "GetContainerServices", {}),
    ("lightsail", "GetContainerServiceDeployments", {"serviceName": "shop-api"}),
    ("lightsail", "GetContainerLog", {"serviceName": "shop-api", "containerName": "app"}),
    ("lightsail", "GetContainerLog", {"serviceName": "shop-api", "containerName": "app", "pageToken": "200",
                                      "filterPattern": "checkout"}),
    ("lightsail", "GetContainerServiceMetricData",
     {"serviceName": "shop-api", "metricName": "CPUUtilization", "startTime": "@-10800", "endTime": "@0",
      "period": 300, "statistics": ["Average", "Maximum"]}),
    ("lightsail", "GetContainerServiceMetricData",
     {"serviceName": "shop-api", "metricName": "MemoryUtilization", "startTime": "@-3600", "endTime": "@0",
      "period": 60, "statistics": ["SampleCount", "Sum", "Minimum"]}),
    ("lightsail", "CreateContainerServiceDeployment",
     {"serviceName": "shop-api", "containers": {"app": {"image": "nginx:1.28", "ports": {"80": "HTTP"}}},
      "publicEndpoint": {"containerName": "app", "containerPort": 80}}),
    ("cloudwatch", "DescribeAlarmHistory", {"AlarmName": "api-cpu-high"}),
    ("ssm", "ListCommandInvocations", {"CommandId": "0b5e6d2a-1111-2222-3333-444455556666", "Details": True}),
    ("ssm", "DescribeInstanceInformation", {}),
    ("ssm", "StartSession", {"Target": "i-0aaa111122223333a"}),
    ("ssm", "SendCommand", {"InstanceIds": ["i-0aaa111122223333a"], "DocumentName": "AWS-RunShellScript",
                            "Parameters": {"commands": ["echo FAKE_STREAM"]}}),
    ("ssm", "GetCommandInvocation", {"CommandId": "@1", "InstanceId": "i-0aaa111122223333a"}),
    ("ssm", "GetCommandInvocation", {"CommandId": "@1", "InstanceId": "i-0aaa111122223333a"}),
    ("ssm", "GetCommandInvocation", {"CommandId": "@1", "InstanceId": "i-0aaa111122223333a"}),
    ("ssm", "SendCommand", {"InstanceIds": ["i-0aaa111122223333a"], "DocumentName": "AWS-RunShellScript",
                            "Parameters": {"commands": ["FAKE_FAIL"]}}),
    ("ssm", "GetCommandInvocation", {"CommandId": "@2", "InstanceId": "i-0aaa111122223333a"}),
    ("ssm", "GetCommandInvocation", {"CommandId": "@2", "InstanceId": "i-0aaa111122223333a"}),
    ("ssm", "CancelCommand", {"CommandId": "@2"}),
    ("ssm", "TerminateSession", {"SessionId": "opsdeck-0123456789abcdef0"}),
    ("ssm", "ResumeSession", {"SessionId": "opsdeck-0123456789abcdef0"}),
    ("ecs", "ExecuteCommand", {"cluster": "prod", "task": "abc123", "command": "/bin/sh", "interactive": True}),
    # Served against a moto_server this script starts (fake_aws.py --sqs-upstream).
    ("sqs", "StartMessageMoveTask", {"SourceArn": "arn:aws:sqs:us-east-1:123456789012:orders-dlq"}),
    ("sqs", "ListMessageMoveTasks", {"SourceArn": "arn:aws:sqs:us-east-1:123456789012:orders-dlq",
                                     "MaxResults": 10}),
]


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def start_moto():
    """A moto_server (signatures not checked) with orders -> orders-dlq holding 3 messages."""
    port = free_port()
    moto = subprocess.Popen(["moto_server", "-H", "127.0.0.1", "-p", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    import boto3
    sqs = boto3.client("sqs", endpoint_url=url, region_name="us-east-1",
                       aws_access_key_id="check", aws_secret_access_key="check")
    dlq = sqs.create_queue(QueueName="orders-dlq")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sqs.create_queue(QueueName="orders", Attributes={
        "RedrivePolicy": json.dumps({"deadLetterTargetArn": arn, "maxReceiveCount": "3"})})
    for i in range(3):
        sqs.send_message(QueueUrl=dlq, MessageBody=json.dumps({"order": i}))
    return moto, url


def check_live_tail(port, moto_url, model, errors):
    """StartLiveTail through botocore: sessionStart, then updates carrying the events put into
    moto after the session started; a bad CRC and the refusals fail the way botocore says."""
    import threading
    import boto3
    from botocore.config import Config
    from botocore.exceptions import ClientError
    from botocore.eventstream import ChecksumMismatch
    creds = {"region_name": "us-east-1", "aws_access_key_id": "check", "aws_secret_access_key": "check"}
    moto_logs = boto3.client("logs", endpoint_url=moto_url, **creds)
    moto_logs.create_log_group(logGroupName="/check/live")
    moto_logs.create_log_stream(logGroupName="/check/live", logStreamName="web-1")
    arn = "arn:aws:logs:us-east-1:123456789012:log-group:/check/live"
    fake = f"http://127.0.0.1:{port}"
    # The fake serves the operation at the endpoint it is given, as opsdeck sends it.
    logs = boto3.client("logs", endpoint_url=fake, config=Config(inject_host_prefix=False), **creds)

    def control(op, body):
        req = urllib.request.Request(fake + "/", data=json.dumps(body).encode(),
                                     headers={"X-Amz-Target": f"FakeAws.{op}"})
        with urllib.request.urlopen(req, timeout=10) as resp:
            return json.loads(resp.read())

    def put(n):
        time.sleep(0.3)
        now = int(time.time() * 1000)
        moto_logs.put_log_events(logGroupName="/check/live", logStreamName="web-1",
                                 logEvents=[{"timestamp": now + i, "message": f"live {i}"} for i in range(n)])

    shapes = model.shape_for("StartLiveTailResponseStream").members
    stream = logs.start_live_tail(logGroupIdentifiers=[arn])["responseStream"]
    threading.Thread(target=put, args=(3,), daemon=True).start()
    started, got, deadline = False, [], time.time() + 15
    for ev in stream:
        if "sessionStart" in ev:
            started = True
            check(ev["sessionStart"], shapes["sessionStart"], "logs:StartLiveTail.sessionStart", errors)
        if "sessionUpdate" in ev:
            check(ev["sessionUpdate"], shapes["sessionUpdate"], "logs:StartLiveTail.sessionUpdate", errors)
            got += ev["sessionUpdate"].get("sessionResults", [])
        if len(got) >= 3 or time.time() > deadline:
            break
    stream.close()
    if not started:
        errors.append("logs:StartLiveTail: no sessionStart")
    if [e["message"] for e in got] != ["live 0", "live 1", "live 2"]:
        errors.append(f"logs:StartLiveTail: expected the 3 events put into moto, got {got}")
    if any(e["logGroupIdentifier"] != arn for e in got):
        errors.append("logs:StartLiveTail: events do not name the log group as asked")

    time.sleep(2.5)  # the closed session's server side notices (a running session takes faults too)
    control("LiveTailFaults", {"faults": ["crc", "limit", "denied"]})
    stream = logs.start_live_tail(logGroupIdentifiers=[arn])["responseStream"]
    threading.Thread(target=put, args=(1,), daemon=True).start()
    try:
        for _ in stream:
            pass
        errors.append("logs:StartLiveTail crc fault: botocore accepted the stream")
    except ChecksumMismatch:
        pass
    for code in ("LimitExceededException", "AccessDeniedException"):
        try:
            logs.start_live_tail(logGroupIdentifiers=[arn])
            errors.append(f"logs:StartLiveTail: expected {code}")
        except ClientError as e:
            if e.response["Error"]["Code"] != code:
                errors.append(f"logs:StartLiveTail: expected {code}, got {e.response['Error']['Code']}")


def _json_call(port, model, op, params):
    """One JSON-protocol request to fake_aws: (status, body bytes, botocore-parsed answer)."""
    target = f"{model.metadata['targetPrefix']}.{op}"
    req = urllib.request.Request(f"http://127.0.0.1:{port}/", data=json.dumps(params).encode(),
                                 headers={"X-Amz-Target": target, "Content-Type": "application/x-amz-json-1.1"})
    try:
        with urllib.request.urlopen(req, timeout=15) as resp:
            status, headers, body = resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as e:
        status, headers, body = e.code, dict(e.headers), e.read()
    parsed = botocore.parsers.create_parser("json").parse(
        {"status_code": status, "headers": headers, "body": body}, model.operation_model(op).output_shape)
    return status, body, parsed


def _start_ready(argv, what, env=None):
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True, env=env)
    line = proc.stdout.readline()
    if not line.startswith("ready "):
        proc.kill()
        raise RuntimeError(f"{what} did not start (is node installed and npm ci done? scripts/setup does both)")
    return proc, int(line.split()[1])


def check_ssm_gateway(session, env, errors):
    """fake_aws --ssm-gateway in front of the ssm peer: the session operations answer real
    sessions in botocore's shapes, and the refusals are botocore-parsed errors."""
    procs = []
    try:
        peer, peer_port = _start_ready(["node", os.path.join(HERE, "ssm_peer", "peer.js"), "--port", "0"], "the ssm peer")
        procs.append(peer)
        fake, port = _start_ready([sys.executable, os.path.join(HERE, "fake_aws.py"), "--port", "0",
                                   "--ssm-gateway", f"http://127.0.0.1:{peer_port}"], "fake_aws --ssm-gateway", env)
        procs.append(fake)
    except (OSError, RuntimeError) as e:
        for p in procs:
            p.kill()
        return errors.append(f"ssm gateway: {e}")
    ssm, ecs = session.get_service_model("ssm"), session.get_service_model("ecs")

    def ok(model, op, params, label):
        status, body, parsed = _json_call(port, model, op, params)
        if status != 200 or "Error" in parsed:
            errors.append(f"{label}: {status} {body[:200]!r}")
            return {}
        doc = json.loads(body)
        check(doc, model.operation_model(op).output_shape, label, errors)
        return doc

    def refused(model, op, params, code, message_part, label):
        status, body, parsed = _json_call(port, model, op, params)
        err = parsed.get("Error", {})
        if status != 400 or err.get("Code") != code or message_part not in err.get("Message", ""):
            errors.append(f"{label}: expected 400 {code} ({message_part!r}), got {status} {err or body[:200]!r}")

    try:
        start = ok(ssm, "StartSession", {"Target": "i-0aaa111122223333a"}, "gateway ssm:StartSession")
        sid = start.get("SessionId", "")
        if not start.get("StreamUrl", "").startswith(f"ws://127.0.0.1:{peer_port}/v1/data-channel/{sid}"):
            errors.append(f"gateway ssm:StartSession: StreamUrl is not the peer's: {start.get('StreamUrl')}")
        resumed = ok(ssm, "ResumeSession", {"SessionId": sid}, "gateway ssm:ResumeSession")
        if not resumed.get("TokenValue") or resumed.get("TokenValue") == start.get("TokenValue"):
            errors.append("gateway ssm:ResumeSession: expected a new token")
        ok(ssm, "TerminateSession", {"SessionId": sid}, "gateway ssm:TerminateSession")
        gone = ok(ssm, "ResumeSession", {"SessionId": sid}, "gateway ssm:ResumeSession after TerminateSession")
        if gone.get("TokenValue") != "":
            errors.append("gateway ssm:ResumeSession after TerminateSession: expected an empty token")
        ok(ssm, "StartSession", {"Target": "i-0aaa111122223333a", "DocumentName": "AWS-StartPortForwardingSession",
                                 "Parameters": {"portNumber": ["5432"], "localPortNumber": ["15432"]}},
           "gateway ssm:StartSession port forward")
        execd = ok(ecs, "ExecuteCommand", {"cluster": "prod", "task": "abc123", "command": "/bin/sh", "interactive": True},
                   "gateway ecs:ExecuteCommand")
        if not execd.get("session", {}).get("streamUrl", "").startswith(f"ws://127.0.0.1:{peer_port}/"):
            errors.append("gateway ecs:ExecuteCommand: streamUrl is not the peer's")
        refused(ssm, "StartSession", {"Target": "i-0bbb111122223333b"}, "TargetNotConnected",
                "i-0bbb111122223333b is not connected.", "gateway ssm:StartSession ConnectionLost")
        refused(ssm, "StartSession", {"Target": "i-0aaa111122223333a", "DocumentName": "AWS-Nope"}, "InvalidDocument",
                "AWS-Nope", "gateway ssm:StartSession unknown document")
        refused(ssm, "ResumeSession", {"SessionId": "opsdeck-never"}, "DoesNotExistException", "opsdeck-never",
                "gateway ssm:ResumeSession unknown session")
    finally:
        for p in procs:
            p.terminate()
            p.wait()


def check(value, shape, path, errors):
    t = shape.type_name
    if t == "structure":
        if not isinstance(value, dict):
            return errors.append(f"{path}: expected object")
        for k, v in value.items():
            if k not in shape.members:
                errors.append(f"{path}.{k}: not in model shape {shape.name}")
            else:
                check(v, shape.members[k], f"{path}.{k}", errors)
        for req in shape.required_members:
            if req not in value:
                errors.append(f"{path}: missing required {req}")
    elif t == "list":
        if not isinstance(value, list):
            return errors.append(f"{path}: expected array")
        for i, v in enumerate(value):
            check(v, shape.member, f"{path}[{i}]", errors)
    elif t == "map":
        if not isinstance(value, dict):
            return errors.append(f"{path}: expected map")
        for k, v in value.items():
            check(k, shape.key, f"{path}<key>", errors)
            check(v, shape.value, f"{path}[{k}]", errors)
    elif t == "string":
        if not isinstance(value, str):
            return errors.append(f"{path}: expected string")
        if shape.enum and value not in shape.enum:
            errors.append(f"{path}: {value!r} not in enum {shape.name}")
    elif t in ("integer", "long"):
        if not isinstance(value, int) or isinstance(value, bool):
            errors.append(f"{path}: expected integer")
    elif t in ("float", "double"):
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            errors.append(f"{path}: expected number")
    elif t == "boolean":
        if not isinstance(value, bool):
            errors.append(f"{path}: expected boolean")
    elif t == "timestamp":
        if not isinstance(value, (int, float)):
            errors.append(f"{path}: JSON timestamps are epoch seconds")


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else None
    port = free_port()
    moto, moto_url = start_moto()
    env = dict(os.environ, AWS_ACCESS_KEY_ID="check", AWS_SECRET_ACCESS_KEY="check", AWS_REGION="us-east-1")
    srv = subprocess.Popen([sys.executable, os.path.join(HERE, "fake_aws.py"), "--port", str(port),
                            "--sqs-upstream", moto_url, "--logs-upstream", moto_url], stdout=subprocess.PIPE, text=True, env=env)
    try:
        if not srv.stdout.readline().startswith("ready"):
            print("fake_aws did not start")
            return 1
        session = botocore.session.get_session()
        errors = []
        for service, op, params in CALLS:
            if str(params.get("CommandId", "")).startswith("@"):  # the fake's Nth command id
                n = params["CommandId"][1:]
                params = dict(params, CommandId=str(uuid.uuid5(uuid.NAMESPACE_URL, f"opsdeck-fake-command-{n}")))
            for key in ("startTime", "endTime"):  # "@-3600": that many seconds from now
                if str(params.get(key, "")).startswith("@"):
                    params = dict(params, **{key: time.time() + float(params[key][1:])})
            model = session.get_service_model(service)
            opm = model.operation_model(op)
            target = f"{model.metadata['targetPrefix']}.{op}"
            req = urllib.request.Request(f"http://127.0.0.1:{port}/", data=json.dumps(params).encode(),
                                         headers={"X-Amz-Target": target,
                                                  "Content-Type": "application/x-amz-json-1.1"})
            with urllib.request.urlopen(req, timeout=10) as resp:
                body = resp.read()
                headers = dict(resp.headers)
                status = resp.status
            # The protocol botocore itself would pick for this service (json before query/cbor).
            protocols = model.metadata.get("protocols", [model.metadata["protocol"]])
            parser = botocore.parsers.create_parser("json" if "json" in protocols else protocols[0])
            parsed = parser.parse({"status_code": status, "headers": headers, "body": body},
                                  opm.output_shape)
            if "Error" in parsed:
                errors.append(f"{service}:{op}: botocore parsed an error: {parsed['Error']}")
            doc = json.loads(body)
            check(doc, opm.output_shape, f"{service}:{op}", errors)
            # botocore turns every modeled top-level member into Python values.
            for key in doc:
                if key not in parsed:
                    errors.append(f"{service}:{op}: botocore dropped {key}")
            for v in parsed.values():
                if isinstance(v, datetime.datetime) and v.tzinfo is None:
                    errors.append(f"{service}:{op}: naive timestamp")
            if out_dir:
                with open(os.path.join(out_dir, f"{service}_{op}.json"), "wb") as f:
                    f.write(body)
        check_live_tail(port, moto_url, session.get_service_model("logs"), errors)
        check_ssm_gateway(session, env, errors)
        if errors:
            print("\n".join(errors))
            return 1
        print(f"ok {len(CALLS) + 2} operations")
        return 0
    finally:
        srv.terminate()
        srv.wait()
        moto.terminate()
        moto.wait()


if __name__ == "__main__":
    sys.exit(main())
