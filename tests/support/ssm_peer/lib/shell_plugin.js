'use strict';
// ShellPlugin: a session's program on a real pseudo-terminal (pty_helper.py), as the agent's
// Standard_Stream / InteractiveCommands plugins run one. Output payloads (type 1) from the
// client are keystrokes; Size payloads (type 3, {"cols","rows"}) resize the terminal; the
// terminal's output goes back through session.sendOutput. When the program exits the plugin
// calls session.pluginEnded(exitCode). Callbacks run on node's event loop.
const { spawn } = require('child_process');
const path = require('path');
const { PayloadType } = require('./agent_message');

const HELPER = path.join(__dirname, '..', 'pty_helper.py');

// The program gets a plain environment: the peer's own may hold credentials (KMS calls),
// which a test's shell must not be able to print.
function shellEnv() {
  return {
    PATH: process.env.PATH || '/usr/local/bin:/usr/bin:/bin',
    HOME: process.env.HOME || '/',
    TERM: 'xterm-256color',
    LANG: 'C.UTF-8',
    SHELL: '/bin/sh',
  };
}

function frame(kind, body) {
  const head = Buffer.alloc(5);
  head.write(kind, 0, 'ascii');
  head.writeUInt32BE(body.length, 1);
  return Buffer.concat([head, body]);
}

class ShellPlugin {
  constructor(session, argv) {
    this.session = session;
    this.argv = argv;
    this.child = null;
    this.exited = false;
  }

  start() {
    const env = shellEnv();
    this.child = spawn('python3', [HELPER, '80', '24', ...this.argv],
      { stdio: ['pipe', 'pipe', 'inherit'], env, cwd: env.HOME });
    this.child.stdout.on('data', (d) => this.session.sendOutput(d));
    this.child.stdin.on('error', () => {});  // the helper is gone; 'close' reports it
    this.child.on('close', (code, signal) => {
      this.exited = true;
      this.session.pluginEnded(code ?? 128 + (signal ? 9 : 0));
    });
  }

  ready() { return this.child !== null; }

  handle(msg) {
    if (this.exited) return;
    if (msg.payloadType === PayloadType.OUTPUT) {
      this.child.stdin.write(frame('D', msg.payload));
      this.session.c.bytesIn += msg.payload.length;
    } else if (msg.payloadType === PayloadType.SIZE) {
      let size;
      try {
        size = JSON.parse(msg.payload.toString('utf8'));
      } catch (e) {
        this.session.log('ignored a Size payload that is not JSON');
        return;
      }
      const ok = (v) => Number.isInteger(v) && v > 0 && v < 65536;
      if (!ok(size.cols) || !ok(size.rows)) {
        this.session.log(`ignored Size ${JSON.stringify(size)}: cols and rows must be 1..65535`);
        return;
      }
      this.session.lastSize = { cols: size.cols, rows: size.rows };
      const b = Buffer.alloc(4);
      b.writeUInt16BE(size.cols, 0);
      b.writeUInt16BE(size.rows, 2);
      this.child.stdin.write(frame('S', b));
    }
  }

  pause() { if (this.child) this.child.stdout.pause(); }

  resume() { if (this.child) this.child.stdout.resume(); }

  stop() {
    if (!this.child || this.exited) return;
    this.child.stdin.write(frame('K', Buffer.alloc(0)));
    this.child.stdin.end();
    const c = this.child;
    setTimeout(() => { if (!this.exited) c.kill('SIGKILL'); }, 3000).unref();
  }
}

module.exports = { ShellPlugin };
