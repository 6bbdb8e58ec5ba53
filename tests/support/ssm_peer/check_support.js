'use strict';
// What the node checks share: starting the peer and fake_aws.py on loopback, calling them,
// waiting with a deadline, and recording results. Each check ends with a
// "N passed, M failed" line and exits non-zero on any failure.
const { spawn } = require('child_process');
const http = require('http');
const path = require('path');

const HERE = __dirname;
const FAKE_AWS = path.join(HERE, '..', 'fake_aws.py');

function requireDeps() {
  try {
    return { WebSocket: require('ws') };
  } catch (e) {
    process.stderr.write('node_modules is missing in tests/support/ssm_peer: run scripts/setup (it runs npm ci there)\n');
    process.exit(1);
  }
}

const children = [];
process.on('exit', () => { for (const c of children) if (c.exitCode === null) c.kill('SIGKILL'); });

// Starts argv, resolves with the port from its "ready PORT" line.
function startReady(cmd, args, name, env) {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...(env || {}) } });
    children.push(p);
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`${name} did not say ready in 20 s: ${err}`)), 20000);
    p.stderr.on('data', (d) => {
      err += d;
      if (process.env.SSM_PEER_CHECK_VERBOSE) process.stderr.write(d);
    });
    p.stdout.on('data', (d) => {
      out += d;
      const m = /ready (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ proc: p, port: Number(m[1]), url: `http://127.0.0.1:${m[1]}`, stderr: () => err });
      }
    });
    p.on('exit', (code) => reject(new Error(`${name} exited (${code}) before it was ready: ${err}`)));
  });
}

function startPeer(extra = [], env = undefined) {
  return startReady(process.execPath, [path.join(HERE, 'peer.js'), '--port', '0', '--verbose', ...extra], 'ssm peer', env);
}

function startFakeAws(gatewayUrl) {
  return startReady('python3', [FAKE_AWS, '--port', '0', '--ssm-gateway', gatewayUrl], 'fake_aws.py',
    { AWS_ACCESS_KEY_ID: 'check', AWS_SECRET_ACCESS_KEY: 'check', AWS_REGION: 'us-east-1' });
}

function request(url, method, headers, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, timeout: 15000 }, (res) => {
      const parts = [];
      res.on('data', (d) => parts.push(d));
      res.on('end', () => {
        const text = Buffer.concat(parts).toString('utf8');
        let doc = null;
        try {
          doc = JSON.parse(text || '{}');
        } catch (e) {
          doc = { raw: text };
        }
        resolve({ status: res.statusCode, doc });
      });
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error(`${method} ${url} timed out`)));
    req.end(body);
  });
}

// An AWS JSON-protocol call (fake_aws does not check signatures).
function awsCall(fakeUrl, target, body) {
  return request(`${fakeUrl}/`, 'POST', { 'X-Amz-Target': target, 'Content-Type': 'application/x-amz-json-1.1' },
    JSON.stringify(body));
}

function admin(peerUrl, method, p, body) {
  return request(`${peerUrl}${p}`, method, { 'Content-Type': 'application/json' },
    body === undefined ? undefined : JSON.stringify(body));
}

// Resolves when pred() is true (checked every 20 ms), rejects after ms.
function waitFor(pred, ms, what) {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const tick = () => {
      let v;
      try {
        v = pred();
      } catch (e) {
        return reject(e);
      }
      if (v) return resolve(v);
      if (Date.now() - t0 > ms) return reject(new Error(`timed out after ${ms} ms waiting for ${what}`));
      setTimeout(tick, 20);
    };
    tick();
  });
}

class Results {
  constructor(name) {
    this.name = name;
    this.passed = 0;
    this.failed = 0;
  }

  check(cond, what, detail) {
    if (cond) {
      this.passed++;
      process.stdout.write(`ok   ${what}\n`);
    } else {
      this.failed++;
      process.stdout.write(`FAIL ${what}${detail === undefined ? '' : `: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`}\n`);
    }
    return cond;
  }

  error(e) {
    this.failed++;
    process.stdout.write(`FAIL ${this.name}: ${e.stack || e}\n`);
  }

  finish() {
    process.stdout.write(`${this.name}: ${this.passed} passed, ${this.failed} failed\n`);
    process.exit(this.failed || !this.passed ? 1 : 0);
  }
}

module.exports = { children, requireDeps, startPeer, startFakeAws, awsCall, admin, waitFor, Results, request };
