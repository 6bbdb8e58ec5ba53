#!/usr/bin/env node
'use strict';
// ssm peer: a loopback stand-in for the AWS Session Manager message gateway and the SSM agent
// behind it, for opsdeck's tests. Clients reach it through the StreamUrl/TokenValue that
// tests/support/fake_aws.py --ssm-gateway hands out from StartSession / ECS ExecuteCommand.
// The wire protocol is the real one (/work/shared/notes/ssm-session-protocol.md; see
// README.md beside this file): AgentMessage frames, acks, ordering, resends, handshake, a
// real PTY for shells, basic and smux port forwarding, KMS encryption.
//
//   node peer.js --port 0 [--remote-default 127.0.0.1:P] [--kms-endpoint URL] [--kms-region R]
//                [--verbose]
// prints "ready PORT" on stdout once listening on 127.0.0.1 (PORT is the real one for 0).
// Event lines go to stderr (never tokens or payloads). SIGTERM, SIGINT or the death of the
// process that started it end every session (their programs get SIGHUP) and stop the peer.
// A session whose client just disconnects stays, resumable, with its program running.
//
// Admin API (JSON over HTTP on the same port):
//   POST /sessions {sessionId, kind: "ssm"|"ecs", target, document, parameters, command, container}
//        -> 200 {sessionId, streamUrl, tokenValue}; 400 {error, code: "InvalidDocument"|"BadRequest"};
//           409 when the id exists. Documents: none or SSM-SessionManagerRunShell (shell, /bin/sh),
//           AWS-StartInteractiveCommand (command), AWS-StartPortForwardingSession (portNumber),
//           AWS-StartPortForwardingSessionToRemoteHost (host, portNumber), AWS-StartSSHSession
//           (portNumber, basic mode). kind "ecs" runs `command` (default /bin/sh) on a PTY.
//   GET  /sessions                    -> {sessions: [summary...]}
//   GET  /sessions/ID                 -> summary: state (created|connected|disconnected|ended),
//        connected, sessionType, portMode (basic|smux), clientVersion, handshake, encrypted,
//        lastSize {cols, rows}, exitCode, endReason, channelClosedOutput, sequence {nextOut,
//        expectedIn, unacked, bufferedIn, rtoMs}, counters {connects, drops, tokensRejected,
//        messagesIn, messagesOut, streamIn, streamOut, acksIn, acksOut, acksUnknown,
//        ackIdMismatches, resendsSeen, resendsSent, outOfOrder, notReady, digestMismatches,
//        malformed, otherIn, ignoredBeforeHandshake, duplicatesSent, reorderedPairs,
//        corruptedSent, stalls, pauses, bytesIn, bytesOut, portConnections, portRefused,
//        disconnectFlags, terminateFlags, smuxStreams}, faults. 404 for an unknown id.
//   POST /sessions/ID/resume          -> {sessionId, streamUrl, tokenValue}: a new token, the old
//        one dies; tokenValue "" once the session has ended.
//   POST /sessions/ID/terminate       -> summary; channel_closed goes out, the socket closes.
//   POST /sessions/ID/drop            -> {dropped: bool}; the WebSocket is cut (no close frame),
//        the session stays resumable.
//   POST /faults {sessionId?, KNOB: value|null, ...} -> {global, session?}; without sessionId
//        the knobs are global (a session's own value wins; null clears).
//   GET  /faults                      -> {global}
//
// Fault knobs (lib/faults.js):
//   drop_after_messages N   one-shot: cut the WebSocket after N more AgentMessages in either
//                           direction (acks and resends count); resumable as /drop
//   duplicate_every N       every Nth first sending of output_stream_data goes out twice
//   reorder true            first sendings of output_stream_data go out in swapped pairs (a lone
//                           one follows 30 ms later)
//   corrupt_digest N        one-shot: the next N output_stream_data go out with a wrong digest
//                           (the resend buffer keeps the right bytes)
//   stall_ms S              one-shot: for S ms nothing is sent and nothing read (so nothing
//                           acked); then the queued frames go out and the read ones are taken
//   pause_publication_ms S  one-shot: pause_publication now, start_publication S ms later
//   never_ack true          the client's stream data is taken but never acknowledged
//   ack_duplicates bool     default true: a resend of a message already taken is acked again;
//                           false: dropped without an ack, as AWS's agent does
//   kms_key_id ID           shells ask KMSEncryption with this key (needs --kms-endpoint)
//   handshake always|auto   always (default): every session starts with a handshake; auto: as
//                           the agent does, shells skip it unless KMS is on (ports never do)
//   handshake_timeout_ms N  how long the HandshakeResponse (and the KMS challenge answer) may
//                           take before the session fails (default 15000, the agent's)
//   check_digest bool       default true: a message whose digest is wrong is dropped, not
//                           acked, and counted; false: counted and taken (the agent's way)
//   agent_version V         AgentVersion in the HandshakeRequest (default 3.3.40.0)
//   smux_keepalive_ms N     smux NOP every N ms in smux mode (default 0: none)
// One-shots set globally arm every session created afterwards; timed ones (stall, pause) fire
// once a client is connected.
//
// Only 127.0.0.0/8 is ever connected to (lib/destination.js); names are never resolved.
const http = require('http');
const { WebSocketServer } = require('ws');
const { SessionRegistry, RequestError } = require('./lib/session_registry');
const { parseKnobs } = require('./lib/faults');
const { parseHostPort } = require('./lib/destination');

