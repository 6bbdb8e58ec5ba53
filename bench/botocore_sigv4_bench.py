#!/usr/bin/env python3
"""Times botocore's SigV4Auth on the request bench_sigv4_bench signs (BM_SigV4_SignDescribeInstances).

Usage: python3 bench/botocore_sigv4_bench.py [seconds]
Prints signs per second. Each iteration builds the AWSRequest and signs it, as the C++
benchmark copies the request and signs it.
"""
import sys
import time

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

BODY = ("Action=DescribeInstances&Version=2016-11-15&Filter.1.Name=instance-state-name&"
        "Filter.1.Value.1=running&Filter.2.Name=tag%3AEnv&Filter.2.Value.1=prod&MaxResults=200")


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
    auth = SigV4Auth(Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), "ec2", "us-east-1")
    n = 0
    cpu_start = time.process_time()
    start = time.perf_counter()
    deadline = start + seconds
    while True:
        for _ in range(200):
            req = AWSRequest(method="POST", url="https://ec2.us-east-1.amazonaws.com/", data=BODY,
                             headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
            auth.add_auth(req)
        n += 200
        if time.perf_counter() >= deadline:
            break
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    print(f"botocore SigV4Auth.add_auth: {n / cpu:,.0f} signs/s by CPU time ({cpu / n * 1e6:.1f} us/sign), "
          f"{n / elapsed:,.0f} signs/s by wall time, n={n}")


if __name__ == "__main__":
    main()
