#!/usr/bin/env node
'use strict';
// Port forwarding through fake_aws.py StartSession -> the peer -> a TCP echo server on
// loopback, in both of the agent's modes:
//  - basic (ClientVersion below 1.1.70): bytes go through; Flag 1 DisconnectToPort closes the
//    destination connection and the next bytes open a new one; Flag 2 ends the session.
//  - smux (LocalPortForwarding, ClientVersion 1.2.707.0), with a tiny smux v1 client written
//    here: two streams at once are two connections, 100 KB crosses a stream intact, FIN is
//    answered with FIN and closes only that connection.
//  - a remote host name (an RDS endpoint) goes to --remote-default; a refused port gets Flag 3
//    ConnectToPortError (smux: that stream only; basic: the session ends); a peer without
//    --remote-default refuses a remote host.
const net = require('net');
const { WebSocket } = require('./check_support').requireDeps();
const { startPeer, startFakeAws, awsCall, admin, waitFor, Results } = require('./check_support');
const { TestClient } = require('./test_client');

// ---- a tiny smux v1 client: 8-byte header, version 1, cmd, length LE16, stream id LE32 ----
const SYN = 0; const FIN = 1; const PSH = 2;
function smuxFrame(cmd, sid, data = Buffer.alloc(0)) {
  const h = Buffer.from([1, cmd, 0, 0, 0, 0, 0, 0]);
  h.writeUInt16LE(data.length, 2);
  h.writeUInt32LE(sid, 4);
  return Buffer.concat([h, data]);
}
class SmuxReader {
  constructor() { this.buf = Buffer.alloc(0); this.data = new Map(); this.fins = new Set(); this.versions = new Set(); }
  feed(d) {
    this.buf = Buffer.concat([this.buf, d]);
    while (this.buf.length >= 8 && this.buf.length >= 8 + this.buf.readUInt16LE(2)) {
      const len = this.buf.readUInt16LE(2);
      const cmd = this.buf[1];
      const sid = this.buf.readUInt32LE(4);
      this.versions.add(this.buf[0]);
      if (cmd === PSH) this.data.set(sid, Buffer.concat([this.data.get(sid) || Buffer.alloc(0), this.buf.subarray(8, 8 + len)]));
      if (cmd === FIN) this.fins.add(sid);
      this.buf = this.buf.subarray(8 + len);
    }
  }
  text(sid) { return (this.data.get(sid) || Buffer.alloc(0)).toString('latin1'); }
}

function echoServer() {
  return new Promise((resolve) => {
    const stats = { accepted: 0, open: 0 };
    const srv = net.createServer((s) => {
      stats.accepted++;
      stats.open++;
      s.on('close', () => { stats.open--; });
      s.on('error', () => {});
      s.pipe(s);
    });
    srv.listen(0, '127.0.0.1', () => resolve({ port: srv.address().port, stats }));
  });
}

function closedPort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

async function open(fakeUrl, doc, params, clientVersion, extra = {}) {
  const r = await awsCall(fakeUrl, 'AmazonSSM.StartSession', { Target: 'i-0aaa111122223333a', DocumentName: doc, Parameters: params });
  if (r.status !== 200) throw new Error(`StartSession ${doc}: ${r.status} ${JSON.stringify(r.doc)}`);
  const c = new TestClient(WebSocket, r.doc.StreamUrl, { clientVersion, ...extra });
  await c.connect(r.doc.TokenValue);
  return { c, sid: r.doc.SessionId };
}

async function basicMode(r, fake, peer, echo) {
  const before = echo.stats.accepted;
  const { c, sid } = await open(fake.url, 'AWS-StartPortForwardingSession', { portNumber: [String(echo.port)], localPortNumber: ['0'] }, '1.0.0');
  await waitFor(() => c.handshakeComplete, 5000, 'HandshakeComplete (basic)');
  const act = c.handshakeRequest.RequestedClientActions[0];
  r.check(act.ActionType === 'SessionType' && act.ActionParameters.SessionType === 'Port' &&
    act.ActionParameters.Properties.portNumber === String(echo.port) &&
    act.ActionParameters.Properties.type === 'LocalPortForwarding', 'basic: HandshakeRequest asks SessionType Port with portNumber and type', act);
  c.sendOutput(Buffer.from('hello basic\n'));
  await waitFor(() => c.text() === 'hello basic\n', 5000, 'the echo through basic mode');
  r.check(true, 'basic: bytes cross to the echo server and back');
  c.sendFlag(1);
  await waitFor(() => echo.stats.accepted === before + 1 && echo.stats.open === 0, 5000, 'DisconnectToPort to close the connection');
  r.check(true, 'basic: Flag 1 DisconnectToPort closes the destination connection');
  c.sendOutput(Buffer.from('again\n'));
  await waitFor(() => c.text() === 'hello basic\nagain\n', 5000, 'the echo after reconnecting');
  r.check(echo.stats.accepted === before + 2, 'basic: the next bytes open a new connection', echo.stats);
  c.sendFlag(2);
  await waitFor(() => c.channelClosed && c.closeCode !== null, 5000, 'channel_closed after TerminateSession flag');
  const st = (await admin(peer.url, 'GET', `/sessions/${sid}`)).doc;
  r.check(st.portMode === 'basic' && st.counters.portConnections === 2 && st.counters.disconnectFlags === 1 &&
    st.counters.terminateFlags === 1 && st.state === 'ended', 'basic: the peer\'s counters agree', st.counters);
  c.close();
}

