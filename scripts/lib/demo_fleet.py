#!/usr/bin/env python3
"""Make the demo account a demo fleet: two more AWS accounts on the same moto_server,
reached from profile "demo" by assuming a role (as on-call profiles are), and a second
region, with an alarm firing in a member that is not the default one.

  demo             123456789012  us-east-1 (the demo account), eu-west-1 (one alarm, OK)
  demo-staging     111111111111  us-east-1 (alarms OK), eu-west-1 (quiet)
  demo-shared      222222222222  eu-west-1 (the VPN tunnel alarm in ALARM)

moto keeps one state per account and gives an assumed role's credentials the role's
account. A role must exist in its account before its credentials may act there: the two
roles are created with moto's no-auth allowance (/moto-api/reset-auth lets exactly those
four calls through); everything else is signed.

Usage: demo_fleet.py --endpoint-url URL    (credentials of profile demo from the
environment). Prints the AWS config profiles to append (ini).
"""
import argparse
import json
import sys
import urllib.parse
import urllib.request

import boto3

ROLE = "opsdeck-demo"
ACCOUNTS = {"demo-staging": "111111111111", "demo-shared": "222222222222"}
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]})
EVERYTHING = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "*", "Resource": "*"}]})


def alarm(cw, name, state, metric, reason):
    cw.put_metric_alarm(AlarmName=name, MetricName=metric, Namespace="AWS/EC2", Statistic="Average", Period=60,
                        EvaluationPeriods=1, Threshold=80, ComparisonOperator="GreaterThanThreshold")
    cw.set_alarm_state(AlarmName=name, StateValue=state, StateReason=reason)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--endpoint-url", required=True)
    ep = ap.parse_args().endpoint_url
    host = urllib.parse.urlparse(ep).hostname or ""
    if not (host.startswith("127.") or host in ("localhost", "::1")):
        sys.exit(f"demo_fleet.py: refusing {ep}: only a loopback moto_server")
    req = urllib.request.Request(ep + "/moto-api/reset-auth", data=str(2 * len(ACCOUNTS)).encode(), method="POST",
                                 headers={"Content-Type": "text/plain"})
    urllib.request.urlopen(req).read()
    for account in ACCOUNTS.values():
        iam = boto3.client("iam", endpoint_url=ep, region_name="us-east-1")
        iam.meta.events.register("before-sign.*.*", lambda request, a=account, **_: request.headers.__setitem__(
            "x-moto-account-id", a))
        iam.create_role(RoleName=ROLE, AssumeRolePolicyDocument=TRUST)
        iam.put_role_policy(RoleName=ROLE, PolicyName="everything", PolicyDocument=EVERYTHING)
    sts = boto3.client("sts", endpoint_url=ep, region_name="us-east-1")

    def client(profile, service, region):
        if profile == "demo":
            return boto3.client(service, endpoint_url=ep, region_name=region)
        c = sts.assume_role(RoleArn=f"arn:aws:iam::{ACCOUNTS[profile]}:role/{ROLE}",
                            RoleSessionName="demo-fleet")["Credentials"]
        return boto3.client(service, endpoint_url=ep, region_name=region, aws_access_key_id=c["AccessKeyId"],
                            aws_secret_access_key=c["SecretAccessKey"], aws_session_token=c["SessionToken"])

    alarm(client("demo", "cloudwatch", "eu-west-1"), "eu-api-latency", "OK", "Latency", "within threshold")
    cw = client("demo-staging", "cloudwatch", "us-east-1")
    alarm(cw, "staging-api-cpu", "OK", "CPUUtilization", "within threshold")
    alarm(cw, "staging-db-connections", "OK", "DatabaseConnections", "within threshold")
    cw = client("demo-shared", "cloudwatch", "eu-west-1")
    alarm(cw, "shared-vpn-tunnel-down", "ALARM", "TunnelState",
          "Threshold Crossed: 1 datapoint [0.0] was not greater than the threshold (80.0)")
    alarm(cw, "shared-nat-errors", "OK", "ErrorPortAllocation", "within threshold")
    for profile, account in ACCOUNTS.items():
        region = "eu-west-1" if profile == "demo-shared" else "us-east-1"
        print(f"[profile {profile}]\nrole_arn = arn:aws:iam::{account}:role/{ROLE}\nsource_profile = demo\n"
              f"region = {region}\noutput = json")


if __name__ == "__main__":
    main()
