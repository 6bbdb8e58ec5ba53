'use strict';
// SessionCipher: the agent's side of a KMS-encrypted session. The client generated a 64-byte
// data key with KMS (encryption context aws:ssm:SessionId and aws:ssm:TargetId) and sent its
// ciphertext; the peer has KMS decrypt it (kms_decrypt.py, boto3 against --kms-endpoint).
// The first 32 bytes key what the agent sends, the last 32 what it receives. Each payload is
// AES-256-GCM: a fresh 12-byte nonce, then the ciphertext and its 16-byte tag.
const crypto = require('crypto');
const path = require('path');
const { spawn } = require('child_process');

const HELPER = path.join(__dirname, '..', 'kms_decrypt.py');

function seal(key, plain) {
  const nonce = crypto.randomBytes(12);
  const c = crypto.createCipheriv('aes-256-gcm', key, nonce);
  const body = Buffer.concat([c.update(plain), c.final()]);
  return Buffer.concat([nonce, body, c.getAuthTag()]);
}

function open(key, sealed) {
  if (sealed.length < 12 + 16) throw new Error(`${sealed.length} bytes is too short for AES-GCM`);
  const d = crypto.createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  d.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([d.update(sealed.subarray(12, sealed.length - 16)), d.final()]);
}

class SessionCipher {
  constructor(plainKey) {
    if (plainKey.length !== 64) throw new Error(`the data key has ${plainKey.length} bytes, expected 64`);
    this.sendKey = plainKey.subarray(0, 32);
    this.receiveKey = plainKey.subarray(32);
  }

  encrypt(plain) { return seal(this.sendKey, plain); }

  decrypt(sealed) { return open(this.receiveKey, sealed); }

  // The challenge goes out under the agent's key and comes back under the client's.
  static challengeMatches(cipher, sent, answer) {
    try {
      return cipher.decrypt(answer).equals(sent);
    } catch (e) {
      return false;
    }
  }
}

// Resolves to a SessionCipher or rejects with an Error saying why.
function decryptDataKey({ endpoint, region, ciphertextB64, sessionId, target }) {
  return new Promise((resolve, reject) => {
    if (!endpoint) return reject(new Error('the peer was started without --kms-endpoint'));
    const p = spawn('python3', [HELPER], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d) => { out += d; });
    p.on('error', reject);
    p.on('close', () => {
      let r;
      try {
        r = JSON.parse(out);
      } catch (e) {
        return reject(new Error(`kms_decrypt.py said nothing usable: ${out.slice(0, 200)}`));
      }
      if (r.error) return reject(new Error(`KMS Decrypt failed: ${r.error}`));
      try {
        resolve(new SessionCipher(Buffer.from(r.plaintext, 'base64')));
      } catch (e) {
        reject(e);
      }
    });
    p.stdin.end(JSON.stringify({ endpoint, region, ciphertext: ciphertextB64,
      context: { 'aws:ssm:SessionId': sessionId, 'aws:ssm:TargetId': target } }));
  });
}

module.exports = { SessionCipher, decryptDataKey, seal, open };
