'use strict';
// SessionRegistry: every session the peer knows, the global fault knobs and the peer-wide
// settings (--remote-default, --kms-endpoint). create() turns a POST /sessions body into a
// Session: it works out the session type and what the agent would run or connect to from
// the document and its parameters, and refuses what a real SSM would refuse.
const { Session } = require('./session');
const { ONE_SHOT, applyKnobs } = require('./faults');

class RequestError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

// SSM parameters are lists of strings; a bare string is taken too.
function param(parameters, name) {
  const v = parameters ? parameters[name] : undefined;
  const first = Array.isArray(v) ? v[0] : v;
  return first === undefined || first === null ? '' : String(first);
}

function portParam(parameters, name, fallback) {
  const p = param(parameters, name) || fallback;
  if (!/^\d{1,5}$/.test(p) || Number(p) < 1 || Number(p) > 65535) {
    throw new RequestError(400, 'InvalidDocument', `parameter ${name} must be a port number 1-65535, got ${JSON.stringify(p)}`);
  }
  return p;
}

// -> {sessionType, properties, argv} for a shell-like session or {sessionType: 'Port',
// properties, dest: {host, port}}.
function sessionShape(body) {
  if (body.kind === 'ecs') {
    const command = typeof body.command === 'string' && body.command.trim() ? body.command : '/bin/sh';
    return { sessionType: 'InteractiveCommands', properties: null, argv: ['/bin/sh', '-c', `exec ${command}`] };
  }
  const doc = body.document || '';
  const p = body.parameters || {};
  switch (doc) {
    case '':
    case 'SSM-SessionManagerRunShell':
      return { sessionType: 'Standard_Stream', properties: null, argv: ['/bin/sh'] };
    case 'AWS-StartInteractiveCommand': {
      const command = param(p, 'command');
      if (!command) throw new RequestError(400, 'InvalidDocument', 'AWS-StartInteractiveCommand needs the parameter command');
      return { sessionType: 'InteractiveCommands', properties: null, argv: ['/bin/sh', '-c', command] };
    }
    case 'AWS-StartPortForwardingSession': {
      const port = portParam(p, 'portNumber', '80');
      return { sessionType: 'Port', properties: { portNumber: port, type: 'LocalPortForwarding' },
        dest: { host: '', port } };
    }
    case 'AWS-StartPortForwardingSessionToRemoteHost': {
      const host = param(p, 'host');
      if (!host) throw new RequestError(400, 'InvalidDocument', 'AWS-StartPortForwardingSessionToRemoteHost needs the parameter host');
      const port = portParam(p, 'portNumber', '80');
      return { sessionType: 'Port', properties: { host, portNumber: port, type: 'LocalPortForwarding' },
        dest: { host, port } };
    }
    case 'AWS-StartSSHSession': {
      const port = portParam(p, 'portNumber', '22');
      return { sessionType: 'Port', properties: { portNumber: port }, dest: { host: '', port } };
    }
    default:
      throw new RequestError(400, 'InvalidDocument', `document ${JSON.stringify(doc)} is not one the ssm peer serves`);
  }
}

class SessionRegistry {
  constructor({ port, remoteDefault, kmsEndpoint, kmsRegion, log }) {
    this.port = port;
    this.remoteDefault = remoteDefault;
    this.kmsEndpoint = kmsEndpoint;
    this.kmsRegion = kmsRegion;
    this.log = log;
    this.sessions = new Map();
    this.globalKnobs = {};
  }

  create(body) {
    if (typeof body !== 'object' || body === null) throw new RequestError(400, 'BadRequest', 'body must be a JSON object');
    const id = body.sessionId;
    if (typeof id !== 'string' || !/^[A-Za-z0-9._-]{1,96}$/.test(id)) {
      throw new RequestError(400, 'BadRequest', 'sessionId must be 1-96 characters of A-Z a-z 0-9 . _ -');
    }
    if (this.sessions.has(id)) throw new RequestError(409, 'Conflict', `session ${id} exists`);
    const kind = body.kind || 'ssm';
    if (kind !== 'ssm' && kind !== 'ecs') throw new RequestError(400, 'BadRequest', 'kind must be "ssm" or "ecs"');
    if (kind === 'ssm' && (typeof body.target !== 'string' || !body.target)) {
      throw new RequestError(400, 'BadRequest', 'an ssm session needs a target');
    }
    const spec = { sessionId: id, kind, target: body.target || '', document: body.document || '',
      parameters: body.parameters || {}, command: body.command || '', container: body.container || '',
      ...sessionShape({ ...body, kind }) };
    const s = new Session(this, spec);
    this.sessions.set(id, s);
    this.log(`${id}: created ${spec.sessionType} for ${spec.target || spec.container || 'a task'}`);
    return s;
  }

  get(id) { return this.sessions.get(id); }

  streamUrl(id) { return `ws://127.0.0.1:${this.port}/v1/data-channel/${id}?role=publish_subscribe`; }

  // parsed: from faults.parseKnobs. Global one-shots arm every session created afterwards.
  setGlobalKnobs(parsed) {
    applyKnobs(this.globalKnobs, parsed);
    for (const k of ONE_SHOT) if (k in parsed) this.log(`global ${k} ${parsed[k] === null ? 'cleared' : `= ${parsed[k]}`} (for new sessions)`);
  }

  closeAll() {
    for (const s of this.sessions.values()) s.terminate();
  }
}

module.exports = { SessionRegistry, RequestError };
