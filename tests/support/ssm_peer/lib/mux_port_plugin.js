'use strict';
// MuxPortPlugin: the agent's multiplexed port forwarding (LocalPortForwarding and a
// ClientVersion of 1.1.70 or later). The Output byte stream in each direction carries smux v1
// frames, cut into payloads without regard to frame boundaries. Each stream the client opens
// (SYN) is one TCP connection to the destination; PSH carries its bytes, FIN closes it (and
// the peer answers FIN), NOP is ignored. A destination that refuses gets Flag 3
// (ConnectToPortError) and a FIN for that stream; the session goes on. A frame that is not
// smux v1 ends the session, as smux closes its session on a protocol error. Callbacks run on
// node's event loop.
const net = require('net');
const { PayloadType, Flag } = require('./agent_message');
const smux = require('./smux');
const { resolveDestination } = require('./destination');

class MuxPortPlugin {
  constructor(session, dest, remoteDefault, keepaliveMs) {
    this.session = session;
    this.dest = dest;
    this.remoteDefault = remoteDefault;
    this.keepaliveMs = keepaliveMs;
    this.reader = new smux.FrameReader();
    this.streams = new Map();    // sid -> {sock, connected, pending: [Buffer], finSent}
    this.keepalive = null;
    this.stopped = false;
  }

  start() {
    if (this.keepaliveMs > 0) {
      this.keepalive = setInterval(() => this.session.sendOutput(smux.frame(smux.Cmd.NOP, 0)), this.keepaliveMs);
    }
  }

  ready() { return true; }

  handle(msg) {
    if (this.stopped) return;
    if (msg.payloadType !== PayloadType.OUTPUT) return;  // flags: Terminate is the session's
    this.session.c.bytesIn += msg.payload.length;
    for (const f of this.reader.feed(msg.payload)) {
      if (f.version !== smux.VERSION) return this.protocolError(`smux version ${f.version} (expected 1)`);
      switch (f.cmd) {
        case smux.Cmd.SYN: this.open(f.sid); break;
        case smux.Cmd.PSH: this.push(f.sid, f.data); break;
        case smux.Cmd.FIN: this.fin(f.sid); break;
        case smux.Cmd.NOP: break;
        default: return this.protocolError(`smux command ${f.cmd} is not in v1`);
      }
    }
  }

  protocolError(reason) {
    this.session.log(`port: ${reason}`);
    this.stop();
    this.session.fail(`smux: ${reason}`);
  }

  open(sid) {
    if (this.streams.has(sid)) return;
    const st = { sock: null, connected: false, pending: [], finSent: false };
    this.streams.set(sid, st);
    this.session.c.smuxStreams++;
    const to = resolveDestination(this.dest.host, this.dest.port, this.remoteDefault);
    if (to.refused) return this.refuse(sid, to.refused);
    const sock = net.connect({ host: to.host, port: to.port });
    st.sock = sock;
    sock.on('connect', () => {
      st.connected = true;
      this.session.c.portConnections++;
      for (const b of st.pending) sock.write(b);
      st.pending = [];
    });
    sock.on('data', (d) => {
      // After the client's FIN the agent has closed the connection: late bytes go nowhere.
      if (this.streams.get(sid) === st) this.session.sendOutput(smux.pushFrames(sid, d));
    });
    sock.on('error', (e) => {
      if (!st.connected) this.refuse(sid, `Unable to connect to specified port: ${e.message}`);
    });
    sock.on('close', () => this.closeStream(sid));
  }

  refuse(sid, reason) {
    this.session.c.portRefused++;
    this.session.log(`port: stream ${sid}: ${reason}`);
    this.session.sendFlag(Flag.CONNECT_TO_PORT_ERROR);
    this.closeStream(sid);
  }

  push(sid, data) {
    const st = this.streams.get(sid);
    if (!st) return;  // smux drops data for a stream it does not know
    if (st.connected) st.sock.write(data);
    else st.pending.push(data);
  }

  fin(sid) {
    const st = this.streams.get(sid);
    if (!st) return;
    if (st.sock) st.sock.end();
    this.closeStream(sid);
  }

  closeStream(sid) {
    const st = this.streams.get(sid);
    if (!st) return;
    this.streams.delete(sid);
    if (st.sock && !st.sock.destroyed) st.sock.end();
    if (!st.finSent && !this.stopped) {
      st.finSent = true;
      this.session.sendOutput(smux.frame(smux.Cmd.FIN, sid));
    }
  }

  pause() { for (const st of this.streams.values()) if (st.sock) st.sock.pause(); }

  resume() { for (const st of this.streams.values()) if (st.sock) st.sock.resume(); }

  stop() {
    this.stopped = true;
    clearInterval(this.keepalive);
    for (const st of this.streams.values()) if (st.sock) st.sock.destroy();
    this.streams.clear();
  }
}

module.exports = { MuxPortPlugin };