const TOKEN_FRAME_TIMEOUT_MS = 10000;
const MAX_BODY = 1 << 20;

function usage(msg) {
  process.stderr.write(`ssm peer: ${msg}\nusage: node peer.js --port N [--remote-default 127.0.0.1:P] ` +
    '[--kms-endpoint http://127.0.0.1:P] [--kms-region R] [--verbose]\n');
  process.exit(2);
}

function parseArgs(argv) {
  const o = { port: null, remoteDefault: null, kmsEndpoint: null, kmsRegion: process.env.AWS_REGION || 'us-east-1', verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--port') o.port = Number(val());
    else if (a === '--remote-default') {
      const v = val();
      o.remoteDefault = parseHostPort(v);
      if (!o.remoteDefault) usage(`--remote-default ${v}: give 127.x.y.z:PORT (the peer only connects to loopback)`);
    } else if (a === '--kms-endpoint') {
      o.kmsEndpoint = val();
      if (!/^http:\/\/(127\.\d+\.\d+\.\d+|localhost):\d+\/?$/.test(o.kmsEndpoint)) {
        usage(`--kms-endpoint ${o.kmsEndpoint}: give http://127.0.0.1:PORT (a moto_server)`);
      }
    } else if (a === '--kms-region') o.kmsRegion = val();
    else if (a === '--verbose') o.verbose = true;
    else usage(`unknown argument ${a}`);
  }
  if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535) usage('--port N is required (0 picks a free port)');
  return o;
}

function readJson(req) {
  return new Promise((resolve, reject) => {
    let size = 0;
    const parts = [];
    req.on('data', (d) => {
      size += d.length;
      if (size > MAX_BODY) reject(new RequestError(413, 'BadRequest', 'body too large'));
      else parts.push(d);
    });
    req.on('end', () => {
      const text = Buffer.concat(parts).toString('utf8');
      if (!text.trim()) return resolve({});
      try {
        resolve(JSON.parse(text));
      } catch (e) {
        reject(new RequestError(400, 'BadRequest', `body is not JSON: ${e.message}`));
      }
    });
    req.on('error', reject);
  });
}

