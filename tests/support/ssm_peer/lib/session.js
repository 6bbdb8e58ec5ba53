'use strict';
// Session: one Session Manager session as the message gateway and agent see it — its tokens,
// its WebSocket (one at a time; a resumed session gets a new one), its DataChannel, the
// handshake and the plugin behind it (shell on a PTY, basic or smux port forwarding).
//
// Life: created by POST /sessions -> the client connects with the token (each token opens
// once) -> handshake (or none: the agent skips it for shells unless KMS is on, knob
// handshake=auto) -> plugin runs -> ends when the program exits, the client sends Flag 2
// (TerminateSession), the API terminates it or something fails; then channel_closed goes out
// with the reason in Output and the socket closes. A dropped socket leaves the session
// resumable: ResumeSession gives a new token, the client reconnects, sequence numbers and
// unacknowledged messages carry on. Runs on node's event loop.
const crypto = require('crypto');
const am = require('./agent_message');
const { DataChannel } = require('./data_channel');
const { ShellPlugin } = require('./shell_plugin');
const { BasicPortPlugin } = require('./basic_port_plugin');
const { MuxPortPlugin } = require('./mux_port_plugin');
const { SessionCipher, decryptDataKey } = require('./session_cipher');
const { ONE_SHOT, DEFAULTS, applyKnobs } = require('./faults');

const { MessageType: MT, PayloadType: PT, Flag } = am;
const CLOSE_WAIT_MS = 5000;        // how long an ending session waits for its last acks
const CHUNK = 1024;                // the agent reads its PTY / socket 1024 bytes at a time
const PAUSE_AT = 1000;             // unacked messages that pause the plugin's reads ...
const RESUME_AT = 500;             // ... and let them go on again
const MUX_CLIENT_VERSION = '1.1.70';

function newToken() {
  return `AAEAA${crypto.randomBytes(48).toString('base64url')}`;
}

// Dotted numeric versions, each part compared as a number; missing parts are 0.
function versionAtLeast(v, min) {
  const a = String(v || '').split('.').map((x) => parseInt(x, 10) || 0);
  const b = min.split('.').map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] || 0) !== (b[i] || 0)) return (a[i] || 0) > (b[i] || 0);
  }
  return true;
}

function newCounters() {
  return {
    connects: 0, drops: 0, tokensRejected: 0,
    messagesIn: 0, messagesOut: 0, streamIn: 0, streamOut: 0,
    acksIn: 0, acksOut: 0, acksUnknown: 0, ackIdMismatches: 0,
    resendsSeen: 0, resendsSent: 0, outOfOrder: 0, notReady: 0,
    digestMismatches: 0, malformed: 0, otherIn: 0, ignoredBeforeHandshake: 0,
    duplicatesSent: 0, reorderedPairs: 0, corruptedSent: 0, stalls: 0, pauses: 0,
    bytesIn: 0, bytesOut: 0,
    portConnections: 0, portRefused: 0, disconnectFlags: 0, terminateFlags: 0, smuxStreams: 0,
  };
}

class Session {
  // spec: see SessionRegistry.create; registry gives global knobs, --remote-default and KMS.
  constructor(registry, spec) {
    this.registry = registry;
    this.spec = spec;
    this.id = spec.sessionId;
    this.c = newCounters();
    this.state = 'created';       // created | connected | disconnected | ended
    this.token = newToken();
    this.ws = null;
    this.clientId = null;
    this.clientVersion = null;    // from the handshake response (or the token frame)
    this.dc = new DataChannel(this, this.c);
    this.plugin = null;
    this.portMode = null;
    this.begun = false;
    this.handshake = { mode: null, requested: null, response: null, complete: false, skipped: false,
      startedAt: 0, timer: null, kms: false };
    this.cipher = null;
    this.pendingCipher = null;
    this.challenge = null;
    this.lastSize = null;
    this.knobs = {};
    this.oneShots = {};
    for (const k of ONE_SHOT) if (registry.globalKnobs[k] !== undefined) this.oneShots[k] = registry.globalKnobs[k];
    this.pluginPaused = false;
    this.ending = false;
    this.closeTimer = null;
    this.endReason = null;
    this.endOutput = null;
    this.exitCode = null;
  }

  log(text) { this.registry.log(`${this.id}: ${text}`); }

  knob(name) {
    if (name in this.knobs) return this.knobs[name];
    if (name in this.registry.globalKnobs) return this.registry.globalKnobs[name];
    return DEFAULTS[name];
  }

  setKnobs(parsed) {
    const persistent = {};
    for (const [k, v] of Object.entries(parsed)) {
      if (!ONE_SHOT.has(k)) persistent[k] = v;
      else if (v === null) delete this.oneShots[k];
      else this.oneShots[k] = v;
    }
    applyKnobs(this.knobs, persistent);
    this.fireArmed();
  }

