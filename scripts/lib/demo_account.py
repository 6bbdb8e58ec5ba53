"""The resources of the opsdeck demo account (see scripts/demo-stack).

Every part is idempotent: it looks for what it would create and skips or overwrites it,
so running demo-stack twice against the same moto_server leaves one copy of everything.
build() runs each part on its own and reports the parts that failed instead of stopping
at the first error, so one moto gap does not leave the rest of the account empty.
"""
import json

import botocore.exceptions

import demo_metrics

# Instances: (Name, env, stack, type, running?)
INSTANCES = [
    ("clinic-api", "prod", "clinic", "t4g.small", True),
    ("clinic-api-staging", "staging", "clinic", "t4g.micro", False),
    ("personal-app", "prod", "personal", "t3.small", True),
    ("clickit-bastion", "prod", "clickit", "t3.nano", False),
    ("clickit-dev-runner", "dev", "clickit", "t3.micro", True),
]

# Elastic IPs of the public-facing instances: TEST-NET-3 (RFC 5737), never routed anywhere.
PUBLIC_IPS = {"clinic-api": "203.0.113.21", "personal-app": "203.0.113.22", "clickit-bastion": "203.0.113.23"}

# RDS: (identifier, engine version, class, storage GiB, multi-AZ, env, stack)
DATABASES = [
    ("clinic-db", "15.4", "db.t4g.micro", 20, False, "prod", "clinic"),
    ("therapy-db", "14.10", "db.t3.micro", 20, False, "prod", "therapy"),
    ("clickit-prod-db", "15.4", "db.t4g.medium", 100, True, "prod", "clickit"),
    ("clickit-dev-db", "15.4", "db.t4g.micro", 20, False, "dev", "clickit"),
]

# Parameter Store: (name, type, value). Values are obviously fake.
PARAMETERS = [
    ("/app/prod/DATABASE_URL", "SecureString",
     "postgres://clinic:demo-password-not-real@clinic-db.demo.internal:5432/clinic"),
    ("/app/prod/JWT_SECRET", "SecureString", "demo-jwt-secret-not-real"),
    ("/app/prod/SENTRY_DSN", "SecureString", "https://demo@sentry.invalid/1"),
    ("/app/prod/LOG_LEVEL", "String", "info"),
    ("/app/prod/IMAGE_TAG", "String", "clinic-api:2026.11.20-3"),
    ("/app/prod/FEATURE_FLAGS", "StringList", "new-scheduler,sms-reminders"),
    ("/app/staging/DATABASE_URL", "SecureString",
     "postgres://clinic:demo-password-not-real@clinic-db-staging.demo.internal:5432/clinic"),
    ("/app/staging/LOG_LEVEL", "String", "debug"),
    ("/therapy/prod/DATABASE_URL", "SecureString",
     "postgres://therapy:demo-password-not-real@therapy-db.demo.internal:5432/therapy"),
    ("/therapy/prod/STRIPE_KEY", "SecureString", "sk_test_demo_not_real"),
    ("/clickit/prod/API_BASE_URL", "String", "https://api.clickit.example"),
]

SECRETS = [
    ("personal-app/prod/env", {"SECRET_KEY_BASE": "demo-not-real", "REDIS_URL": "redis://redis:6379/0",
                               "POSTGRES_PASSWORD": "demo-not-real"}),
    ("clickit/prod/database", {"username": "clickit", "password": "demo-not-real",
                               "host": "clickit-prod-db.demo.internal", "port": 5432}),
    ("clickit/prod/stripe", {"api_key": "sk_test_demo_not_real"}),
    ("clickit/dev/database", {"username": "clickit", "password": "demo-not-real",
                              "host": "clickit-dev-db.demo.internal", "port": 5432}),
]

ECS_ENVS = {"prod": {"api": 2, "frontend": 2}, "dev": {"api": 1, "frontend": 0}}

STOP_REASONS = [
    ("api", "Essential container in task exited"),
    ("api", "Task failed ELB health checks in (target-group arn:aws:elasticloadbalancing:"
            "us-east-1:123456789012:targetgroup/clickit-prod-api/73e2d6bc24d8a067)"),
    ("frontend", "CannotPullContainerError: pull image manifest has been retried 5 time(s): "
                 "failed to resolve ref 123456789012.dkr.ecr.us-east-1.amazonaws.com/"
                 "clickit-frontend:2026.11.21-1: not found"),
    ("api", "OutOfMemoryError: Container killed due to memory usage"),
]


