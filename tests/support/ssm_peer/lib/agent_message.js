'use strict';
// AgentMessage: the binary frame every WebSocket message after the token carries, in both
// directions (Session Manager's data channel). Layout, all integers big-endian:
//   0 HeaderLength u32 (116: the offset of PayloadLength)   4 MessageType, 32 ASCII bytes
//  36 SchemaVersion u32   40 CreatedDate u64 (epoch ms)   48 SequenceNumber i64   56 Flags u64
//  64 MessageId: the UUID's bytes 8..15 first, then bytes 0..7
//  80 PayloadDigest: raw SHA-256 of the payload   112 PayloadType u32   116 PayloadLength u32
// 120 Payload
// Pure functions; nothing here keeps state.
const crypto = require('crypto');

const HEADER_LENGTH = 116;
const PAYLOAD_OFFSET = 120;

const MessageType = Object.freeze({
  INPUT: 'input_stream_data',
  OUTPUT: 'output_stream_data',
  ACK: 'acknowledge',
  CHANNEL_CLOSED: 'channel_closed',
  START_PUBLICATION: 'start_publication',
  PAUSE_PUBLICATION: 'pause_publication',
});

const PayloadType = Object.freeze({
  OUTPUT: 1, ERROR: 2, SIZE: 3, PARAMETER: 4, HANDSHAKE_REQUEST: 5, HANDSHAKE_RESPONSE: 6,
  HANDSHAKE_COMPLETE: 7, ENC_CHALLENGE_REQUEST: 8, ENC_CHALLENGE_RESPONSE: 9, FLAG: 10,
  STDERR: 11, EXIT_CODE: 12,
});

const Flag = Object.freeze({ DISCONNECT_TO_PORT: 1, TERMINATE_SESSION: 2, CONNECT_TO_PORT_ERROR: 3 });

function uuidToWire(text) {
  const b = Buffer.from(text.replace(/-/g, ''), 'hex');
  if (b.length !== 16) throw new Error(`not a UUID: ${text}`);
  return Buffer.concat([b.subarray(8, 16), b.subarray(0, 8)]);
}

function uuidFromWire(wire) {
  const h = Buffer.concat([wire.subarray(8, 16), wire.subarray(0, 8)]).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function digest(payload) {
  return crypto.createHash('sha256').update(payload).digest();
}

// msg: {messageType, sequenceNumber, flags, payloadType, payload (Buffer), messageId (text),
// createdDate (ms), schemaVersion}; only messageType is required.
function encode(msg) {
  const payload = msg.payload || Buffer.alloc(0);
  const buf = Buffer.alloc(PAYLOAD_OFFSET + payload.length);
  buf.writeUInt32BE(HEADER_LENGTH, 0);
  buf.fill(0x20, 4, 36);
  if (msg.messageType.length > 32) throw new Error(`message type too long: ${msg.messageType}`);
  buf.write(msg.messageType, 4, 'ascii');
  buf.writeUInt32BE(msg.schemaVersion ?? 1, 36);
  buf.writeBigUInt64BE(BigInt(msg.createdDate ?? Date.now()), 40);
  buf.writeBigInt64BE(BigInt(msg.sequenceNumber ?? 0), 48);
  buf.writeBigUInt64BE(BigInt(msg.flags ?? 0), 56);
  uuidToWire(msg.messageId ?? crypto.randomUUID()).copy(buf, 64);
  digest(payload).copy(buf, 80);
  buf.writeUInt32BE(msg.payloadType ?? 0, 112);
  buf.writeUInt32BE(payload.length, 116);
  payload.copy(buf, PAYLOAD_OFFSET);
  return buf;
}

// Returns {ok: true, msg} or {ok: false, error}. msg.digestOk tells whether the digest field
// is SHA-256 of the payload; judging it is the caller's business.
function decode(buf) {
  if (buf.length < 116) return { ok: false, error: `${buf.length} bytes is shorter than a header` };
  const headerLength = buf.readUInt32BE(0);
  // 112 is the older header without PayloadType.
  if (headerLength !== 116 && headerLength !== 112) {
    return { ok: false, error: `HeaderLength ${headerLength} (expected 116)` };
  }
  if (buf.length < headerLength + 4) return { ok: false, error: 'truncated header' };
  const payloadLength = buf.readUInt32BE(headerLength);
  const start = headerLength + 4;
  if (buf.length !== start + payloadLength) {
    return { ok: false, error: `PayloadLength ${payloadLength} but ${buf.length - start} payload bytes` };
  }
  const messageType = buf.toString('latin1', 4, 36).replace(/^[\0\s]+|[\0\s]+$/g, '');
  if (!messageType) return { ok: false, error: 'empty MessageType' };
  const payload = buf.subarray(start);
  const wireDigest = buf.subarray(80, 112);
  return {
    ok: true,
    msg: {
      headerLength,
      messageType,
      schemaVersion: buf.readUInt32BE(36),
      createdDate: Number(buf.readBigUInt64BE(40)),
      sequenceNumber: Number(buf.readBigInt64BE(48)),
      flags: Number(buf.readBigUInt64BE(56)),
      messageId: uuidFromWire(buf.subarray(64, 80)),
      payloadType: headerLength === 116 ? buf.readUInt32BE(112) : 0,
      payload,
      digestOk: digest(payload).equals(wireDigest),
    },
  };
}

function flagPayload(flag) {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(flag, 0);
  return b;
}

module.exports = { encode, decode, digest, uuidToWire, uuidFromWire, flagPayload, MessageType, PayloadType, Flag,
  HEADER_LENGTH, PAYLOAD_OFFSET };