  // Counting one-shots (corrupt_digest) say whether they fire now.
  takeOneShot(name) {
    if (!this.oneShots[name]) return false;
    if (--this.oneShots[name] <= 0) delete this.oneShots[name];
    return true;
  }

  // Timed one-shots fire once a client is connected.
  fireArmed() {
    if (this.state !== 'connected') return;
    if (this.oneShots.stall_ms) {
      const ms = this.oneShots.stall_ms;
      delete this.oneShots.stall_ms;
      this.dc.startStall(ms);
    }
    if (this.oneShots.pause_publication_ms) {
      const ms = this.oneShots.pause_publication_ms;
      delete this.oneShots.pause_publication_ms;
      this.c.pauses++;
      this.log(`pause_publication for ${ms} ms`);
      this.dc.sendControl(MT.PAUSE_PUBLICATION, Buffer.alloc(0));
      setTimeout(() => { if (this.state === 'connected') this.dc.sendControl(MT.START_PUBLICATION, Buffer.alloc(0)); }, ms);
    }
  }

  onMessageCount() {
    if (!this.oneShots.drop_after_messages) return;
    if (--this.oneShots.drop_after_messages > 0) return;
    delete this.oneShots.drop_after_messages;
    setImmediate(() => this.drop('drop_after_messages'));
  }

  // ---- tokens and sockets ----

  resume() {
    if (this.state === 'ended' || this.ending) return '';
    this.token = newToken();
    return this.token;
  }

