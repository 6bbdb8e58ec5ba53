#!/usr/bin/env node
'use strict';
// The peer's fault knobs do what they say, seen from a client (test_client.js) on a shell
// session with the handshake (the default): a corrupted digest is resent right; duplicates
// and swapped pairs still give the shell's output in order; never_ack makes the client
// resend; a stall holds acks back; pause/start_publication arrive; a dropped socket is
// resumed through fake_aws ResumeSession with a new token while the old one is refused, and
// output produced meanwhile arrives; a wrong digest from the client is dropped and not
// acked. Plus ECS ExecuteCommand runs its command, and StartSession on an instance that is
// not Online answers TargetNotConnected.
const { WebSocket } = require('./check_support').requireDeps();
const { startPeer, startFakeAws, awsCall, admin, waitFor, Results } = require('./check_support');
const { TestClient } = require('./test_client');

async function shell(fakeUrl) {
  const r = await awsCall(fakeUrl, 'AmazonSSM.StartSession', { Target: 'i-0aaa111122223333a' });
  if (r.status !== 200) throw new Error(`StartSession: ${r.status} ${JSON.stringify(r.doc)}`);
  const c = new TestClient(WebSocket, r.doc.StreamUrl, { clientVersion: '1.2.707.0' });
  await c.connect(r.doc.TokenValue);
  await waitFor(() => c.handshakeComplete, 5000, 'HandshakeComplete');
  c.send(3, Buffer.from(JSON.stringify({ cols: 120, rows: 40 })));
  return { c, sid: r.doc.SessionId, start: r.doc };
}

const run = (c, cmd) => c.sendOutput(Buffer.from(`${cmd}\r`));
const stats = async (peer, sid) => (await admin(peer.url, 'GET', `/sessions/${sid}`)).doc;
const faults = (peer, body) => admin(peer.url, 'POST', '/faults', body);

