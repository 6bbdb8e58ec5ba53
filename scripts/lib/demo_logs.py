"""Log groups of the demo account and the feeder that keeps them flowing.

backfill() gives every stream an hour of history (once; a stream that already has
events is left alone); feed() then puts fresh lines every second until it is killed:
nginx access lines, JSON application logs, gunicorn lines, and now and then a burst of
ERRORs whose messages are multi-line stack traces, the way the docker awslogs driver and
ECS ship them. Once a minute it also appends the current minute to the demo metrics.
"""
import hashlib
import json
import random
import signal
import time
import uuid

import botocore.exceptions

import demo_metrics

CLIENT_IPS = ["203.0.113.24", "203.0.113.77", "198.51.100.4", "198.51.100.213", "192.0.2.55", "192.0.2.140"]
AGENTS = ["Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
          "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
          "ELB-HealthChecker/2.0", "okhttp/4.12.0", "python-requests/2.32.3", "curl/8.5.0"]


class Stream:
    """One log stream and the kind of lines it carries."""

    def __init__(self, group, name, kind, rate, error_kind=None, retention=30):
        self.group, self.name, self.kind, self.rate = group, name, kind, rate
        self.error_kind, self.retention = error_kind, retention


def _task_id(seed):
    # Stable ECS-style task ids, so a rerun and the feeder use the same streams.
    return hashlib.md5(seed.encode()).hexdigest()


def streams():
    task = _task_id
    return [
        Stream("/app/api", "clinic-api/3f9a1c2e7b4d", "json_py", 1.5, "py_db"),
        Stream("/app/nginx", "clinic-api/access.log", "nginx_clinic", 3.0),
        Stream("/aws/lightsail/therapy", "therapy-api/deployment-27", "gunicorn", 0.5, "py_key", retention=14),
        Stream("/ecs/clickit-prod-api", f"ecs/api/{task('prod-api-1')}", "json_node", 1.5, "node"),
        Stream("/ecs/clickit-prod-api", f"ecs/api/{task('prod-api-2')}", "json_node", 1.5, "node"),
        Stream("/ecs/clickit-prod-frontend", f"ecs/frontend/{task('prod-frontend-1')}", "nginx_front", 2.0),
        Stream("/ecs/clickit-dev-api", f"ecs/api/{task('dev-api-1')}", "json_node", 0.2, "node", retention=7),
    ]


# --- line makers ---------------------------------------------------------------------------
def _iso(ms):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms / 1000)) + f".{ms % 1000:03d}Z"


def _clf(ms):
    return time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(ms / 1000))


def nginx_line(rnd, ms, paths, error_share=0.01):
    path = rnd.choice(paths)
    status = rnd.choices([200, 200, 200, 304, 301, 404, 499, 502, 504],
                         [60, 20, 10, 4, 2, 3, 1, error_share * 100, error_share * 50])[0]
    size = 0 if status in (304, 499) else rnd.randint(180, 48000)
    rt = rnd.uniform(0.002, 0.12) if status < 500 else rnd.uniform(1.0, 30.0)
    method = "POST" if "login" in path or "appointments" in path and rnd.random() < 0.3 else "GET"
    return (f'{rnd.choice(CLIENT_IPS)} - - [{_clf(ms)}] "{method} {path} HTTP/1.1" {status} {size} '
            f'"-" "{rnd.choice(AGENTS)}" rt={rt:.3f} uct=0.000 uht={rt * 0.9:.3f}')


def json_py(rnd, ms):
    path = rnd.choice(["/v1/appointments", "/v1/patients/{}", "/v1/availability", "/healthz", "/v1/invoices/{}"])
    path = path.format(rnd.randint(1000, 9999))
    status = rnd.choices([200, 201, 404, 422], [85, 8, 4, 3])[0]
    return json.dumps({"time": _iso(ms), "level": "info", "logger": "app.http", "msg": "request completed",
                       "method": "GET", "path": path, "status": status, "duration_ms": rnd.randint(4, 180),
                       "request_id": uuid.UUID(int=rnd.getrandbits(128)).hex[:16]})


