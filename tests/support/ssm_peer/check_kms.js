#!/usr/bin/env node
'use strict';
// KMS-encrypted shell sessions against a moto_server with signature checking on
// (scripts/lib/moto_bootstrap.py): with the knob kms_key_id the HandshakeRequest asks
// KMSEncryption; this client (as the plugin does) has KMS generate a 64-byte data key with the
// session's encryption context and answers its ciphertext; the peer has KMS decrypt it (boto3,
// signed), sends the encryption challenge, and from then on Output payloads are AES-256-GCM
// with a 12-byte nonce in front — first 32 key bytes for what the agent sends, last 32 for
// what it receives. `echo kms-$((7*6))` round-trips; a wrong challenge answer ends the session;
// so does a peer whose Decrypt moto refuses (wrong secret), which proves the call is made.
const crypto = require('crypto');
const net = require('net');
const path = require('path');
const { spawn, execFileSync } = require('child_process');
const { WebSocket } = require('./check_support').requireDeps();
const { children, startPeer, startFakeAws, awsCall, admin, waitFor, Results } = require('./check_support');
const { TestClient } = require('./test_client');

const BOOTSTRAP = path.join(__dirname, '..', '..', '..', 'scripts', 'lib', 'moto_bootstrap.py');

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

async function startMoto() {
  const port = await freePort();
  const p = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  children.push(p);
  await waitFor(() => {
    const s = net.connect(port, '127.0.0.1');
    s.on('connect', () => { p.up = true; s.destroy(); });
    s.on('error', () => s.destroy());
    return p.up;
  }, 30000, 'moto_server to listen');
  return `http://127.0.0.1:${port}`;
}

function python(code, input, env) {
  return JSON.parse(execFileSync('python3', ['-c', code], { input: JSON.stringify(input), env: { ...process.env, ...env } }).toString());
}

const KMS = `
import base64, json, sys, boto3
req = json.load(sys.stdin)
kms = boto3.client("kms", endpoint_url=req["endpoint"], region_name="us-east-1")
if req["op"] == "create":
    print(json.dumps({"keyId": kms.create_key(Description="ssm peer check")["KeyMetadata"]["KeyId"]}))
else:
    out = kms.generate_data_key(KeyId=req["keyId"], NumberOfBytes=64, EncryptionContext=req["context"])
    print(json.dumps({"blob": base64.b64encode(out["CiphertextBlob"]).decode(),
                      "plain": base64.b64encode(out["Plaintext"]).decode()}))
`;

const seal = (key, plain) => {
  const nonce = crypto.randomBytes(12);
  const c = crypto.createCipheriv('aes-256-gcm', key, nonce);
  return Buffer.concat([nonce, c.update(plain), c.final(), c.getAuthTag()]);
};
const open = (key, sealed) => {
  const d = crypto.createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  d.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([d.update(sealed.subarray(12, sealed.length - 16)), d.final()]);
};

// A client that does the plugin's side of KMSEncryption (honest=false: a wrong challenge answer).
async function kmsSession(fakeUrl, moto, env, honest) {
  const start = await awsCall(fakeUrl, 'AmazonSSM.StartSession', { Target: 'i-0aaa111122223333a' });
  if (start.status !== 200) throw new Error(`StartSession ${start.status}`);
  const sid = start.doc.SessionId;
  const keys = {};
  const c = new TestClient(WebSocket, start.doc.StreamUrl, {
    clientVersion: '1.2.707.0',
    onHandshakeRequest: (req) => req.RequestedClientActions.map((a) => {
      if (a.ActionType !== 'KMSEncryption') return { ActionType: a.ActionType, ActionStatus: 1 };
      const k = python(KMS, { op: 'generate', endpoint: moto, keyId: a.ActionParameters.KMSKeyId,
        context: { 'aws:ssm:SessionId': sid, 'aws:ssm:TargetId': 'i-0aaa111122223333a' } }, env);
      const plain = Buffer.from(k.plain, 'base64');
      keys.fromAgent = plain.subarray(0, 32);
      keys.toAgent = plain.subarray(32);
      return { ActionType: 'KMSEncryption', ActionStatus: 1, ActionResult: { KMSCipherTextKey: k.blob } };
    }),
    answerChallenge: (ch) => (honest ? seal(keys.toAgent, open(keys.fromAgent, ch)) : crypto.randomBytes(92)),
    encrypt: (b) => seal(keys.toAgent, b),
    decrypt: (b) => open(keys.fromAgent, b),
  });
  await c.connect(start.doc.TokenValue);
  return { c, sid };
}