def _tags(d):
    return [{"Key": k, "Value": v} for k, v in d.items()]


def _fails_with(fn, code):
    """True when fn() fails with the AWS error `code` (typically: the thing is not there)."""
    try:
        fn()
        return False
    except botocore.exceptions.ClientError as e:
        if e.response["Error"]["Code"] == code:
            return True
        raise


class Account:
    def __init__(self, client, log):
        self.c = client
        self.log = log
        self.ec2 = client("ec2")
        self.instance_ids = {}
        self.sg = {}
        self.subnets = []
        self.vpc_id = None
        self.target_groups = {}
        self.lb_arn = None

    # --- network ------------------------------------------------------------------
    def network(self):
        vpcs = self.ec2.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"]
        self.vpc_id = vpcs[0]["VpcId"]
        subnets = self.ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [self.vpc_id]}])["Subnets"]
        self.subnets = [s["SubnetId"] for s in sorted(subnets, key=lambda s: s["AvailabilityZone"])]
        # moto's default subnets hand out public IPs from a real AWS range (54.214.x.x): the
        # demo's instances get none, and the public-facing ones an Elastic IP from the
        # documentation range (PUBLIC_IPS), so nothing on screen is an address elsewhere.
        for subnet in subnets:
            if subnet.get("MapPublicIpOnLaunch"):
                self.ec2.modify_subnet_attribute(SubnetId=subnet["SubnetId"], MapPublicIpOnLaunch={"Value": False})
        groups = {
            # name: (description, [(port, cidr)])  — 22 and 5432 open to the world on purpose:
            # the security-group audit should find them.
            "clinic-api-sg": ("clinic API host", [(22, "0.0.0.0/0"), (80, "0.0.0.0/0"), (443, "0.0.0.0/0")]),
            "clinic-db-sg": ("clinic database", [(5432, "0.0.0.0/0")]),
            "personal-app-sg": ("personal app host", [(22, "0.0.0.0/0"), (443, "0.0.0.0/0")]),
            "clickit-prod-alb-sg": ("clickit ALB", [(80, "0.0.0.0/0"), (443, "0.0.0.0/0")]),
            "clickit-prod-tasks-sg": ("clickit tasks", [(3000, "10.0.0.0/8")]),
            "clickit-prod-db-sg": ("clickit database", [(5432, "10.0.0.0/8")]),
        }
        existing = {g["GroupName"]: g["GroupId"] for g in self.ec2.describe_security_groups(
            Filters=[{"Name": "vpc-id", "Values": [self.vpc_id]}])["SecurityGroups"]}
        for name, (desc, rules) in groups.items():
            if name in existing:
                self.sg[name] = existing[name]
                continue
            gid = self.ec2.create_security_group(GroupName=name, Description=desc, VpcId=self.vpc_id,
                                                 TagSpecifications=[{"ResourceType": "security-group",
                                                                     "Tags": _tags({"Name": name})}])["GroupId"]
            self.sg[name] = gid
            self.ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=[
                {"IpProtocol": "tcp", "FromPort": p, "ToPort": p, "IpRanges": [{"CidrIp": cidr}]}
                for p, cidr in rules])
        self.log(f"security groups: {len(self.sg)}")

    # --- EC2 ------------------------------------------------------------------------
    def instances(self):
        found = {}
        for page in self.ec2.get_paginator("describe_instances").paginate(
                Filters=[{"Name": "instance-state-name", "Values": ["pending", "running", "stopping", "stopped"]}]):
            for r in page["Reservations"]:
                for i in r["Instances"]:
                    name = next((t["Value"] for t in i.get("Tags", []) if t["Key"] == "Name"), None)
                    if name:
                        found[name] = i["InstanceId"]
        ami = self.ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
        self._key_pair()
        for n, (name, env, stack, itype, running) in enumerate(INSTANCES):
            if name in found:
                self.instance_ids[name] = found[name]
                continue
            sg = self.sg.get(f"{name}-sg") or self.sg.get("clinic-api-sg")
            iid = self.ec2.run_instances(
                ImageId=ami, InstanceType=itype, MinCount=1, MaxCount=1,
                SubnetId=self.subnets[n % len(self.subnets)], SecurityGroupIds=[sg],
                KeyName="ops-demo",
                TagSpecifications=[{"ResourceType": "instance", "Tags": _tags(
                    {"Name": name, "env": env, "stack": stack, "owner": "ops"})}],
            )["Instances"][0]["InstanceId"]
            self.instance_ids[name] = iid
            if name in PUBLIC_IPS:
                eip = self.ec2.allocate_address(Domain="vpc", Address=PUBLIC_IPS[name])
                self.ec2.associate_address(InstanceId=iid, AllocationId=eip["AllocationId"])
        self.log(f"instances: {', '.join(f'{k}={v}' for k, v in self.instance_ids.items())}")

    def _key_pair(self):
        if _fails_with(lambda: self.ec2.describe_key_pairs(KeyNames=["ops-demo"]), "InvalidKeyPair.NotFound"):
            self.ec2.create_key_pair(KeyName="ops-demo")

    def stop_instances(self):
        # After load_balancer(): only running instances can be registered as targets.
        ids = [self.instance_ids[name] for name, _, _, _, running in INSTANCES if not running]
        self.ec2.stop_instances(InstanceIds=ids)
        self.log(f"stopped {len(ids)} instances")

    # --- RDS ------------------------------------------------------------------------
    def databases(self):
        rds = self.c("rds")
        have = {d["DBInstanceIdentifier"] for d in rds.describe_db_instances()["DBInstances"]}
        # In the VPC of the instances, so a port forward (`f`) finds one to go through.
        groups = {g["DBSubnetGroupName"] for g in rds.describe_db_subnet_groups()["DBSubnetGroups"]}
        if "demo-db-subnets" not in groups:
            rds.create_db_subnet_group(DBSubnetGroupName="demo-db-subnets",
                                       DBSubnetGroupDescription="demo databases", SubnetIds=self.subnets[:2])
        for ident, ver, cls, gib, multi_az, env, stack in DATABASES:
            if ident in have:
                continue
            rds.create_db_instance(
                DBInstanceIdentifier=ident, Engine="postgres", EngineVersion=ver, DBInstanceClass=cls,
                AllocatedStorage=gib, MultiAZ=multi_az, MasterUsername="dbadmin",
                MasterUserPassword="demo-password-not-real", BackupRetentionPeriod=7 if env == "prod" else 1,
                DBName=stack, PubliclyAccessible=False, StorageType="gp3", DBSubnetGroupName="demo-db-subnets",
                VpcSecurityGroupIds=[self.sg["clinic-db-sg" if stack == "clinic" else "clickit-prod-db-sg"]],
                Tags=_tags({"env": env, "stack": stack}))
        if not rds.describe_db_snapshots(DBInstanceIdentifier="clinic-db")["DBSnapshots"]:
            rds.create_db_snapshot(DBInstanceIdentifier="clinic-db",
                                   DBSnapshotIdentifier="clinic-db-before-migration-2026-11-20")
        self.log(f"databases: {len(DATABASES)}")

    # --- ELBv2 ----------------------------------------------------------------------
    def load_balancer(self):
        elb = self.c("elbv2")
        lbs = {lb["LoadBalancerName"]: lb["LoadBalancerArn"] for lb in elb.describe_load_balancers()["LoadBalancers"]}
        self.lb_arn = lbs.get("clickit-prod-alb") or elb.create_load_balancer(
            Name="clickit-prod-alb", Subnets=self.subnets[:2], SecurityGroups=[self.sg["clickit-prod-alb-sg"]],
            Scheme="internet-facing", Type="application",
            Tags=_tags({"env": "prod", "stack": "clickit"}))["LoadBalancers"][0]["LoadBalancerArn"]
        tgs = {t["TargetGroupName"]: t["TargetGroupArn"] for t in elb.describe_target_groups()["TargetGroups"]}
        specs = {
            "clickit-prod-api": ("ip", 3000, "/v1/health"),
            "clickit-prod-frontend": ("ip", 80, "/"),
            "clinic-api": ("instance", 80, "/healthz"),
        }
        for name, (ttype, port, path) in specs.items():
            if name not in tgs:
                tgs[name] = elb.create_target_group(
                    Name=name, Protocol="HTTP", Port=port, VpcId=self.vpc_id, TargetType=ttype,
                    HealthCheckPath=path, HealthCheckIntervalSeconds=15, Matcher={"HttpCode": "200"},
                )["TargetGroups"][0]["TargetGroupArn"]
            self.target_groups[name] = tgs[name]
        if not elb.describe_listeners(LoadBalancerArn=self.lb_arn)["Listeners"]:
            elb.create_listener(LoadBalancerArn=self.lb_arn, Protocol="HTTP", Port=80,
                                DefaultActions=[{"Type": "forward",
                                                 "TargetGroupArn": self.target_groups["clickit-prod-api"]}])
        targets = {
            "clickit-prod-api": [("10.0.1.15", 3000), ("10.0.2.27", 3000)],
            "clickit-prod-frontend": [("10.0.1.33", 80), ("10.0.2.41", 80)],
            # The staging instance is stopped later and then shows as an unhealthy target.
            "clinic-api": [(self.instance_ids["clinic-api"], 80), (self.instance_ids["clinic-api-staging"], 80)],
        }
        running = {i["InstanceId"] for r in self.ec2.describe_instances(
            Filters=[{"Name": "instance-state-name", "Values": ["running"]}])["Reservations"] for i in r["Instances"]}
        for tg, wanted in targets.items():
            arn = self.target_groups[tg]
            have = {d["Target"]["Id"] for d in elb.describe_target_health(TargetGroupArn=arn)["TargetHealthDescriptions"]}
            new = [{"Id": t, "Port": p} for t, p in wanted
                   if t not in have and (not t.startswith("i-") or t in running)]
            if new:
                elb.register_targets(TargetGroupArn=arn, Targets=new)
        self.log(f"load balancer + {len(self.target_groups)} target groups")

    # --- ECS ------------------------------------------------------------------------
    def ecs(self):
        ecs = self.c("ecs")
        for env, services in ECS_ENVS.items():
            cluster = f"clickit-{env}"
            ecs.create_cluster(clusterName=cluster, tags=[{"key": "env", "value": env}],
                               settings=[{"name": "containerInsights", "value": "enabled"}])
            for svc, desired in services.items():
                family = f"clickit-{env}-{svc}"
                port = 3000 if svc == "api" else 80
                td = ecs.register_task_definition(
                    family=family, requiresCompatibilities=["FARGATE"], networkMode="awsvpc",
                    cpu="512", memory="1024",
                    executionRoleArn="arn:aws:iam::123456789012:role/clickit-task-execution",
                    containerDefinitions=[{
                        "name": svc, "essential": True, "cpu": 512, "memory": 1024,
                        "image": f"123456789012.dkr.ecr.us-east-1.amazonaws.com/clickit-{svc}:2026.11.20-2",
                        "portMappings": [{"containerPort": port, "protocol": "tcp"}],
                        "logConfiguration": {"logDriver": "awslogs", "options": {
                            "awslogs-group": f"/ecs/clickit-{env}-{svc}", "awslogs-region": "us-east-1",
                            "awslogs-stream-prefix": "ecs"}},
                        "secrets": [{"name": "DATABASE_PASSWORD",
                                     "valueFrom": f"arn:aws:secretsmanager:us-east-1:123456789012:secret:clickit/{env}/database"}],
                    }])["taskDefinition"]["taskDefinitionArn"]
                existing = ecs.describe_services(cluster=cluster, services=[svc])["services"]
                if not existing or existing[0]["status"] != "ACTIVE":
                    kw = {}
                    if env == "prod":
                        kw["loadBalancers"] = [{"targetGroupArn": self.target_groups[f"clickit-prod-{svc}"],
                                                "containerName": svc, "containerPort": port}]
                    ecs.create_service(
                        cluster=cluster, serviceName=svc, taskDefinition=td, desiredCount=desired,
                        launchType="FARGATE", networkConfiguration=self._awsvpc(), **kw)
                    # moto reports runningCount 0 for a new service; UpdateService with a desired
                    # count makes it report that many running. clickit-dev's api is left short
                    # (0 of 1) so the demo has a service that is not at its desired count.
                    if (env, svc) != ("dev", "api"):
                        ecs.update_service(cluster=cluster, service=svc, desiredCount=desired)
                running = ecs.list_tasks(cluster=cluster, family=family, desiredStatus="RUNNING")["taskArns"]
                if desired and not running:
                    ecs.run_task(cluster=cluster, taskDefinition=td, launchType="FARGATE", count=desired,
                                 group=f"service:{svc}", startedBy=f"ecs-svc/{env}{svc}",
                                 networkConfiguration=self._awsvpc())
            if env == "prod" and not ecs.list_tasks(cluster=cluster, desiredStatus="STOPPED")["taskArns"]:
                for svc, reason in STOP_REASONS:
                    t = ecs.run_task(cluster=cluster, taskDefinition=f"clickit-prod-{svc}", launchType="FARGATE",
                                     count=1, group=f"service:{svc}", startedBy=f"ecs-svc/{env}{svc}",
                                     networkConfiguration=self._awsvpc())["tasks"][0]
                    ecs.stop_task(cluster=cluster, task=t["taskArn"], reason=reason)
        self.log("ecs: clusters clickit-prod, clickit-dev")

    def _awsvpc(self):
        return {"awsvpcConfiguration": {"subnets": self.subnets[:2],
                                        "securityGroups": [self.sg["clickit-prod-tasks-sg"]],
                                        "assignPublicIp": "DISABLED"}}

    # --- SQS ------------------------------------------------------------------------
    def queues(self):
        sqs = self.c("sqs")
        dlq_url = sqs.create_queue(QueueName="style-finder-jobs-dlq",
                                   Attributes={"MessageRetentionPeriod": "1209600"})["QueueUrl"]
        dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        url = sqs.create_queue(QueueName="style-finder-jobs", Attributes={
            "VisibilityTimeout": "120",
            "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": "5"})})["QueueUrl"]
        sqs.create_queue(QueueName="clickit-prod-emails")
        for q, n, kind in ((url, 14, "job"), (dlq_url, 3, "failed-job")):
            depth = int(sqs.get_queue_attributes(QueueUrl=q, AttributeNames=["ApproximateNumberOfMessages"])
                        ["Attributes"]["ApproximateNumberOfMessages"])
            for i in range(depth, n):
                sqs.send_message(QueueUrl=q, MessageBody=json.dumps(
                    {"type": "analyse-outfit", "kind": kind, "user_id": 1000 + i, "image": f"uploads/{i:04d}.jpg"}))
        self.log("sqs: style-finder-jobs (+ DLQ), clickit-prod-emails")

    # --- Parameters and secrets ---------------------------------------------------------
    def parameters(self):
        ssm = self.c("ssm")
        for name, ptype, value in PARAMETERS:
            ssm.put_parameter(Name=name, Type=ptype, Value=value, Overwrite=True)
        self.log(f"ssm parameters: {len(PARAMETERS)}")

    def secrets(self):
        sm = self.c("secretsmanager")
        have = {s["Name"] for s in sm.list_secrets()["SecretList"]}
        for name, value in SECRETS:
            if name not in have:
                sm.create_secret(Name=name, SecretString=json.dumps(value),
                                 Description=f"demo secret for {name.split('/')[0]}")
        self.log(f"secrets: {len(SECRETS)}")

    # --- Extras: cache, DNS -----------------------------------------------------------------
    def extras(self):
        ec = self.c("elasticache")
        if _fails_with(lambda: ec.describe_cache_clusters(CacheClusterId="clickit-prod-redis"), "CacheClusterNotFound"):
            ec.create_cache_cluster(CacheClusterId="clickit-prod-redis", Engine="redis", CacheNodeType="cache.t4g.micro",
                                    NumCacheNodes=1)
        # moto 5.2.1 refuses signed GETs to Route 53 (403), so the zone cannot be looked up
        # first; the caller reference makes a second CreateHostedZone fail instead.
        r53 = self.c("route53")
        try:
            zone = r53.create_hosted_zone(Name="clinic.example.com",
                                          CallerReference="opsdeck-demo-clinic")["HostedZone"]["Id"]
            r53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": [
                {"Action": "UPSERT", "ResourceRecordSet": {"Name": "api.clinic.example.com", "Type": "A", "TTL": 300,
                                                           "ResourceRecords": [{"Value": "203.0.113.10"}]}}]})
        except botocore.exceptions.ClientError as e:
            if e.response["Error"]["Code"] != "HostedZoneAlreadyExists":
                raise
        self.log("elasticache clickit-prod-redis, route53 clinic.example.com")

    # --- CloudWatch metrics and alarms ----------------------------------------------------
    def metrics_and_alarms(self):
        demo_metrics.seed(self.c("cloudwatch"), self.instance_ids, self.log, self.lb_arn)


def build(client, log):
    """Creates every part; returns the names of the parts that failed."""
    acct = Account(client, log)
    failures = []
    for part in ("network", "instances", "databases", "load_balancer", "stop_instances", "ecs", "queues",
                 "parameters", "secrets", "extras", "metrics_and_alarms"):
        try:
            getattr(acct, part)()
        except Exception as e:  # noqa: BLE001 — report and go on with the other parts
            log(f"{part} failed: {type(e).__name__}: {e}")
            failures.append(part)
    return failures
