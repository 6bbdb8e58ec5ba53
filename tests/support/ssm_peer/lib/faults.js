'use strict';
// The knobs POST /faults sets, globally or for one session (a session's own value wins over the
// global one; null clears a knob). Each knob's checker returns the normalised value or throws
// an Error whose message names the knob and what it accepts. peer.js's header documents them.

const int = (min) => (name, v) => {
  if (!Number.isInteger(v) || v < min) throw new Error(`${name} must be an integer >= ${min}, got ${JSON.stringify(v)}`);
  return v;
};
const bool = (name, v) => {
  if (typeof v !== 'boolean') throw new Error(`${name} must be true or false, got ${JSON.stringify(v)}`);
  return v;
};
const oneOf = (...choices) => (name, v) => {
  if (!choices.includes(v)) throw new Error(`${name} must be one of ${choices.join(', ')}, got ${JSON.stringify(v)}`);
  return v;
};
const text = (name, v) => {
  if (typeof v !== 'string' || !v) throw new Error(`${name} must be a non-empty string, got ${JSON.stringify(v)}`);
  return v;
};

const KNOBS = {
  drop_after_messages: int(1),     // one-shot: close the WebSocket after N more AgentMessages
  duplicate_every: int(1),         // send every Nth output_stream_data twice
  reorder: bool,                   // send output_stream_data in swapped pairs
  corrupt_digest: int(1),          // one-shot: the next N output_stream_data go out with a wrong digest
  stall_ms: int(1),                // one-shot: nothing sent, nothing read for S ms
  pause_publication_ms: int(1),    // one-shot: pause_publication, then start_publication S ms later
  never_ack: bool,                 // never acknowledge the client's stream data
  ack_duplicates: bool,            // acknowledge a resend of what was already taken (default true)
  kms_key_id: text,                // require KMS encryption with this key (shell sessions)
  handshake: oneOf('always', 'auto'),
  handshake_timeout_ms: int(1),    // how long the agent waits for HandshakeResponse / the challenge
  check_digest: bool,
  agent_version: text,
  smux_keepalive_ms: int(0),
};

// The one-shot knobs fire once and then clear themselves.
const ONE_SHOT = new Set(['drop_after_messages', 'corrupt_digest', 'stall_ms', 'pause_publication_ms']);

const DEFAULTS = Object.freeze({
  handshake: 'always',
  check_digest: true,
  agent_version: '3.3.40.0',
  handshake_timeout_ms: 15000,
  smux_keepalive_ms: 0,
  reorder: false,
  never_ack: false,
  ack_duplicates: true,
});

// Returns {knob: value-or-null} for the knobs in `body` (other keys listed in `ignore` are
// skipped); throws on an unknown knob or a bad value.
function parseKnobs(body, ignore = []) {
  const out = {};
  for (const [k, v] of Object.entries(body)) {
    if (ignore.includes(k)) continue;
    if (!(k in KNOBS)) throw new Error(`unknown fault knob ${JSON.stringify(k)} (knobs: ${Object.keys(KNOBS).join(', ')})`);
    out[k] = v === null ? null : KNOBS[k](k, v);
  }
  return out;
}

// Applies parsed knobs to a store object: null deletes.
function applyKnobs(store, knobs) {
  for (const [k, v] of Object.entries(knobs)) {
    if (v === null) delete store[k];
    else store[k] = v;
  }
}

module.exports = { KNOBS, ONE_SHOT, DEFAULTS, parseKnobs, applyKnobs };
