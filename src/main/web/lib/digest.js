// @ts-check
// Document digests under the five algorithms a proof may name; each gives 32 bytes.
import { sha256, sha512_256 } from '@noble/hashes/sha2.js';
import { keccak_256, sha3_256 } from '@noble/hashes/sha3.js';
import { sm3 } from 'sm-crypto-v2';
import { bytesToHex, hexToBytes } from './bytes.js';

/** The digest algorithms of proof format versions 1 and 2, by their names in proofs. */
export const ALGORITHMS = Object.freeze(['sha256', 'sha512-256', 'sha3-256', 'keccak256', 'sm3']);

/**
 * The digest of `bytes` under `algorithm`, `0x` and 64 lower-case hex digits. `sha512-256` is SHA-512/256 of
 * FIPS 180-4 (its own initial values, not a truncated SHA-512); `sm3` is GB/T 32905-2016.
 * SHA-256 goes through WebCrypto when the platform has it (large files hash natively), else through noble.
 * @param {Uint8Array} bytes
 * @param {string} algorithm
 * @returns {Promise<string>}
 */
export async function hashDocument(bytes, algorithm) {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('hashDocument: bytes must be a Uint8Array');
  switch (algorithm) {
    case 'sha256': {
      const subtle = globalThis.crypto?.subtle;
      // WebCrypto refuses views of a SharedArrayBuffer; noble takes any.
      if (subtle && bytes.buffer instanceof ArrayBuffer) {
        return bytesToHex(new Uint8Array(await subtle.digest('SHA-256', /** @type {Uint8Array<ArrayBuffer>} */ (bytes))));
      }
      return bytesToHex(sha256(bytes));
    }
    case 'sha512-256':
      return bytesToHex(sha512_256(bytes));
    case 'sha3-256':
      return bytesToHex(sha3_256(bytes));
    case 'keccak256':
      return bytesToHex(keccak_256(bytes));
    case 'sm3':
      return bytesToHex(hexToBytes(sm3(bytes)));
    default:
      throw new TypeError(`hashDocument: unknown algorithm ${JSON.stringify(algorithm)}; known: ${ALGORITHMS.join(', ')}`);
  }
}
