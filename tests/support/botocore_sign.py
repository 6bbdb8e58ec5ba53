#!/usr/bin/env python3
"""Signs request descriptions with botocore's SigV4Auth, for cross-checking opsdeck's signer.

stdin: a JSON array of cases {method, url, params: [[k, v]], headers: [[k, v]],
body_hex, access_key, secret_key, token, region, service, amz_date}.
stdout: a JSON array of {canonical_request, string_to_sign, signature}, in the same order.
The clock is not read: each case carries its X-Amz-Date, as moto does when it re-checks.
"""
import json
import sys

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


def sign(case):
    creds = Credentials(case["access_key"], case["secret_key"], case.get("token") or None)
    auth = SigV4Auth(creds, case["service"], case["region"])
    headers = [(k, v) for k, v in case["headers"]]
    headers.append(("X-Amz-Date", case["amz_date"]))
    if case.get("token"):
        headers.append(("X-Amz-Security-Token", case["token"]))
    req = AWSRequest(method=case["method"], url=case["url"], params=[(k, v) for k, v in case["params"]] or None,
                     data=bytes.fromhex(case["body_hex"]))
    for k, v in headers:
        req.headers.add_header(k, v)  # HTTPHeaders keeps repeated names
    req.context["timestamp"] = case["amz_date"]
    cr = auth.canonical_request(req)
    sts = auth.string_to_sign(req, cr)
    return {"canonical_request": cr, "string_to_sign": sts, "signature": auth.signature(sts, req)}


def main():
    cases = json.load(sys.stdin)
    json.dump([sign(c) for c in cases], sys.stdout)


if __name__ == "__main__":
    main()