function reply(res, status, doc) {
  const body = Buffer.from(JSON.stringify(doc));
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': body.length });
  res.end(body);
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const log = (text) => process.stderr.write(`ssm peer: ${text}\n`);
  const registry = new SessionRegistry({ port: opts.port, remoteDefault: opts.remoteDefault,
    kmsEndpoint: opts.kmsEndpoint, kmsRegion: opts.kmsRegion, log: opts.verbose ? log : () => {} });

  const sessionOr404 = (id) => {
    const s = registry.get(id);
    if (!s) throw new RequestError(404, 'NotFound', `no session ${id}`);
    return s;
  };

  async function admin(req, res) {
    const url = new URL(req.url, 'http://127.0.0.1');
    const parts = url.pathname.split('/').filter(Boolean);
    const route = `${req.method} /${parts[0] || ''}${parts.length > 1 ? '/ID' : ''}${parts[2] ? `/${parts[2]}` : ''}`;
    switch (route) {
      case 'POST /sessions': {
        const s = registry.create(await readJson(req));
        return reply(res, 200, { sessionId: s.id, streamUrl: registry.streamUrl(s.id), tokenValue: s.token });
      }
      case 'GET /sessions':
        return reply(res, 200, { sessions: [...registry.sessions.values()].map((s) => s.summary()) });
      case 'GET /sessions/ID':
        return reply(res, 200, sessionOr404(parts[1]).summary());
      case 'POST /sessions/ID/resume': {
        const s = sessionOr404(parts[1]);
        return reply(res, 200, { sessionId: s.id, streamUrl: registry.streamUrl(s.id), tokenValue: s.resume() });
      }
      case 'POST /sessions/ID/terminate': {
        const s = sessionOr404(parts[1]);
        s.terminate();
        return reply(res, 200, s.summary());
      }
      case 'POST /sessions/ID/drop':
        return reply(res, 200, { dropped: sessionOr404(parts[1]).drop('POST /drop') });
      case 'POST /faults': {
        const body = await readJson(req);
        if (typeof body !== 'object' || body === null || Array.isArray(body)) {
          throw new RequestError(400, 'BadRequest', 'body must be a JSON object of knobs');
        }
        let knobs;
        try {
          knobs = parseKnobs(body, ['sessionId']);
        } catch (e) {
          throw new RequestError(400, 'BadRequest', e.message);
        }
        if (body.sessionId !== undefined) {
          const s = sessionOr404(body.sessionId);
          s.setKnobs(knobs);
          return reply(res, 200, { global: registry.globalKnobs, session: s.summary().faults });
        }
        registry.setGlobalKnobs(knobs);
        return reply(res, 200, { global: registry.globalKnobs });
      }
      case 'GET /faults':
        return reply(res, 200, { global: registry.globalKnobs });
      default:
        throw new RequestError(404, 'NotFound', `${req.method} ${url.pathname} is not part of the peer's admin API`);
    }
  }

  const server = http.createServer((req, res) => {
    admin(req, res).catch((e) => {
      if (e instanceof RequestError) return reply(res, e.status, { error: e.message, code: e.code });
      log(`admin ${req.method} ${req.url}: ${e.stack || e}`);
      return reply(res, 500, { error: String(e.message || e), code: 'InternalError' });
    });
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const m = /^\/v1\/data-channel\/([^/]+)$/.exec(url.pathname);
    const s = m && registry.get(decodeURIComponent(m[1]));
    if (!s) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const timer = setTimeout(() => ws.close(1008, 'no token frame'), TOKEN_FRAME_TIMEOUT_MS);
      ws.once('message', (data, isBinary) => {
        clearTimeout(timer);
        let open = null;
        if (!isBinary) {
          try {
            open = JSON.parse(data.toString('utf8'));
          } catch (e) {
            open = null;
          }
        }
        s.connect(ws, open);
      });
      ws.on('error', (e) => log(`${s.id}: WebSocket error: ${e.message}`));
    });
  });

  server.listen(opts.port, '127.0.0.1', () => {
    registry.port = server.address().port;
    process.stdout.write(`ready ${registry.port}\n`);
  });
  const stop = () => {
    registry.closeAll();
    setTimeout(() => process.exit(0), 200).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // A peer whose starter is gone (a test runner that crashed) stops too, ending its sessions'
  // programs, instead of keeping shells alive for nobody.
  const parent = process.ppid;
  setInterval(() => { if (process.ppid !== parent) stop(); }, 1000).unref();
}

main();
