#!/usr/bin/env python3
"""KMS Decrypt for the SSM peer, through boto3 (which signs the request) against a KMS
endpoint on loopback (moto_server). Reads one JSON object on stdin:
  {"endpoint": URL, "region": R, "ciphertext": base64, "context": {k: v}}
and prints {"plaintext": base64} or {"error": text}. Credentials come from the environment.
"""
import base64
import json
import sys


def main():
    req = json.load(sys.stdin)
    if not req.get("endpoint", "").startswith(("http://127.", "http://localhost")):
        print(json.dumps({"error": f"KMS endpoint {req.get('endpoint')!r} is not on loopback"}))
        return 0
    try:
        import boto3
        kms = boto3.client("kms", endpoint_url=req["endpoint"], region_name=req.get("region") or "us-east-1")
        out = kms.decrypt(CiphertextBlob=base64.b64decode(req["ciphertext"]),
                          EncryptionContext=req.get("context") or {})
        print(json.dumps({"plaintext": base64.b64encode(out["Plaintext"]).decode()}))
    except Exception as e:  # noqa: BLE001 - every failure is reported to the peer as text
        print(json.dumps({"error": f"{type(e).__name__}: {e}"}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
