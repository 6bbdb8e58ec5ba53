'use strict';
// TestClient: a small Session Manager data-channel client for the peer's checks, written from
// the protocol notes with its own framing code (not lib/agent_message.js, so a mistake in the
// peer's codec is not repeated here). It acks and orders output_stream_data, drops messages
// whose digest is wrong (counting them), resends its own input every 300 ms until acked, and
// answers the handshake. Everything it saw is kept in public fields for the checks to read.
const crypto = require('crypto');

function encode(type, seq, flags, payloadType, payload) {
  const b = Buffer.alloc(120 + payload.length);
  b.writeUInt32BE(116, 0);
  b.write(type.padEnd(32, ' '), 4, 'ascii');
  b.writeUInt32BE(1, 36);
  b.writeBigUInt64BE(BigInt(Date.now()), 40);
  b.writeBigInt64BE(BigInt(seq), 48);
  b.writeBigUInt64BE(BigInt(flags), 56);
  const id = crypto.randomUUID();
  const raw = Buffer.from(id.replace(/-/g, ''), 'hex');
  raw.copy(b, 64, 8, 16);
  raw.copy(b, 72, 0, 8);
  crypto.createHash('sha256').update(payload).digest().copy(b, 80);
  b.writeUInt32BE(payloadType, 112);
  b.writeUInt32BE(payload.length, 116);
  payload.copy(b, 120);
  return { bytes: b, id };
}

