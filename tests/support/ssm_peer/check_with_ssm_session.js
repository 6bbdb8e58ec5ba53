#!/usr/bin/env node
'use strict';
// The peer against a client nobody here wrote: bertrandmartel's `ssm-session` (npm), over
// `ws`, reaches a shell through fake_aws.py's StartSession -> the peer, runs
// `echo peer-$((6*7))` and reads peer-42 back (only the shell can turn the typed text into
// 42), reads its terminal size back from `stty size`, then `exit`s and gets channel_closed.
// ssm-session does no handshake and writes the SHA-256 digest as 32 hex characters, so the
// peer runs as the agent does for shells (knobs handshake=auto, check_digest=false) and the
// check asserts the peer counted those digests as wrong. Its acks carry our message ids as
// it parsed them, so ackIdMismatches 0 proves the UUID layout both ways.
const { WebSocket } = require('./check_support').requireDeps();
const { ssm } = require('ssm-session');
const { startPeer, startFakeAws, awsCall, admin, waitFor, Results } = require('./check_support');
const am = require('./lib/agent_message');

const TARGET = 'i-0aaa111122223333a';
const TERM = { cols: 97, rows: 31 };

async function main(r) {
  const peer = await startPeer();
  const fake = await startFakeAws(peer.url);
  const f = await admin(peer.url, 'POST', '/faults', { handshake: 'auto', check_digest: false });
  r.check(f.status === 200, 'global knobs set', f.doc);

  const start = await awsCall(fake.url, 'AmazonSSM.StartSession', { Target: TARGET });
  r.check(start.status === 200 && start.doc.StreamUrl.startsWith(`ws://127.0.0.1:${peer.port}/v1/data-channel/`),
    'StartSession through fake_aws answers the peer\'s stream URL', start.doc);
  const sid = start.doc.SessionId;

  const ws = new WebSocket(start.doc.StreamUrl);
  ws.binaryType = 'arraybuffer';
  let text = '';
  let closedMsg = null;
  let wsClosed = false;
  ws.on('message', (data) => {
    const m = ssm.decode(data);
    if (m.messageType === 'output_stream_data') {
      ssm.sendACK(ws, m);
      if (m.payloadType === 1) text += Buffer.from(m.payload).toString('utf8');
    } else if (m.messageType === 'channel_closed') {
      closedMsg = JSON.parse(Buffer.from(m.payload).toString('utf8'));
    }
  });
  ws.on('close', () => { wsClosed = true; });
  await new Promise((resolve, reject) => { ws.on('open', resolve); ws.on('error', reject); });
  ssm.init(ws, { token: start.doc.TokenValue, termOptions: TERM });

  // Keystrokes one message each, as a terminal sends them.
  const type = (s) => { for (const ch of s) ssm.sendText(ws, Buffer.from(ch)); };
  type('echo peer-$((6*7))\r');
  await waitFor(() => /peer-42/.test(text), 10000, 'peer-42 in the shell output');
  r.check(true, 'the shell ran echo peer-$((6*7)) and printed peer-42');
  type('stty size\r');
  const size = await waitFor(() => /(\d+) (\d+)\r?\n/.exec(text.split('stty size')[1] || ''), 10000, 'stty size output');
  r.check(size[1] === String(TERM.rows) && size[2] === String(TERM.cols), `the PTY has the Size the client sent (${TERM.rows} ${TERM.cols})`, size[0]);

  type('exit\r');
  await waitFor(() => closedMsg && wsClosed, 10000, 'channel_closed and the socket closing');
  r.check(closedMsg.Output === `Exiting session with sessionId: ${sid}.` && closedMsg.SessionId === sid &&
    closedMsg.MessageType === 'channel_closed', 'channel_closed says the session exited', closedMsg);

  const st = (await admin(peer.url, 'GET', `/sessions/${sid}`)).doc;
  const c = st.counters;
  r.check(st.state === 'ended' && st.exitCode === 0, 'the peer saw the shell exit 0', { state: st.state, exitCode: st.exitCode });
  r.check(st.handshake.skipped === true, 'no handshake (handshake=auto for a shell)', st.handshake);
  r.check(st.lastSize && st.lastSize.cols === TERM.cols && st.lastSize.rows === TERM.rows, 'the peer took the Size payload', st.lastSize);
  r.check(c.acksIn > 0 && c.acksIn === c.streamOut, 'every output message was acknowledged by ssm-session', c);
  r.check(c.ackIdMismatches === 0, 'ssm-session acked our message ids as we sent them (UUID halves)', c);
  r.check(c.streamIn === 1 + 'echo peer-$((6*7))\r'.length + 'stty size\r'.length + 'exit\r'.length,
    'every keystroke message arrived in order, once', c);
  r.check(c.acksOut === c.streamIn, 'the peer acknowledged each of them', c);
  r.check(c.digestMismatches >= c.streamIn, 'the peer detected ssm-session\'s hex digests as wrong', c);

  // The API side after the end: ResumeSession has no token to give, TerminateSession is fine.
  const resumed = await awsCall(fake.url, 'AmazonSSM.ResumeSession', { SessionId: sid });
  r.check(resumed.status === 200 && resumed.doc.TokenValue === '', 'ResumeSession of an ended session answers an empty token', resumed.doc);
  const term = await awsCall(fake.url, 'AmazonSSM.TerminateSession', { SessionId: sid });
  r.check(term.status === 200 && term.doc.SessionId === sid, 'TerminateSession answers the session id', term.doc);

  // A second connection with the spent token is refused with channel_closed.
  const again = new WebSocket(start.doc.StreamUrl);
  let refusal = null;
  let code = null;
  again.on('message', (d) => { const x = am.decode(Buffer.from(d)); if (x.ok) refusal = x.msg; });
  again.on('close', (cd) => { code = cd; });
  again.on('open', () => again.send(ssm.buildTokenMessage(start.doc.TokenValue)));
  await waitFor(() => code !== null, 5000, 'the peer to close a connection with a spent token');
  r.check(refusal && refusal.messageType === 'channel_closed' && code === 1008, 'a spent token gets channel_closed and close 1008',
    { type: refusal && refusal.messageType, code });
}

const r = new Results('check_with_ssm_session');
main(r).catch((e) => r.error(e)).finally(() => r.finish());