  // ws has sent its first (text) frame, `open` parsed from it.
  connect(ws, open) {
    const reason = this.state === 'ended' || this.ending ? 'the session has ended'
      : !open || typeof open.TokenValue !== 'string' ? 'the first frame has no TokenValue'
        : this.token === null || open.TokenValue !== this.token ? 'the token is not valid (wrong, used or replaced)'
          : null;
    if (reason) return this.reject(ws, reason);
    this.token = null;  // a token opens the channel once
    if (this.ws) {
      const old = this.ws;
      this.ws = null;
      old.terminate();
    }
    this.ws = ws;
    this.dc.attach(ws);
    this.clientId = open.ClientId || this.clientId;
    if (!this.clientVersion && open.ClientVersion) this.clientVersion = open.ClientVersion;
    this.state = 'connected';
    this.c.connects++;
    this.log(`connected (connection ${this.c.connects})`);
    ws.on('message', (data, isBinary) => {
      if (this.ws !== ws) return;
      if (!isBinary) {
        this.c.malformed++;
        this.log('ignored a text frame after the token');
        return;
      }
      this.dc.receive(Buffer.isBuffer(data) ? data : Buffer.concat(data));
    });
    ws.on('close', () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.dc.detach();
      if (this.state === 'connected') this.state = 'disconnected';
      this.log('disconnected');
    });
    if (!this.begun) this.begin();
    this.fireArmed();
  }

  reject(ws, reason) {
    this.c.tokensRejected++;
    this.log(`rejected a connection: ${reason}`);
    ws.send(am.encode({ messageType: MT.CHANNEL_CLOSED, flags: 3, payload: this.channelClosedPayload(reason) }));
    ws.close(1008, 'token rejected');
  }

  drop(why) {
    if (!this.ws) return false;
    this.c.drops++;
    this.log(`dropping the WebSocket (${why})`);
    this.ws.terminate();
    return true;
  }

  channelClosedPayload(output) {
    return Buffer.from(JSON.stringify({
      MessageId: crypto.randomUUID(), CreatedDate: new Date().toISOString(), DestinationId: this.spec.target || '',
      SessionId: this.id, MessageType: MT.CHANNEL_CLOSED, SchemaVersion: 1, Output: output,
    }));
  }

  // ---- handshake ----

  begin() {
    this.begun = true;
    const kmsKey = this.spec.sessionType === 'Port' ? null : this.knob('kms_key_id');
    const needed = this.spec.sessionType === 'Port' || kmsKey || this.knob('handshake') === 'always';
    this.handshake.mode = this.knob('handshake');
    if (!needed) {
      this.handshake.skipped = true;
      this.log('handshake skipped');
      return this.startPlugin();
    }
    const actions = [{ ActionType: 'SessionType',
      ActionParameters: { SessionType: this.spec.sessionType, Properties: this.spec.properties } }];
    if (kmsKey) {
      this.handshake.kms = true;
      actions.push({ ActionType: 'KMSEncryption', ActionParameters: { KMSKeyId: kmsKey } });
    }
    this.handshake.requested = { AgentVersion: this.knob('agent_version'), RequestedClientActions: actions };
    this.handshake.startedAt = Date.now();
    this.armHandshakeTimer('Handshake timed out. Please ensure that you have the latest version of the session manager plugin.');
    this.dc.sendStream(PT.HANDSHAKE_REQUEST, Buffer.from(JSON.stringify(this.handshake.requested)));
  }

  armHandshakeTimer(message) {
    clearTimeout(this.handshake.timer);
    this.handshake.timer = setTimeout(() => this.fail(message), this.knob('handshake_timeout_ms'));
  }

  onHandshakeResponse(msg) {
    if (!this.handshake.requested || this.handshake.response) {
      this.log('ignored an unexpected HandshakeResponse');
      return;
    }
    let r;
    try {
      r = JSON.parse(msg.payload.toString('utf8'));
    } catch (e) {
      return this.fail('Encountered error while initiating handshake. HandshakeResponse is not JSON');
    }
    this.handshake.response = r;
    if (typeof r.ClientVersion === 'string' && r.ClientVersion) this.clientVersion = r.ClientVersion;
    const processed = Array.isArray(r.ProcessedClientActions) ? r.ProcessedClientActions : [];
    for (const a of processed) {
      if (a && a.ActionStatus !== 1) {
        return this.fail(`Encountered error while initiating handshake. ${a.ActionType} failed on client with status ${a.ActionStatus} error: ${a.Error || ''}`);
      }
    }
    if (!this.handshake.kms) return this.completeHandshake();
    const kms = processed.find((a) => a && a.ActionType === 'KMSEncryption');
    const blob = kms && kms.ActionResult && kms.ActionResult.KMSCipherTextKey;
    if (typeof blob !== 'string' || !blob) {
      return this.fail('Encountered error while initiating handshake. The client did not answer KMSEncryption with a KMSCipherTextKey');
    }
    this.armHandshakeTimer('Timed out waiting for encryption challenge.');
    decryptDataKey({ endpoint: this.registry.kmsEndpoint, region: this.registry.kmsRegion, ciphertextB64: blob,
      sessionId: this.id, target: this.spec.target || '' })
      .then((cipher) => {
        if (this.ending) return;
        this.pendingCipher = cipher;
        this.challenge = crypto.randomBytes(64);
        this.dc.sendStream(PT.ENC_CHALLENGE_REQUEST,
          Buffer.from(JSON.stringify({ Challenge: cipher.encrypt(this.challenge).toString('base64') })));
      })
      .catch((e) => this.fail(`Encountered error while initiating handshake. Fetching data key failed: ${e.message}`));
  }

  onChallengeResponse(msg) {
    if (!this.pendingCipher || this.cipher) return;
    let answer;
    try {
      answer = Buffer.from(JSON.parse(msg.payload.toString('utf8')).Challenge, 'base64');
    } catch (e) {
      return this.fail('Encountered error while initiating handshake. EncChallengeResponse is not JSON with a Challenge');
    }
    if (!SessionCipher.challengeMatches(this.pendingCipher, this.challenge, answer)) {
      return this.fail('Encountered error while initiating handshake. Encryption challenge does not match!');
    }
    this.cipher = this.pendingCipher;
    this.completeHandshake();
  }

  completeHandshake() {
    clearTimeout(this.handshake.timer);
    this.handshake.complete = true;
    const ns = (Date.now() - this.handshake.startedAt) * 1e6;
    this.dc.sendStream(PT.HANDSHAKE_COMPLETE, Buffer.from(JSON.stringify({
      HandshakeTimeToComplete: ns, CustomerMessage: this.cipher ? 'This session is encrypted using AWS KMS.' : '' })));
    this.log(`handshake complete (client ${this.clientVersion || 'without a version'})`);
    this.startPlugin();
  }

  // ---- plugin ----

  startPlugin() {
    const s = this.spec;
    if (s.sessionType === 'Port') {
      const mux = s.properties.type === 'LocalPortForwarding' && versionAtLeast(this.clientVersion, MUX_CLIENT_VERSION);
      this.portMode = mux ? 'smux' : 'basic';
      this.plugin = mux ? new MuxPortPlugin(this, s.dest, this.registry.remoteDefault, this.knob('smux_keepalive_ms'))
        : new BasicPortPlugin(this, s.dest, this.registry.remoteDefault);
    } else {
      this.plugin = new ShellPlugin(this, s.argv);
    }
    this.log(`started ${s.sessionType}${this.portMode ? ` (${this.portMode})` : ''}`);
    this.plugin.start();
    this.dc.drain();
  }

  accepts(msg) {
    if (this.ending || msg.payloadType === PT.HANDSHAKE_RESPONSE || msg.payloadType === PT.ENC_CHALLENGE_RESPONSE) return true;
    if (!this.handshake.complete && !this.handshake.skipped) return true;  // taken and ignored, as the agent does
    return !this.plugin || this.plugin.ready();
  }

  drainInput() { this.dc.drain(); }

  deliver(msg) {
    if (this.ending) return;
    if (msg.payloadType === PT.HANDSHAKE_RESPONSE) return this.onHandshakeResponse(msg);
    if (msg.payloadType === PT.ENC_CHALLENGE_RESPONSE) return this.onChallengeResponse(msg);
    if (!this.handshake.complete && !this.handshake.skipped) {
      this.c.ignoredBeforeHandshake++;
      return;
    }
    if (msg.payloadType === PT.FLAG && msg.payload.length === 4 && msg.payload.readUInt32BE(0) === Flag.TERMINATE_SESSION) {
      this.c.terminateFlags++;
      this.endReason = 'client sent TerminateSession';
      return this.finish(`Exiting session with sessionId: ${this.id}.`, false);
    }
    if (this.cipher && msg.payloadType === PT.OUTPUT) {
      try {
        msg = { ...msg, payload: this.cipher.decrypt(msg.payload) };
      } catch (e) {
        return this.fail(`Error decrypting stream data message sequence ${msg.sequenceNumber}, err: ${e.message}`);
      }
    }
    if (this.plugin) this.plugin.handle(msg);
  }

  sendOutput(data) {
    if (this.ending) return;
    for (let off = 0; off < data.length; off += CHUNK) {
      const chunk = data.subarray(off, off + CHUNK);
      this.c.bytesOut += chunk.length;
      this.dc.sendStream(PT.OUTPUT, this.cipher ? this.cipher.encrypt(chunk) : chunk);
    }
    if (!this.pluginPaused && this.dc.unacked() >= PAUSE_AT && this.plugin) {
      this.pluginPaused = true;
      this.plugin.pause();
    }
  }

  sendFlag(flag) { this.dc.sendStream(PT.FLAG, am.flagPayload(flag)); }

  onAck() {
    if (this.pluginPaused && this.dc.unacked() < RESUME_AT) {
      this.pluginPaused = false;
      if (this.plugin) this.plugin.resume();
    }
    if (this.closeTimer && this.dc.unacked() === 0) this.closeNow();
  }

  pluginEnded(exitCode) {
    this.exitCode = exitCode;
    if (!this.endReason) this.endReason = `program exited with code ${exitCode}`;
    this.finish(`Exiting session with sessionId: ${this.id}.`, true);
  }

  // The session cannot go on: channel_closed carries `reason` (after what was sent is acked).
  fail(reason) {
    this.endReason = `failed: ${reason}`;
    this.finish(reason, true);
  }

  terminate() {
    if (!this.endReason) this.endReason = 'TerminateSession';
    this.finish(`Exiting session with sessionId: ${this.id}.`, false);
  }

  // Stops the plugin; once what it sent is acknowledged (at most CLOSE_WAIT_MS, and only while
  // a client is connected), channel_closed goes out with `output` and the socket closes.
  finish(output, waitForAcks) {
    if (this.ending || this.state === 'ended') return;
    this.ending = true;
    this.endOutput = output;
    clearTimeout(this.handshake.timer);
    if (this.plugin) this.plugin.stop();
    this.log(`ending: ${this.endReason}`);
    if (waitForAcks && this.ws && this.dc.unacked() > 0) {
      this.closeTimer = setTimeout(() => this.closeNow(), CLOSE_WAIT_MS);
    } else {
      this.closeNow();
    }
  }

  closeNow() {
    if (this.state === 'ended') return;
    clearTimeout(this.closeTimer);
    this.closeTimer = null;
    this.state = 'ended';
    this.token = null;
    if (this.ws) {
      const ws = this.ws;
      this.ws = null;
      ws.send(am.encode({ messageType: MT.CHANNEL_CLOSED, flags: 3, payload: this.channelClosedPayload(this.endOutput) }));
      this.c.messagesOut++;
      ws.close(1000, 'session ended');
    }
    this.dc.close();
  }

  summary() {
    const s = this.spec;
    return {
      sessionId: this.id, kind: s.kind, target: s.target, document: s.document || null,
      sessionType: s.sessionType, properties: s.properties, state: this.state, connected: this.ws !== null,
      clientId: this.clientId, clientVersion: this.clientVersion, portMode: this.portMode,
      handshake: { mode: this.handshake.mode, requested: this.handshake.requested !== null,
        skipped: this.handshake.skipped, complete: this.handshake.complete, response: this.handshake.response },
      encrypted: this.cipher !== null, lastSize: this.lastSize, exitCode: this.exitCode,
      endReason: this.endReason, channelClosedOutput: this.endOutput,
      sequence: { nextOut: this.dc.outSeq, expectedIn: this.dc.expected, unacked: this.dc.unacked(),
        bufferedIn: this.dc.incoming.size, rtoMs: Math.round(this.dc.rto) },
      counters: { ...this.c },
      faults: { ...this.knobs, ...this.oneShots },
    };
  }
}

module.exports = { Session, versionAtLeast };
