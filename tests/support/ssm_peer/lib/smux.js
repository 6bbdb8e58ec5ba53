'use strict';
// smux v1 frames (the stream multiplexer Session Manager's port forwarding runs inside the
// Output byte stream): 8-byte header = version (1), command, length (uint16 little-endian),
// stream id (uint32 little-endian), then `length` bytes of data.

const VERSION = 1;
const Cmd = Object.freeze({ SYN: 0, FIN: 1, PSH: 2, NOP: 3 });
const HEADER = 8;
const MAX_FRAME = 32768;

function frame(cmd, sid, data = Buffer.alloc(0)) {
  const h = Buffer.alloc(HEADER);
  h[0] = VERSION;
  h[1] = cmd;
  h.writeUInt16LE(data.length, 2);
  h.writeUInt32LE(sid, 4);
  return Buffer.concat([h, data]);
}

// PSH frames for `data`, none longer than MAX_FRAME.
function pushFrames(sid, data) {
  const out = [];
  for (let off = 0; off < data.length; off += MAX_FRAME) out.push(frame(Cmd.PSH, sid, data.subarray(off, off + MAX_FRAME)));
  return Buffer.concat(out);
}

// Reassembles frames from a byte stream cut anywhere. feed() returns the whole frames now
// complete: [{version, cmd, sid, data}]; the caller judges versions and commands.
class FrameReader {
  constructor() { this.buf = Buffer.alloc(0); }

  feed(bytes) {
    this.buf = this.buf.length ? Buffer.concat([this.buf, bytes]) : bytes;
    const frames = [];
    while (this.buf.length >= HEADER) {
      const len = this.buf.readUInt16LE(2);
      if (this.buf.length < HEADER + len) break;
      frames.push({ version: this.buf[0], cmd: this.buf[1], sid: this.buf.readUInt32LE(4),
        data: this.buf.subarray(HEADER, HEADER + len) });
      this.buf = this.buf.subarray(HEADER + len);
    }
    return frames;
  }
}

module.exports = { Cmd, VERSION, frame, pushFrames, FrameReader, MAX_FRAME };
