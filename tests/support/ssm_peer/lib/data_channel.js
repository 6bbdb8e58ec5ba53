'use strict';
// DataChannel: the reliable, ordered message stream of one session, as the agent keeps it. It
// outlives WebSocket connections: sequence counters, the resend buffer and the out-of-order
// buffer stay when the socket drops, so a client that resumes and reconnects carries on.
//
// Outgoing stream data (output_stream_data) takes the next sequence number from 0 and stays in
// the resend buffer (exact bytes) until acknowledged; every 100 ms the oldest unacknowledged
// message is sent again when it is older than the retransmission timeout (TCP-style RTO from
// the ack round trips: RTT gain 1/8, variance gain 1/4, RTO = RTT + max(10 ms, 4 * variance),
// at most 1 s; RTT starts at 100 ms, RTO at 200 ms).
// Incoming input_stream_data is acknowledged and handed on in sequence order: a message ahead
// of the expected number is acknowledged and kept until the gap fills; one behind it (a resend
// of something already taken) is counted and acknowledged again (knob ack_duplicates=false:
// dropped silently, as AWS's agent does). A message the session cannot
// take yet (session.accepts() false, e.g. a port forward still dialling) is neither acked nor
// taken, so the client sends it again.
//
// The fault knobs that act on the wire live here (see lib/faults.js). Everything runs on
// node's one thread; nothing here blocks.
const crypto = require('crypto');
const am = require('./agent_message');

const { MessageType: MT } = am;
const RESEND_TICK_MS = 100;
const INCOMING_CAPACITY = 10000;
const REORDER_HOLD_MS = 30;

class DataChannel {
  // session: the owner; calls session.knob(name), session.takeOneShot(name),
  // session.accepts(msg), session.deliver(msg), session.onAck(), session.onMessageCount(),
  // session.log(text). counters: the session's counter object, updated in place.
  constructor(session, counters) {
    this.session = session;
    this.c = counters;
    this.ws = null;
    this.outSeq = 0;
    this.expected = 0;
    this.outgoing = [];            // {seq, bytes, messageId, lastSent}
    this.incoming = new Map();     // seq -> decoded message, acked but not yet taken
    this.rtt = 100;
    this.rttvar = 0;
    this.rto = 200;
    this.stall = null;             // {out: [bytes], in: [Buffer]} while stalled
    this.held = null;              // a stream message held back to swap with the next one
    this.heldTimer = null;
    this.dupCount = 0;
    this.timer = setInterval(() => this.resendTick(), RESEND_TICK_MS);
  }

  attach(ws) { this.ws = ws; }

  detach() {
    this.ws = null;
    this.releaseHeld(false);
  }

  close() {
    clearInterval(this.timer);
    clearTimeout(this.heldTimer);
    this.detach();
  }

  // ---- sending ----

  sendStream(payloadType, payload) {
    const seq = this.outSeq++;
    const messageId = crypto.randomUUID();
    const bytes = am.encode({ messageType: MT.OUTPUT, sequenceNumber: seq, flags: seq === 0 ? 1 : 0,
      payloadType, payload, messageId });
    const entry = { seq, bytes, messageId, lastSent: Date.now() };
    this.outgoing.push(entry);
    this.c.streamOut++;
    this.transmitFirst(bytes, payload.length > 0);
    return seq;
  }

  // Acks, channel_closed and (start|pause)_publication: sequence 0, flags 3, never resent.
  sendControl(messageType, payload) {
    this.send(am.encode({ messageType, sequenceNumber: 0, flags: 3, payload }));
  }

  transmitFirst(bytes, hasPayload) {
    let frame = bytes;
    if (hasPayload && this.session.takeOneShot('corrupt_digest')) {
      frame = Buffer.from(bytes);
      frame[80] ^= 0xff;
      this.c.corruptedSent++;
      this.session.log(`corrupted the digest of output seq ${bytes.readBigInt64BE(48)}`);
    }
    const frames = [frame];
    const every = this.session.knob('duplicate_every');
    if (every && ++this.dupCount % every === 0) {
      frames.push(bytes);
      this.c.duplicatesSent++;
    }
    for (const f of frames) {
      if (!this.session.knob('reorder')) this.send(f);
      else if (!this.held) {
        this.held = f;
        this.heldTimer = setTimeout(() => this.releaseHeld(true), REORDER_HOLD_MS);
      } else {
        const first = this.held;
        this.held = null;
        clearTimeout(this.heldTimer);
        this.send(f);
        this.send(first);
        this.c.reorderedPairs++;
      }
    }
  }

  releaseHeld(send) {
    clearTimeout(this.heldTimer);
    const h = this.held;
    this.held = null;
    if (h && send) this.send(h);
  }