def json_node(rnd, ms):
    level, msg = rnd.choices([(30, "request completed"), (30, "cache hit"), (40, "slow query"),
                              (30, "job enqueued")], [70, 15, 5, 10])[0]
    return json.dumps({"level": level, "time": ms, "pid": 1, "hostname": "ip-10-0-1-15.ec2.internal",
                       "req": {"method": "GET", "url": rnd.choice(["/v1/links", "/v1/clicks", "/v1/health",
                                                                   "/v1/campaigns/42/stats"])},
                       "res": {"statusCode": 200}, "responseTime": rnd.randint(3, 240), "msg": msg})


def gunicorn(rnd, ms):
    t = time.strftime("%Y-%m-%d %H:%M:%S +0000", time.gmtime(ms / 1000))
    return rnd.choice([
        f"[{t}] [1] [INFO] 10.0.0.{rnd.randint(2, 250)} - \"GET /api/sessions HTTP/1.1\" 200 {rnd.randint(200, 9000)}",
        f"[{t}] [1] [INFO] 10.0.0.{rnd.randint(2, 250)} - \"POST /api/notes HTTP/1.1\" 201 {rnd.randint(80, 400)}",
        f"[{t}] [7] [INFO] Sending reminder email to patient {rnd.randint(100, 999)}",
        f"[{t}] [1] [INFO] 10.0.0.{rnd.randint(2, 250)} - \"GET /health HTTP/1.1\" 200 21",
    ])


def error_event(rnd, ms, kind):
    """One ERROR event; the message is a whole multi-line stack trace."""
    if kind == "py_db":
        return ("ERROR app.db: could not obtain a database connection\n"
                "Traceback (most recent call last):\n"
                '  File "/app/app/db.py", line 41, in get_conn\n'
                "    conn = pool.getconn()\n"
                '  File "/usr/local/lib/python3.12/site-packages/psycopg2/pool.py", line 169, in getconn\n'
                "    return self._getconn(key)\n"
                '  File "/usr/local/lib/python3.12/site-packages/psycopg2/pool.py", line 93, in _getconn\n'
                '    raise PoolError("connection pool exhausted")\n'
                "psycopg2.pool.PoolError: connection pool exhausted")
    if kind == "py_key":
        t = time.strftime("%Y-%m-%d %H:%M:%S +0000", time.gmtime(ms / 1000))
        return (f"[{t}] [9] [ERROR] Exception on /api/sessions/{rnd.randint(10, 99)} [GET]\n"
                "Traceback (most recent call last):\n"
                '  File "/app/therapy/views.py", line 118, in session_detail\n'
                "    therapist = request.user.profile['therapist']\n"
                "KeyError: 'therapist'")
    if rnd.random() < 0.5:  # console.error of an uncaught error: plain multi-line text
        return ("ERROR Unhandled rejection in POST /v1/clicks\n"
                "Error: connect ECONNREFUSED 10.0.3.12:6379\n"
                "    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1607:16)\n"
                "    at async ClickService.record (/app/src/services/clicks.js:58:5)\n"
                "    at async /app/src/routes/links.js:33:7")
    return json.dumps({"level": 50, "time": ms, "pid": 1, "hostname": "ip-10-0-1-15.ec2.internal",
                       "msg": "ERROR upstream request failed",
                       "err": {"type": "Error", "message": "connect ECONNREFUSED 10.0.3.12:6379",
                               "stack": "Error: connect ECONNREFUSED 10.0.3.12:6379\n"
                                        "    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1607:16)\n"
                                        "    at RedisClient.sendCommand (/app/node_modules/redis/dist/lib/client.js:512:13)\n"
                                        "    at async ClickService.record (/app/src/services/clicks.js:58:5)\n"
                                        "    at async /app/src/routes/links.js:33:7"},
                       "res": {"statusCode": 502}})


def make_line(rnd, stream, ms):
    k = stream.kind
    if k == "nginx_clinic":
        return nginx_line(rnd, ms, ["/v1/appointments", "/v1/availability?date=2026-11-24", "/healthz",
                                    "/v1/patients/4411", "/login", "/static/app.3e1f.js"])
    if k == "nginx_front":
        return nginx_line(rnd, ms, ["/", "/dashboard", "/assets/index-4b2c.js", "/assets/index-9d1a.css",
                                    "/favicon.ico", "/campaigns/42"])
    if k == "json_py":
        return json_py(rnd, ms)
    if k == "json_node":
        return json_node(rnd, ms)
    return gunicorn(rnd, ms)


