#!/usr/bin/env python3
"""Seed a running, signature-checking moto_server with a fleet: several AWS accounts, each
reached by assuming a role, each with alarms, instances and (optionally) databases in
several regions.

moto keeps one state per account: credentials of an assumed role belong to the role's
account (arn:aws:iam::111111111111:role/fleet -> 111111111111). A role must exist in its
account before its credentials may act there; the roles are created unauthenticated (moto's
/moto-api/reset-auth lets exactly that many actions through), everything else is signed
with the assumed roles' credentials.

Usage: seed_fleet.py ENDPOINT --accounts A,B --members A/us-east-1,B/eu-west-1
                     [--instances N] [--databases N] [--alarms N]
Base credentials (moto's IAM user) come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY.
Prints a JSON summary: {"roles": {account: arn}, "members": {"A/region": {"firing": name,
"ok": [names], "instances": [ids], "databases": [ids]}}}. Each member gets one alarm in
ALARM (set in member order, so the first member's has stood longest) and N-1 in OK, and the
alarms' metric (AWS/EC2 CPUUtilization) has a datapoint every 5 minutes of the last hour.
"""
import argparse
import datetime
import json
import os
import urllib.request

import boto3

ROLE = "fleet"
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]})
EVERYTHING = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "*", "Resource": "*"}]})


def create_roles(endpoint, accounts):
    req = urllib.request.Request(endpoint + "/moto-api/reset-auth", data=str(2 * len(accounts)).encode(),
                                 method="POST", headers={"Content-Type": "text/plain"})
    urllib.request.urlopen(req).read()
    for account in accounts:
        iam = boto3.client("iam", endpoint_url=endpoint, region_name="us-east-1")
        iam.meta.events.register("before-sign.*.*", lambda request, a=account, **_: request.headers.__setitem__(
            "x-moto-account-id", a))
        iam.create_role(RoleName=ROLE, AssumeRolePolicyDocument=TRUST)
        iam.put_role_policy(RoleName=ROLE, PolicyName="everything", PolicyDocument=EVERYTHING)


def role_arn(account):
    return f"arn:aws:iam::{account}:role/{ROLE}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("endpoint")
    ap.add_argument("--accounts", required=True)
    ap.add_argument("--members", required=True)
    ap.add_argument("--instances", type=int, default=1)
    ap.add_argument("--databases", type=int, default=0)
    ap.add_argument("--alarms", type=int, default=2)
    args = ap.parse_args()
    accounts = args.accounts.split(",")
    create_roles(args.endpoint, accounts)
    sts = boto3.client("sts", endpoint_url=args.endpoint, region_name="us-east-1")
    creds = {}
    for account in accounts:
        c = sts.assume_role(RoleArn=role_arn(account), RoleSessionName="seed")["Credentials"]
        creds[account] = dict(aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"],
                              aws_session_token=c["SessionToken"])
    summary = {"roles": {a: role_arn(a) for a in accounts}, "members": {}}
    for member in args.members.split(","):
        account, region = member.split("/")
        kw = dict(endpoint_url=args.endpoint, region_name=region, **creds[account])
        tag = f"acct{account[-4:]}-{region}"
        out = {"ok": [], "instances": [], "databases": []}
        cw = boto3.client("cloudwatch", **kw)
        for i in range(args.alarms):
            name = f"{tag}-firing" if i == 0 else f"{tag}-ok-{i}"
            cw.put_metric_alarm(AlarmName=name, MetricName="CPUUtilization", Namespace="AWS/EC2",
                                Statistic="Average", Period=60, EvaluationPeriods=1, Threshold=85,
                                ComparisonOperator="GreaterThanThreshold")
            cw.set_alarm_state(AlarmName=name, StateValue="ALARM" if i == 0 else "OK",
                               StateReason="seeded by seed_fleet.py")
            if i == 0:
                out["firing"] = name
            else:
                out["ok"].append(name)
        # The alarms' metric over the last hour: the console's sparklines have a series.
        now = datetime.datetime.now(datetime.timezone.utc)
        cw.put_metric_data(Namespace="AWS/EC2", MetricData=[
            {"MetricName": "CPUUtilization", "Value": 40.0 + 10 * (k % 5),
             "Timestamp": now - datetime.timedelta(minutes=5 * k)} for k in range(12)])
        if args.instances:
            ec2 = boto3.client("ec2", **kw)
            image = ec2.describe_images()["Images"][0]["ImageId"]
            got = ec2.run_instances(ImageId=image, MinCount=args.instances, MaxCount=args.instances,
                                    InstanceType="t3.micro", TagSpecifications=[{
                                        "ResourceType": "instance", "Tags": [{"Key": "Name", "Value": f"{tag}-web"}]}])
            out["instances"] = [i["InstanceId"] for i in got["Instances"]]
        if args.databases:
            rds = boto3.client("rds", **kw)
            for i in range(args.databases):
                db = f"{tag}-db-{i}"
                rds.create_db_instance(DBInstanceIdentifier=db, Engine="postgres", DBInstanceClass="db.t3.micro",
                                       AllocatedStorage=20, MasterUsername="admin", MasterUserPassword="password123")
                out["databases"].append(db)
        summary["members"][member] = out
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