async function main(r) {
  const moto = await startMoto();
  const creds = JSON.parse(execFileSync('python3', [BOOTSTRAP, '--endpoint-url', moto, '--format', 'json']).toString());
  const env = { AWS_ACCESS_KEY_ID: creds.aws_access_key_id, AWS_SECRET_ACCESS_KEY: creds.aws_secret_access_key, AWS_REGION: 'us-east-1' };
  r.check(Boolean(env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY), 'moto_server with signature checking on (moto_bootstrap.py)');
  const { keyId } = python(KMS, { op: 'create', endpoint: moto }, env);
  const peer = await startPeer(['--kms-endpoint', moto], env);
  const fake = await startFakeAws(peer.url);
  await admin(peer.url, 'POST', '/faults', { kms_key_id: keyId });

  const { c, sid } = await kmsSession(fake.url, moto, env, true);
  await waitFor(() => c.handshakeComplete, 15000, 'HandshakeComplete after the KMS exchange');
  const acts = c.handshakeRequest.RequestedClientActions;
  r.check(acts.length === 2 && acts[1].ActionType === 'KMSEncryption' && acts[1].ActionParameters.KMSKeyId === keyId,
    'HandshakeRequest asks KMSEncryption with the key', acts);
  r.check(c.challenge && c.handshakeComplete.CustomerMessage === 'This session is encrypted using AWS KMS.',
    'challenge answered; HandshakeComplete says the session is encrypted', c.handshakeComplete);
  c.send(3, Buffer.from(JSON.stringify({ cols: 100, rows: 30 })));
  c.sendOutput(Buffer.from('echo kms-$((7*6))\r'));
  await waitFor(() => /kms-42/.test(c.text()), 10000, 'kms-42 through the encrypted session');
  r.check(true, 'encrypted keystrokes reach the shell and its encrypted output decrypts');
  const st = (await admin(peer.url, 'GET', `/sessions/${sid}`)).doc;
  r.check(st.encrypted === true && st.lastSize.cols === 100, 'the peer has the session encrypted (Size stays clear)', st);
  c.sendOutput(Buffer.from('exit\r'));
  await waitFor(() => c.channelClosed, 10000, 'channel_closed');
  c.close();

  const bad = await kmsSession(fake.url, moto, env, false);
  await waitFor(() => bad.c.channelClosed, 15000, 'channel_closed after a wrong challenge answer');
  r.check(/Encryption challenge does not match!/.test(bad.c.channelClosed.Output) && !bad.c.handshakeComplete,
    'a wrong challenge answer ends the session before HandshakeComplete', bad.c.channelClosed);
  bad.c.close();

  // The peer's Decrypt is a real, signed KMS call: with a wrong secret moto refuses it.
  const wrong = await startPeer(['--kms-endpoint', moto], { ...env, AWS_SECRET_ACCESS_KEY: 'not-the-secret' });
  const fake2 = await startFakeAws(wrong.url);
  await admin(wrong.url, 'POST', '/faults', { kms_key_id: keyId });
  const refused = await kmsSession(fake2.url, moto, env, true);
  await waitFor(() => refused.c.channelClosed, 15000, 'channel_closed when KMS refuses the peer');
  r.check(/Fetching data key failed: KMS Decrypt failed/.test(refused.c.channelClosed.Output) && !refused.c.handshakeComplete,
    'a peer whose KMS Decrypt is refused ends the session and says why', refused.c.channelClosed.Output);
  refused.c.close();
}

const r = new Results('check_kms');
main(r).catch((e) => r.error(e)).finally(() => r.finish());
