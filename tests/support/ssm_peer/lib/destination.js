'use strict';
// Where a port forward may connect. The peer stands in for an instance, but it runs on a test
// machine: it connects only to 127.0.0.0/8. No host (forwarding to the instance itself) and
// "localhost" mean 127.0.0.1; an IPv4 literal in 127.0.0.0/8 is used as given; any other host
// (an RDS endpoint name from moto, say) goes to the --remote-default address when the peer
// has one and is refused otherwise. Names are never looked up.

function parseHostPort(text) {
  const m = /^(\d+\.\d+\.\d+\.\d+):(\d+)$/.exec(text || '');
  if (!m || !isLoopback(m[1]) || !validPort(m[2])) return null;
  return { host: m[1], port: Number(m[2]) };
}

function isLoopback(host) {
  const parts = host.split('.');
  return parts.length === 4 && parts[0] === '127' &&
    parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

function validPort(p) {
  return /^\d{1,5}$/.test(String(p)) && Number(p) >= 1 && Number(p) <= 65535;
}

// -> {host, port} or {refused: reason}
function resolveDestination(host, port, remoteDefault) {
  if (!validPort(port)) return { refused: `port ${JSON.stringify(port)} is not a TCP port number` };
  if (!host || host === 'localhost') return { host: '127.0.0.1', port: Number(port) };
  if (isLoopback(host)) return { host, port: Number(port) };
  if (remoteDefault) return { ...remoteDefault };
  return { refused: `the ssm peer connects only to 127.0.0.0/8 and has no --remote-default for ${host}` };
}

module.exports = { resolveDestination, parseHostPort };
