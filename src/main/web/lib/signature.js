// @ts-check
// Department signatures over "anchor-gateway/v1" LF department LF algorithm LF digest
// (docs/proof-format.md, "Department signatures").
import { sha256 } from '@noble/hashes/sha2.js';
import { p256 } from '@noble/curves/nist.js';
import { weierstrass } from '@noble/curves/abstract/weierstrass.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { sm2 } from 'sm-crypto-v2';
import { base64ToBytes, bigIntToBytes, bytesToHex, hexToBytes, utf8 } from './bytes.js';
import { DerError, decodeDerSignature, parseSpki, spkiFromPem } from './der.js';

/** GM/T 0009-2012's default SM2 signer identity, which the format fixes. */
export const SM2_USER_ID = '1234567812345678';
const SM2_N = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;
const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

/**
 * The exact bytes a department signs.
 * @param {string} department
 * @param {string} algorithm the digest algorithm name
 * @param {string} digest `0x` and 64 hex digits
 * @returns {Uint8Array}
 */
export function signedMessage(department, algorithm, digest) {
  return utf8(`anchor-gateway/v1\n${department}\n${algorithm}\n${digest}`);
}

/** The SM2 curve (GB/T 32918.5, sm2p256v1), to read and check SM2 public key points. */
const SM2_POINT = weierstrass({
  p: 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn,
  a: 0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffcn,
  b: 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n,
  n: 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n,
  h: 1n,
  Gx: 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n,
  Gy: 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n,
});

/** The DER of SubjectPublicKeyInfo up to the key bits: id-ecPublicKey with the curve, or Ed25519. */
const SPKI_PREFIX = {
  'ecdsa-p256': '3059301306072a8648ce3d020106082a8648ce3d030107034200',
  sm2: '3059301306072a8648ce3d020106082a811ccf5501822d034200',
  ed25519: '302a300506032b6570032100',
};

/**
 * The key in canonical form, the one its fingerprint is taken over (as the Java core and the on-chain issuer
 * registry take it): the named curve and the uncompressed point for EC keys, checked to be on the curve; no
 * parameters for Ed25519. Two encodings of one key (a compressed point, say) have one fingerprint.
 * @param {import('./der.js').PublicKeyInfo} info
 * @returns {import('./der.js').PublicKeyInfo}
 */
export function canonicalKey(info) {
  let key = info.key;
  if (info.algorithm !== 'ed25519') {
    try {
      key = (info.algorithm === 'sm2' ? SM2_POINT : p256.Point).fromBytes(info.key).toBytes(false);
    } catch (e) {
      throw new DerError(`the ${info.algorithm} public key is not a point on its curve`);
    }
  } else if (key.length !== 32) {
    throw new DerError(`an Ed25519 public key has 32 bytes, not ${key.length}`);
  }
  const prefix = hexToBytes(`0x${SPKI_PREFIX[info.algorithm]}`);
  const spki = new Uint8Array(prefix.length + key.length);
  spki.set(prefix);
  spki.set(key, prefix.length);
  return { algorithm: info.algorithm, key, spki };
}

/**
 * `sha256:` and the hex SHA-256 of a SubjectPublicKeyInfo DER.
 * @param {Uint8Array} spki
 * @returns {string}
 */
export function fingerprint(spki) {
  return `sha256:${bytesToHex(sha256(spki)).slice(2)}`;
}

/**
 * The exact bytes a department signs to request the revocation of a document (IAnchorRegistry.sol,
 * `revocationMessage`).
 * @param {string} department
 * @param {string} leaf `0x` and 64 lower-case hex digits
 * @param {number} reason the registry's reason code, 1 to 5
 * @param {string} replacementLeaf `0x` and 64 lower-case hex digits, all zeros for none
 * @returns {Uint8Array}
 */
export function revocationMessage(department, leaf, reason, replacementLeaf) {
  return utf8(`anchor-gateway/v1/revocation\n${department}\n${leaf}\n${reason}\n${replacementLeaf}`);
}