async function main(r) {
  const peer = await startPeer();
  const fake = await startFakeAws(peer.url);

  const { c, sid, start } = await shell(fake.url);
  const req = c.handshakeRequest.RequestedClientActions[0].ActionParameters;
  r.check(req.SessionType === 'Standard_Stream' && c.handshakeRequest.AgentVersion === '3.3.40.0',
    'a shell starts with a handshake asking Standard_Stream', c.handshakeRequest);

  // corrupt_digest: the bad copy is dropped by the client, the resend carries the output.
  await faults(peer, { sessionId: sid, corrupt_digest: 1 });
  run(c, 'echo ab$((1+1))cd');
  await waitFor(() => /ab2cd/.test(c.text()), 5000, 'ab2cd after a corrupted digest');
  let st = await stats(peer, sid);
  r.check(c.badDigests === 1 && st.counters.corruptedSent === 1 && st.counters.resendsSent >= 1,
    'corrupt_digest: one wrong digest, then the resend', { client: c.badDigests, peer: st.counters });

  // duplicate_every + reorder: the client still reads 1..2000 (9 KB, 9+ messages) in order.
  await faults(peer, { sessionId: sid, duplicate_every: 3, reorder: true });
  run(c, 'seq 1 2000; echo seq-done');
  await waitFor(() => /\nseq-done\r?\n/.test(c.text()), 10000, 'seq output');
  const nums = c.text().split('seq 1 2000; echo seq-done')[1].match(/^\d+$/gm).map(Number);
  r.check(nums.length === 2000 && nums.every((n, i) => n === i + 1), 'duplicate_every + reorder: output still complete and in order', nums.length);
  st = await stats(peer, sid);
  r.check(c.duplicates > 0 && c.outOfOrder > 0 && st.counters.duplicatesSent > 0 && st.counters.reorderedPairs > 0,
    'the client saw duplicates and swapped messages', { duplicates: c.duplicates, outOfOrder: c.outOfOrder, peer: st.counters });
  await faults(peer, { sessionId: sid, duplicate_every: null, reorder: null });

  // never_ack: input is taken, but the client keeps resending it.
  await faults(peer, { sessionId: sid, never_ack: true });
  const acksBefore = (await stats(peer, sid)).counters.acksOut;
  run(c, 'echo no-$((3*3))-ack');
  await waitFor(() => /no-9-ack/.test(c.text()), 5000, 'output while never_ack');
  await new Promise((res) => setTimeout(res, 800));
  st = await stats(peer, sid);
  r.check(st.counters.acksOut === acksBefore && st.counters.resendsSeen > 0 && c.unacked.size > 0,
    'never_ack: nothing acked, the client resends', { acksOut: st.counters.acksOut, resendsSeen: st.counters.resendsSeen });
  await faults(peer, { sessionId: sid, never_ack: false, ack_duplicates: false });
  const seen = (await stats(peer, sid)).counters.resendsSeen;
  await new Promise((res) => setTimeout(res, 700));  // two of the client's 300 ms resends
  st = await stats(peer, sid);
  r.check(c.unacked.size > 0 && st.counters.resendsSeen > seen, 'ack_duplicates false: resends of taken messages stay unacked', st.counters);
  await faults(peer, { sessionId: sid, ack_duplicates: null });
  await waitFor(() => c.unacked.size === 0, 3000, 'acks once never_ack is off');
  r.check(true, 'never_ack off: the resends are acked (duplicates re-acked)');

  // stall_ms: for a while no ack comes back.
  await faults(peer, { sessionId: sid, stall_ms: 700 });
  const t0 = Date.now();
  run(c, 'echo stalled-$((5*5))');
  await waitFor(() => c.unacked.size === 0 && /stalled-25/.test(c.text()), 5000, 'acks after the stall');
  r.check(Date.now() - t0 >= 600, 'stall_ms: the input waited for the stall to end', Date.now() - t0);

  // pause_publication_ms
  await faults(peer, { sessionId: sid, pause_publication_ms: 200 });
  await waitFor(() => c.publication.length === 2, 3000, 'pause then start publication');
  r.check(c.publication[0] === 'pause_publication' && c.publication[1] === 'start_publication', 'pause/start_publication arrive in order', c.publication);

  // A wrong digest from the client: dropped, not acked; the resend goes through.
  const before = (await stats(peer, sid)).counters;
  c.send(1, Buffer.from('echo dig-$((4+4))\r'), { corruptDigest: true });
  await waitFor(() => /dig-8/.test(c.text()), 5000, 'output after a resend of a bad-digest message');
  st = await stats(peer, sid);
  r.check(st.counters.digestMismatches === before.digestMismatches + 1, 'a wrong digest from the client is counted and dropped', st.counters);

  // Drop + resume: output made while disconnected arrives after ResumeSession + reconnect.
  run(c, 'sleep 0.4; echo after-drop-$((6+1))');
  await new Promise((res) => setTimeout(res, 100));
  const dropped = await admin(peer.url, 'POST', `/sessions/${sid}/drop`);
  await waitFor(() => c.closeCode !== null, 3000, 'the socket to drop');
  r.check(dropped.doc.dropped === true, 'POST /drop cuts the WebSocket');
  await new Promise((res) => setTimeout(res, 600));
  const stale = new TestClient(WebSocket, start.StreamUrl);
  await stale.connect(start.TokenValue);
  await waitFor(() => stale.closeCode !== null, 3000, 'the old token to be refused');
  r.check(stale.closeCode === 1008 && stale.channelClosed, 'the first token cannot open the channel again', stale.closeCode);
  stale.close();
  const resumed = await awsCall(fake.url, 'AmazonSSM.ResumeSession', { SessionId: sid });
  r.check(resumed.status === 200 && resumed.doc.TokenValue && resumed.doc.StreamUrl === start.StreamUrl,
    'ResumeSession gives a new token for the same stream URL', resumed.status);
  await c.connect(resumed.doc.TokenValue);
  await waitFor(() => /after-drop-7/.test(c.text()), 5000, 'output produced while disconnected');
  st = await stats(peer, sid);
  r.check(st.counters.connects === 2 && st.counters.drops === 1 && st.state === 'connected',
    'resumed: the same session, sequence state kept', { counters: st.counters, sequence: st.sequence });
  run(c, 'echo still-$((8*8))');
  await waitFor(() => /still-64/.test(c.text()), 5000, 'input after resuming');
  r.check(true, 'input works after resuming');

  // drop_after_messages: the socket goes after N more messages.
  await faults(peer, { sessionId: sid, drop_after_messages: 3 });
  run(c, 'echo x');
  await waitFor(() => c.closeCode !== null, 5000, 'the socket to drop after 3 messages');
  st = await stats(peer, sid);
  r.check(st.counters.drops === 2 && st.state === 'disconnected', 'drop_after_messages cuts the socket', st.state);
  const again = await awsCall(fake.url, 'AmazonSSM.ResumeSession', { SessionId: sid });
  await c.connect(again.doc.TokenValue);
  c.sendFlag(2);
  await waitFor(() => c.channelClosed, 5000, 'channel_closed after Flag 2');
  r.check(c.channelClosed.Output === `Exiting session with sessionId: ${sid}.`, 'Flag 2 ends the session', c.channelClosed);
  c.close();

  // ECS ExecuteCommand runs its command on a PTY; the exit code is kept.
  const ecs = await awsCall(fake.url, 'AmazonEC2ContainerServiceV20141113.ExecuteCommand',
    { cluster: 'prod', task: 'abc123', container: 'web', command: "/bin/sh -c 'echo ecs-$((2+3)); exit 7'", interactive: true });
  r.check(ecs.status === 200 && ecs.doc.session.streamUrl.startsWith(peer.url.replace('http', 'ws')), 'ExecuteCommand answers the peer\'s stream', ecs.doc);
  const e = new TestClient(WebSocket, ecs.doc.session.streamUrl);
  await e.connect(ecs.doc.session.tokenValue);
  await waitFor(() => e.channelClosed, 5000, 'the ECS command to finish');
  const est = await stats(peer, ecs.doc.session.sessionId);
  r.check(/ecs-5/.test(e.text()) && est.exitCode === 7 && est.sessionType === 'InteractiveCommands',
    'ECS exec ran the command (exit 7)', { text: e.text(), exitCode: est.exitCode });
  e.close();

  // A client that never answers the handshake: the session fails with the agent's words.
  await faults(peer, { handshake_timeout_ms: 300 });
  const h = await awsCall(fake.url, 'AmazonSSM.StartSession', { Target: 'i-0aaa111122223333a' });
  const mute = new TestClient(WebSocket, h.doc.StreamUrl, { answerHandshake: false });
  await mute.connect(h.doc.TokenValue);
  await waitFor(() => mute.channelClosed, 3000, 'channel_closed after the handshake timeout');
  r.check(/^Handshake timed out/.test(mute.channelClosed.Output) && mute.handshakeRequest,
    'an unanswered HandshakeRequest ends the session (handshake_timeout_ms)', mute.channelClosed);
  mute.close();
  await faults(peer, { handshake_timeout_ms: null });

  const lost = await awsCall(fake.url, 'AmazonSSM.StartSession', { Target: 'i-0bbb111122223333b' });
  r.check(lost.status === 400 && lost.doc.__type === 'TargetNotConnected' && lost.doc.Message === 'i-0bbb111122223333b is not connected.',
    'StartSession on a ConnectionLost instance: TargetNotConnected', lost.doc);
  const baddoc = await awsCall(fake.url, 'AmazonSSM.StartSession', { Target: 'i-0aaa111122223333a', DocumentName: 'AWS-Nope' });
  r.check(baddoc.status === 400 && baddoc.doc.__type === 'InvalidDocument', 'an unknown document: InvalidDocument', baddoc.doc);
  const bad = await faults(peer, { reorder: 'yes' });
  r.check(bad.status === 400 && /reorder must be true or false/.test(bad.doc.error), 'a bad knob value is refused with the reason', bad.doc);
}

const r = new Results('check_faults');
main(r).catch((e) => r.error(e)).finally(() => r.finish());
