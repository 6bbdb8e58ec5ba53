#!/usr/bin/env python3
"""Turn on SigV4 checking in a running moto_server and create the one IAM identity that
may call it.

moto checks signatures only after its "no auth" allowance is used up. This script sets
that allowance to exactly three requests (POST /moto-api/reset-auth), spends them on
CreateUser, PutUserPolicy (Allow * on *) and CreateAccessKey, and from then on every
request must be signed with the returned key. It proves it by making one signed call
and one call with a wrong secret (which must be refused).

Usage:
  moto_bootstrap.py --endpoint-url http://127.0.0.1:PORT [--user NAME] [--format env|json|ini]

Prints the new credentials on stdout (env: shell `export` lines; json: an object;
ini: a shared-credentials file body for profile "demo"). Talks only to the endpoint given.
"""
import argparse
import json
import sys
import urllib.request

import boto3
import botocore.config
import botocore.exceptions

# moto accepts any key while authentication is off; these never leave this process.
_BOOTSTRAP_KEY = ("AKIABOOTSTRAPBOOTSTR", "bootstrap-only-not-a-secret")
_NO_AUTH_CALLS = 3
_POLICY = {"Version": "2012-10-17",
           "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}


def _client(service, endpoint, region, key_id, secret):
    return boto3.client(
        service, endpoint_url=endpoint, region_name=region,
        aws_access_key_id=key_id, aws_secret_access_key=secret,
        config=botocore.config.Config(retries={"max_attempts": 1}))


def bootstrap(endpoint, user="opsdeck-demo", region="us-east-1"):
    """Returns (access_key_id, secret_access_key) of a user allowed to do everything."""
    req = urllib.request.Request(endpoint.rstrip("/") + "/moto-api/reset-auth",
                                 data=str(_NO_AUTH_CALLS).encode(), method="POST",
                                 headers={"Content-Type": "text/plain"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        resp.read()
    iam = _client("iam", endpoint, region, *_BOOTSTRAP_KEY)
    iam.create_user(UserName=user)                                   # no-auth call 1
    iam.put_user_policy(UserName=user, PolicyName="allow-all",        # no-auth call 2
                        PolicyDocument=json.dumps(_POLICY))
    key = iam.create_access_key(UserName=user)["AccessKey"]          # no-auth call 3
    creds = (key["AccessKeyId"], key["SecretAccessKey"])

    sts = _client("sts", endpoint, region, *creds)
    sts.get_caller_identity()
    wrong = _client("sts", endpoint, region, creds[0], creds[1] + "x")
    try:
        wrong.get_caller_identity()
    except botocore.exceptions.ClientError:
        pass
    else:
        raise RuntimeError("moto accepted a wrongly signed request: signature checking is off")
    return creds


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--endpoint-url", required=True)
    ap.add_argument("--user", default="opsdeck-demo")
    ap.add_argument("--region", default="us-east-1")
    ap.add_argument("--format", choices=["env", "json", "ini"], default="env")
    args = ap.parse_args()
    if not args.endpoint_url.startswith(("http://127.", "http://localhost")):
        sys.exit("moto_bootstrap: refusing a non-loopback endpoint: " + args.endpoint_url)
    key_id, secret = bootstrap(args.endpoint_url, args.user, args.region)
    if args.format == "json":
        print(json.dumps({"aws_access_key_id": key_id, "aws_secret_access_key": secret}))
    elif args.format == "ini":
        print(f"[demo]\naws_access_key_id = {key_id}\naws_secret_access_key = {secret}")
    else:
        print(f"export AWS_ACCESS_KEY_ID={key_id}\nexport AWS_SECRET_ACCESS_KEY={secret}")


if __name__ == "__main__":
    main()