  send(bytes) {
    if (this.stall) {
      this.stall.out.push(bytes);
      return;
    }
    if (!this.ws || this.ws.readyState !== 1) return;  // kept in the resend buffer if stream data
    this.ws.send(bytes);
    this.c.messagesOut++;
    this.session.onMessageCount();
  }

  resendTick() {
    if (this.stall || !this.ws || this.outgoing.length === 0) return;
    const oldest = this.outgoing[0];
    if (Date.now() - oldest.lastSent <= this.rto) return;
    oldest.lastSent = Date.now();
    this.c.resendsSent++;
    this.send(oldest.bytes);
  }

  // ---- stall ----

  startStall(ms) {
    if (this.stall) return;
    this.stall = { out: [], in: [] };
    this.c.stalls++;
    this.session.log(`stalled for ${ms} ms`);
    setTimeout(() => {
      const { out, in: inq } = this.stall;
      this.stall = null;
      for (const b of out) this.send(b);
      for (const b of inq) this.receive(b);
    }, ms);
  }

  // ---- receiving ----

  receive(buf) {
    if (this.stall) {
      this.stall.in.push(buf);
      return;
    }
    this.c.messagesIn++;
    this.session.onMessageCount();
    const r = am.decode(buf);
    if (!r.ok) {
      this.c.malformed++;
      this.session.log(`dropped a malformed message: ${r.error}`);
      return;
    }
    const msg = r.msg;
    const publication = msg.messageType === MT.START_PUBLICATION || msg.messageType === MT.PAUSE_PUBLICATION;
    if (msg.payload.length > 0 && !publication && !msg.digestOk) {
      this.c.digestMismatches++;
      if (this.session.knob('check_digest')) {
        this.session.log(`dropped ${msg.messageType} seq ${msg.sequenceNumber}: wrong payload digest`);
        return;
      }
    }
    switch (msg.messageType) {
      case MT.INPUT: return this.onInput(msg);
      case MT.ACK: return this.onAck(msg);
      default:
        this.c.otherIn++;
        this.session.log(`ignored a ${msg.messageType} message`);
    }
  }

  ack(msg) {
    if (this.session.knob('never_ack')) return;
    this.c.acksOut++;
    this.sendControl(MT.ACK, Buffer.from(JSON.stringify({
      AcknowledgedMessageType: msg.messageType,
      AcknowledgedMessageId: msg.messageId,
      AcknowledgedMessageSequenceNumber: msg.sequenceNumber,
      IsSequentialMessage: true,
    })));
  }

  onInput(msg) {
    const seq = msg.sequenceNumber;
    if (seq < this.expected || this.incoming.has(seq)) {
      this.c.resendsSeen++;
      if (this.session.knob('ack_duplicates')) this.ack(msg);
      return;
    }
    if (seq > this.expected) {
      if (this.incoming.size >= INCOMING_CAPACITY) return;
      this.c.outOfOrder++;
      this.ack(msg);
      this.incoming.set(seq, msg);
      return;
    }
    if (!this.session.accepts(msg)) {
      this.c.notReady++;
      return;
    }
    this.ack(msg);
    this.take(msg);
    this.drain();
  }

  take(msg) {
    this.expected++;
    this.c.streamIn++;
    this.session.deliver(msg);
  }

  // Takes buffered messages that are now in order; the session calls it again when it
  // becomes ready for a message it refused.
  drain() {
    while (this.incoming.has(this.expected)) {
      const next = this.incoming.get(this.expected);
      if (!this.session.accepts(next)) return;
      this.incoming.delete(this.expected);
      this.take(next);
    }
  }

  onAck(msg) {
    let ack;
    try {
      ack = JSON.parse(msg.payload.toString('utf8'));
    } catch (e) {
      this.c.malformed++;
      this.session.log('dropped an acknowledge whose payload is not JSON');
      return;
    }
    const seq = ack.AcknowledgedMessageSequenceNumber;
    const i = this.outgoing.findIndex((e) => e.seq === seq);
    if (i < 0) {
      this.c.acksUnknown++;
      return;
    }
    const entry = this.outgoing[i];
    if (ack.AcknowledgedMessageId !== entry.messageId) this.c.ackIdMismatches++;
    this.c.acksIn++;
    this.updateRto(Date.now() - entry.lastSent);
    this.outgoing.splice(i, 1);
    this.session.onAck();
  }

  updateRto(sample) {
    this.rttvar = 0.75 * this.rttvar + 0.25 * Math.abs(this.rtt - sample);
    this.rtt = 0.875 * this.rtt + 0.125 * sample;
    this.rto = Math.min(1000, this.rtt + Math.max(10, 4 * this.rttvar));
  }

  unacked() { return this.outgoing.length; }
}

module.exports = { DataChannel };