/**
 * Null when `value` is the key's signature of `message`, else why not: the one mechanism for every message a
 * department signs (submissions, revocation requests). Ed25519 strictly as RFC 8032; ECDSA P-256 (SHA-256) and
 * SM2 (SM3 with the default user id) as strict DER with high s accepted.
 * @param {import('./der.js').PublicKeyInfo} info a canonical key (canonicalKey)
 * @param {Uint8Array} value
 * @param {Uint8Array} message
 * @returns {string | null}
 */
export function signatureProblem(info, value, message) {
  let valid;
  try {
    if (info.algorithm === 'ed25519') {
      if (value.length !== 64) return `has ${value.length} bytes, not 64`;
      // zip215: false is RFC 8032's strict rule set, as OpenSSL and Bouncy Castle verify.
      valid = ed25519.verify(value, message, info.key, { zip215: false });
    } else {
      let rs;
      try {
        rs = decodeDerSignature(value);
      } catch (e) {
        if (e instanceof DerError) return `is not a DER SEQUENCE {r, s}: ${e.message}`;
        throw e;
      }
      const n = info.algorithm === 'sm2' ? SM2_N : P256_N;
      if (rs.r < 1n || rs.r >= n || rs.s < 1n || rs.s >= n) return 'has r or s outside 1 to n-1';
      const compact = new Uint8Array([...bigIntToBytes(rs.r, 32), ...bigIntToBytes(rs.s, 32)]);
      if (info.algorithm === 'ecdsa-p256') {
        // SHA-256 of the message (prehash); high s accepted, as Node's crypto and Bouncy Castle accept it.
        valid = p256.verify(compact, message, info.key, { prehash: true, lowS: false, format: 'compact' });
      } else {
        // SM3withSM2: e = SM3(Z || M), Z from the user id and the key (GB/T 32918.2). sm-crypto-v2 parses DER
        // loosely and leaves the ranges of r and s to its arithmetic, so both are checked above, with a reason.
        valid = sm2.doVerifySignature(message, bytesToHex(compact).slice(2), bytesToHex(info.key).slice(2), { der: false, hash: true, userId: SM2_USER_ID });
      }
    }
  } catch {
    valid = false; // a key that is not a point on the curve, for one
  }
  return valid ? null : `does not verify over the signed message with key ${fingerprint(info.spki)}`;
}

/**
 * @typedef {{ok: true, fingerprint: string} | {ok: false, code: 'signature-key-mismatch' | 'signature-invalid', detail: string}} SignatureCheck
 */

/**
 * Checks a proof's signature object on its own: the key parses, is of the stated algorithm and has the stated
 * fingerprint, and the value verifies over the signed message. Whether the key is the department's is the
 * caller's question (trusted key lists).
 * @param {import('./types.js').ProofSignature} signature
 * @param {string} department
 * @param {string} algorithm the digest algorithm
 * @param {string} digest
 * @returns {SignatureCheck}
 */
export function checkSignature(signature, department, algorithm, digest) {
  let info;
  try {
    info = canonicalKey(parseSpki(spkiFromPem(signature.publicKey)));
  } catch (e) {
    if (e instanceof DerError) return { ok: false, code: 'signature-key-mismatch', detail: `the public key does not parse: ${e.message}` };
    throw e;
  }
  const actual = fingerprint(info.spki);
  if (actual !== signature.publicKeyFingerprint) {
    return { ok: false, code: 'signature-key-mismatch', detail: `the key's fingerprint is ${actual}, the proof says ${signature.publicKeyFingerprint}` };
  }
  if (info.algorithm !== signature.algorithm) {
    return { ok: false, code: 'signature-key-mismatch', detail: `the key is an ${info.algorithm} key, the signature says ${signature.algorithm}` };
  }
  const value = base64ToBytes(signature.value);
  if (value === null) return { ok: false, code: 'signature-invalid', detail: `the ${signature.algorithm} signature is not canonical base64` };
  const problem = signatureProblem(info, value, signedMessage(department, algorithm, digest));
  if (problem !== null) return { ok: false, code: 'signature-invalid', detail: `the ${signature.algorithm} signature ${problem}` };
  return { ok: true, fingerprint: actual };
}