# --- putting ---------------------------------------------------------------------------------
def ensure(logs, ss):
    groups = {g["logGroupName"] for p in logs.get_paginator("describe_log_groups").paginate()
              for g in p["logGroups"]}
    for s in ss:
        if s.group not in groups:
            logs.create_log_group(logGroupName=s.group, tags={"demo": "opsdeck"})
            logs.put_retention_policy(logGroupName=s.group, retentionInDays=s.retention)
            groups.add(s.group)
    for s in ss:
        if not logs.describe_log_streams(logGroupName=s.group, logStreamNamePrefix=s.name)["logStreams"]:
            logs.create_log_stream(logGroupName=s.group, logStreamName=s.name)


def put(logs, stream, events):
    events.sort(key=lambda e: e["timestamp"])
    for i in range(0, len(events), 5000):
        logs.put_log_events(logGroupName=stream.group, logStreamName=stream.name, logEvents=events[i:i + 5000])


def backfill(logs, log, minutes=60):
    ss = streams()
    ensure(logs, ss)
    rnd = random.Random(7)
    now = int(time.time() * 1000)
    total = 0
    for s in ss:
        info = logs.describe_log_streams(logGroupName=s.group, logStreamNamePrefix=s.name)["logStreams"]
        if info and info[0].get("lastEventTimestamp"):
            continue
        events, t = [], now - minutes * 60_000
        while t < now:
            t += int(rnd.expovariate(s.rate / 8) * 1000) + 1
            if t >= now:
                break
            events.append({"timestamp": t, "message": make_line(rnd, s, t)})
            in_incident = now - t < 25 * 60_000
            if s.error_kind and rnd.random() < (0.08 if in_incident else 0.01):
                for j in range(rnd.randint(2, 5)):
                    events.append({"timestamp": t + j * 40, "message": error_event(rnd, t + j * 40, s.error_kind)})
        if s.kind == "nginx_clinic":  # hostile text for the sanitiser to defuse
            events.append({"timestamp": now - 30 * 60_000, "message":
                           f'192.0.2.66 - - [{_clf(now - 30 * 60_000)}] "GET /?q=\x1b]0;owned\x07 HTTP/1.1" 400 0 '
                           f'"-" "\x1b[2J\x1b[31mevil-scanner/1.0\x1b[0m" rt=0.001'})
        put(logs, s, events)
        total += len(events)
    log(f"logs: {len({s.group for s in ss})} groups, {total} backfilled events")


def feed(logs, cloudwatch, interval, log, specs=None):
    """Puts fresh events every `interval` seconds until SIGTERM/SIGINT."""
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    ss = streams()
    ensure(logs, ss)
    rnd = random.Random()
    last_minute = int(time.time() // 60)
    failures = 0
    log(f"feeding {len(ss)} streams every {interval:g}s (Ctrl-C to stop)")
    while not stop:
        now = int(time.time() * 1000)
        try:
            for s in ss:
                n = min(12, int(rnd.expovariate(1 / max(s.rate * interval, 0.01))))
                events = [{"timestamp": now - rnd.randint(0, int(interval * 900)), "message": ""} for _ in range(n)]
                for e in events:
                    e["message"] = make_line(rnd, s, e["timestamp"])
                if s.error_kind and rnd.random() < 0.04 * interval:
                    for j in range(rnd.randint(3, 7)):
                        events.append({"timestamp": now + j, "message": error_event(rnd, now + j, s.error_kind)})
                if events:
                    put(logs, s, events)
            minute = int(time.time() // 60)
            if specs is not None and minute != last_minute:
                demo_metrics.put_points(cloudwatch, specs, [minute], minute)
                last_minute = minute
            failures = 0
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            failures += 1
            log(f"feed: {type(e).__name__}: {e}")
            if failures >= 10:
                log("feed: the endpoint keeps failing; stopping")
                return 1
        deadline = time.time() + interval
        while not stop and time.time() < deadline:
            time.sleep(min(0.1, interval))
    log("feed stopped")
    return 0
