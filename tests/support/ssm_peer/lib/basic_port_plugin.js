'use strict';
// BasicPortPlugin: the agent's single-connection port forwarding (older clients, the SSH
// document, or a ClientVersion below 1.1.70). The destination is dialled when the session
// starts; Output payloads are written to it and what it sends comes back as Output. Flag 1
// (DisconnectToPort) closes the connection, and so does the destination closing it; the next
// Output payload dials again. A destination that refuses gets Flag 3 (ConnectToPortError) and
// ends the session, as the agent's plugin fails. Callbacks run on node's event loop.
const net = require('net');
const { PayloadType, Flag } = require('./agent_message');
const { resolveDestination } = require('./destination');

class BasicPortPlugin {
  // dest: {host, port} as the session's parameters name it (host may be empty).
  constructor(session, dest, remoteDefault) {
    this.session = session;
    this.dest = dest;
    this.remoteDefault = remoteDefault;
    this.sock = null;
    this.dialing = false;
    this.started = false;
    this.queue = [];          // Output payloads waiting for a connection being dialled
    this.stopped = false;
  }

  start() {
    this.started = true;
    this.dial();
  }

  // The agent refuses client data until its first connection is up (the client resends).
  ready() { return this.started && (this.sock !== null || this.session.c.portConnections > 0); }

  dial() {
    const to = resolveDestination(this.dest.host, this.dest.port, this.remoteDefault);
    if (to.refused) return this.refused(to.refused);
    this.dialing = true;
    const sock = net.connect({ host: to.host, port: to.port });
    sock.on('connect', () => {
      this.dialing = false;
      this.sock = sock;
      this.session.c.portConnections++;
      this.session.log(`port: connected to ${to.host}:${to.port}`);
      for (const b of this.queue) sock.write(b);
      this.queue = [];
      this.session.drainInput();
    });
    sock.on('data', (d) => this.session.sendOutput(d));
    sock.on('error', (e) => {
      if (this.dialing) {
        this.dialing = false;
        this.refused(`Unable to connect to specified port: ${e.message}`);
      }
    });
    sock.on('close', () => {
      if (this.sock === sock) this.sock = null;  // the next Output dials again
    });
  }

  refused(reason) {
    this.session.c.portRefused++;
    this.session.log(`port: ${reason}`);
    this.session.sendFlag(Flag.CONNECT_TO_PORT_ERROR);
    this.session.fail(reason);
  }

  handle(msg) {
    if (this.stopped) return;
    if (msg.payloadType === PayloadType.OUTPUT) {
      this.session.c.bytesIn += msg.payload.length;
      if (this.sock) this.sock.write(msg.payload);
      else {
        this.queue.push(msg.payload);
        if (!this.dialing) this.dial();
      }
    } else if (msg.payloadType === PayloadType.FLAG && msg.payload.length === 4 &&
               msg.payload.readUInt32BE(0) === Flag.DISCONNECT_TO_PORT) {
      this.session.c.disconnectFlags++;
      if (this.sock) this.sock.destroy();
      this.sock = null;
    }
  }

  pause() { if (this.sock) this.sock.pause(); }

  resume() { if (this.sock) this.sock.resume(); }

  stop() {
    this.stopped = true;
    if (this.sock) this.sock.destroy();
  }
}

module.exports = { BasicPortPlugin };
