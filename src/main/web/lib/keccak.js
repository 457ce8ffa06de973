// @ts-check
import { keccak_256 } from '@noble/hashes/sha3.js';

/**
 * Keccak-256 (Ethereum's, not SHA3-256).
 * @param {Uint8Array} bytes
 * @returns {Uint8Array}
 */
export function keccak256(bytes) {
  return keccak_256(bytes);
}