async function smuxMode(r, fake, peer, echo) {
  const reader = new SmuxReader();
  const { c, sid } = await open(fake.url, 'AWS-StartPortForwardingSessionToRemoteHost',
    { host: ['mydb.cluster-c0ffee.us-east-1.rds.amazonaws.com'], portNumber: ['5432'], localPortNumber: ['0'] },
    '1.2.707.0', { onOutput: (d) => reader.feed(d) });
  await waitFor(() => c.handshakeComplete, 5000, 'HandshakeComplete (smux)');
  r.check(c.handshakeRequest.RequestedClientActions[0].ActionParameters.Properties.host === 'mydb.cluster-c0ffee.us-east-1.rds.amazonaws.com',
    'smux: HandshakeRequest names the remote host', c.handshakeRequest);
  const before = echo.stats.accepted;
  c.sendOutput(Buffer.concat([smuxFrame(SYN, 1), smuxFrame(PSH, 1, Buffer.from('one')), smuxFrame(SYN, 3), smuxFrame(PSH, 3, Buffer.from('three'))]));
  await waitFor(() => reader.text(1) === 'one' && reader.text(3) === 'three', 5000, 'echoes on streams 1 and 3');
  r.check(echo.stats.accepted === before + 2 && echo.stats.open === 2, 'smux: two streams are two connections to --remote-default', echo.stats);
  r.check(reader.versions.size === 1 && reader.versions.has(1), 'smux: the peer writes version 1 frames', [...reader.versions]);
  c.sendOutput(smuxFrame(FIN, 1));
  await waitFor(() => reader.fins.has(1) && echo.stats.open === 1, 5000, 'FIN for stream 1');
  r.check(true, 'smux: FIN is answered with FIN and closes only that connection');
  const big = Buffer.alloc(100 * 1024);
  for (let i = 0; i < big.length; i++) big[i] = (i * 7 + (i >> 9)) & 0xff;
  const frames = [];
  for (let off = 0; off < big.length; off += 32768) frames.push(smuxFrame(PSH, 3, big.subarray(off, off + 32768)));
  c.sendOutput(Buffer.concat(frames));
  await waitFor(() => (reader.data.get(3) || Buffer.alloc(0)).length >= 5 + big.length, 15000, '100 KB echoed on stream 3');
  r.check(reader.data.get(3).subarray(5).equals(big), 'smux: 100 KB crosses stream 3 intact in 1024-byte messages');
  const refusedPort = await closedPort();
  const st = (await admin(peer.url, 'GET', `/sessions/${sid}`)).doc;
  r.check(st.portMode === 'smux' && st.counters.smuxStreams === 2 && st.clientVersion === '1.2.707.0', 'smux: the peer chose smux from ClientVersion', st);
  c.sendFlag(2);
  await waitFor(() => c.channelClosed, 5000, 'channel_closed (smux)');
  c.close();
  return refusedPort;
}

async function refusals(r, fake, peer, refusedPort) {
  // smux: the refused stream gets Flag 3 and FIN, the session goes on.
  const reader = new SmuxReader();
  const s = await open(fake.url, 'AWS-StartPortForwardingSession', { portNumber: [String(refusedPort)] }, '1.2.707.0',
    { onOutput: (d) => reader.feed(d) });
  await waitFor(() => s.c.handshakeComplete, 5000, 'HandshakeComplete (smux refused)');
  s.c.sendOutput(Buffer.concat([smuxFrame(SYN, 1), smuxFrame(PSH, 1, Buffer.from('x'))]));
  await waitFor(() => s.c.flags.includes(3) && reader.fins.has(1), 5000, 'ConnectToPortError and FIN');
  const st = (await admin(peer.url, 'GET', `/sessions/${s.sid}`)).doc;
  r.check(st.state === 'connected' && st.counters.portRefused === 1, 'smux: a refused port gets Flag 3 and FIN, the session stays', st.counters);
  s.c.close();

  // basic: Flag 3, then the session ends with the reason.
  const b = await open(fake.url, 'AWS-StartPortForwardingSession', { portNumber: [String(refusedPort)] }, '1.0.0');
  await waitFor(() => b.c.channelClosed, 5000, 'channel_closed (basic refused)');
  r.check(b.c.flags.includes(3) && /Unable to connect to specified port/.test(b.c.channelClosed.Output),
    'basic: a refused port gets Flag 3 and channel_closed saying why', { flags: b.c.flags, closed: b.c.channelClosed });
  b.c.close();

  // No --remote-default: a remote host is refused, never looked up.
  const lone = await startPeer();
  const fake2 = await startFakeAws(lone.url);
  const reader2 = new SmuxReader();
  const n = await open(fake2.url, 'AWS-StartPortForwardingSessionToRemoteHost', { host: ['db.example.com'], portNumber: ['5432'] },
    '1.2.707.0', { onOutput: (d) => reader2.feed(d) });
  await waitFor(() => n.c.handshakeComplete, 5000, 'HandshakeComplete (no remote default)');
  n.c.sendOutput(smuxFrame(SYN, 1));
  await waitFor(() => n.c.flags.includes(3) && reader2.fins.has(1), 5000, 'ConnectToPortError for a remote host');
  r.check(/connects only to 127\.0\.0\.0\/8/.test(lone.stderr()), 'without --remote-default a remote host is refused and the peer says why', lone.stderr());
  n.c.close();
}

async function main(r) {
  const echo = await echoServer();
  const peer = await startPeer(['--remote-default', `127.0.0.1:${echo.port}`]);
  const fake = await startFakeAws(peer.url);
  await basicMode(r, fake, peer, echo);
  const refusedPort = await smuxMode(r, fake, peer, echo);
  await refusals(r, fake, peer, refusedPort);
}

const r = new Results('check_port_forward');
main(r).catch((e) => r.error(e)).finally(() => r.finish());