function decode(b) {
  const hex = Buffer.concat([b.subarray(72, 80), b.subarray(64, 72)]).toString('hex');
  const payload = b.subarray(120, 120 + b.readUInt32BE(116));
  return {
    type: b.toString('ascii', 4, 36).trim(),
    seq: Number(b.readBigInt64BE(48)),
    flags: Number(b.readBigUInt64BE(56)),
    id: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`,
    payloadType: b.readUInt32BE(112),
    payload,
    digestOk: crypto.createHash('sha256').update(payload).digest().equals(b.subarray(80, 112)),
  };
}

class TestClient {
  // opts: {clientVersion, answerHandshake (default true), onHandshakeRequest(req) -> response
  // actions override, decrypt(payload)/encrypt(payload) for KMS sessions}
  constructor(WebSocket, streamUrl, opts = {}) {
    this.WebSocket = WebSocket;
    this.streamUrl = streamUrl;
    this.opts = opts;
    this.clientId = crypto.randomUUID();
    this.ws = null;
    this.outSeq = 0;
    this.expected = 0;
    this.unacked = new Map();     // seq -> {bytes, sent}
    this.buffered = new Map();
    this.output = Buffer.alloc(0);
    this.flags = [];
    this.handshakeRequest = null;
    this.handshakeComplete = null;
    this.challenge = null;
    this.channelClosed = null;
    this.publication = [];        // 'pause_publication' / 'start_publication' in order
    this.badDigests = 0;
    this.duplicates = 0;
    this.outOfOrder = 0;
    this.closeCode = null;
    this.timer = setInterval(() => this.resend(), 100);
  }

  connect(token) {
    return new Promise((resolve, reject) => {
      this.closeCode = null;
      const ws = new this.WebSocket(this.streamUrl);
      this.ws = ws;
      ws.on('open', () => {
        ws.send(JSON.stringify({ MessageSchemaVersion: '1.0', RequestId: crypto.randomUUID(), TokenValue: token,
          ClientId: this.clientId, ClientVersion: this.opts.clientVersion || '1.0.0' }));
        for (const e of this.unacked.values()) e.sent = 0;  // go again at once on the new socket
        resolve();
      });
      ws.on('error', reject);
      ws.on('message', (d) => { if (this.ws === ws) this.receive(Buffer.from(d)); });
      ws.on('close', (code) => { if (this.ws === ws) this.closeCode = code; });
    });
  }

  close() {
    clearInterval(this.timer);
    if (this.ws) this.ws.terminate();
  }

  sendRaw(bytes) { if (this.ws && this.ws.readyState === 1) this.ws.send(bytes); }

  send(payloadType, payload, { corruptDigest = false } = {}) {
    const seq = this.outSeq++;
    const { bytes } = encode('input_stream_data', seq, seq === 0 ? 1 : 0, payloadType, payload);
    this.unacked.set(seq, { bytes, sent: Date.now() });
    if (corruptDigest) {
      const bad = Buffer.from(bytes);
      bad[85] ^= 0x55;
      this.sendRaw(bad);
    } else {
      this.sendRaw(bytes);
    }
    return seq;
  }

  sendOutput(data) {
    for (let off = 0; off < data.length; off += 1024) {
      const chunk = data.subarray(off, off + 1024);
      this.send(1, this.opts.encrypt ? this.opts.encrypt(chunk) : chunk);
    }
  }

  sendFlag(flag) {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(flag, 0);
    this.send(10, b);
  }

  resend() {
    const now = Date.now();
    for (const e of this.unacked.values()) {
      if (now - e.sent > 300) {
        e.sent = now;
        this.sendRaw(e.bytes);
      }
    }
  }

  ack(m) {
    const body = Buffer.from(JSON.stringify({ AcknowledgedMessageType: m.type, AcknowledgedMessageId: m.id,
      AcknowledgedMessageSequenceNumber: m.seq, IsSequentialMessage: true }));
    this.sendRaw(encode('acknowledge', 0, 3, 0, body).bytes);
  }

  receive(b) {
    const m = decode(b);
    if (m.payload.length > 0 && !m.digestOk) {
      this.badDigests++;
      return;
    }
    if (m.type === 'acknowledge') {
      this.unacked.delete(JSON.parse(m.payload).AcknowledgedMessageSequenceNumber);
    } else if (m.type === 'channel_closed') {
      this.channelClosed = JSON.parse(m.payload);
    } else if (m.type === 'pause_publication' || m.type === 'start_publication') {
      this.publication.push(m.type);
    } else if (m.type === 'output_stream_data') {
      this.ack(m);
      if (m.seq < this.expected || this.buffered.has(m.seq)) {
        this.duplicates++;
      } else if (m.seq > this.expected) {
        this.outOfOrder++;
        this.buffered.set(m.seq, m);
      } else {
        this.deliver(m);
        this.expected++;
        while (this.buffered.has(this.expected)) {
          const next = this.buffered.get(this.expected);
          this.buffered.delete(this.expected);
          this.deliver(next);
          this.expected++;
        }
      }
    }
  }

  deliver(m) {
    switch (m.payloadType) {
      case 1: {
        const data = this.opts.decrypt ? this.opts.decrypt(m.payload) : m.payload;
        this.output = Buffer.concat([this.output, data]);
        if (this.opts.onOutput) this.opts.onOutput(data);
        break;
      }
      case 5: {
        this.handshakeRequest = JSON.parse(m.payload);
        if (this.opts.answerHandshake === false) break;
        const actions = this.opts.onHandshakeRequest ? this.opts.onHandshakeRequest(this.handshakeRequest)
          : this.handshakeRequest.RequestedClientActions.map((a) => ({ ActionType: a.ActionType, ActionStatus: 1 }));
        Promise.resolve(actions).then((acts) => this.send(6, Buffer.from(JSON.stringify({
          ClientVersion: this.opts.clientVersion || '1.0.0', ProcessedClientActions: acts, Errors: [] }))));
        break;
      }
      case 7: this.handshakeComplete = JSON.parse(m.payload); break;
      case 8: {
        this.challenge = JSON.parse(m.payload);
        if (this.opts.answerChallenge) {
          const answer = this.opts.answerChallenge(Buffer.from(this.challenge.Challenge, 'base64'));
          this.send(9, Buffer.from(JSON.stringify({ Challenge: answer.toString('base64') })));
        }
        break;
      }
      case 10: this.flags.push(m.payload.readUInt32BE(0)); break;
      default: break;
    }
  }

  text() { return this.output.toString('utf8'); }
}

module.exports = { TestClient };
