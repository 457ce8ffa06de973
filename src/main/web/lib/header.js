// @ts-check
// Block headers: decoding, the block hash under each consensus, and IBFT 2.0 / QBFT committed seals
// (docs/proof-format.md, "The block header and finality"; Besu's BftBlockHashing and the extraData codecs).
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak256 } from './keccak.js';
import { bytesToHex } from './bytes.js';
import { rlpDecode, rlpEncode, rlpScalar, RlpError } from './rlp.js';

/** Bytes that are not a block header of the expected shape. */
export class HeaderError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'HeaderError';
  }
}

/**
 * @typedef {object} BlockHeader
 * @property {Uint8Array[]} items the header's fields in wire order
 * @property {Uint8Array} stateRoot item 3
 * @property {bigint} number item 8
 * @property {bigint} timestamp item 11, seconds since the epoch
 * @property {Uint8Array} extraData item 12
 */

/**
 * Decodes a header RLP: a list of at least 15 byte strings (15 before London; later forks append items).
 * @param {Uint8Array} rlp
 * @returns {BlockHeader}
 */
export function decodeHeader(rlp) {
  let decoded;
  try {
    decoded = rlpDecode(rlp);
  } catch (e) {
    if (e instanceof RlpError) throw new HeaderError(`not RLP: ${e.message}`);
    throw e;
  }
  if (!Array.isArray(decoded)) throw new HeaderError('a header is an RLP list');
  if (decoded.length < 15) throw new HeaderError(`a header has at least 15 items, this one ${decoded.length}`);
  /** @type {Uint8Array[]} */
  const items = [];
  for (const [i, item] of decoded.entries()) {
    if (!(item instanceof Uint8Array)) throw new HeaderError(`header item ${i} is a list`);
    items.push(item);
  }
  if (items[3].length !== 32) throw new HeaderError(`stateRoot has ${items[3].length} bytes, not 32`);
  try {
    return { items, stateRoot: items[3], number: rlpScalar(items[8], 'number'), timestamp: rlpScalar(items[11], 'timestamp'), extraData: items[12] };
  } catch (e) {
    if (e instanceof RlpError) throw new HeaderError(e.message);
    throw e;
  }
}

/**
 * @typedef {object} BftExtraData
 * @property {Uint8Array} vanity
 * @property {Uint8Array[]} validators
 * @property {import('./rlp.js').RlpItem} vote
 * @property {Uint8Array} round
 * @property {import('./rlp.js').RlpItem[]} seals
 */

/**
 * Decodes IBFT 2.0 / QBFT extraData: `RLP([vanity, [validators], vote, round, [seals]])`.
 * @param {Uint8Array} extraData
 * @returns {BftExtraData}
 */
export function decodeBftExtraData(extraData) {
  let decoded;
  try {
    decoded = rlpDecode(extraData);
  } catch (e) {
    if (e instanceof RlpError) throw new HeaderError(`extraData is not RLP: ${e.message}`);
    throw e;
  }
  if (!Array.isArray(decoded) || decoded.length !== 5) {
    throw new HeaderError('BFT extraData is an RLP list of 5 items: vanity, validators, vote, round, seals');
  }
  const [vanity, validators, vote, round, seals] = decoded;
  if (!(vanity instanceof Uint8Array)) throw new HeaderError('extraData vanity is a list');
  if (!Array.isArray(validators) || !validators.every((v) => v instanceof Uint8Array && v.length === 20)) {
    throw new HeaderError('extraData validators are a list of 20-byte addresses');
  }
  if (!(round instanceof Uint8Array)) throw new HeaderError('extraData round is a list');
  if (!Array.isArray(seals)) throw new HeaderError('extraData seals are a list');
  return { vanity, validators: /** @type {Uint8Array[]} */ (validators), vote, round, seals };
}

/**
 * The header RLP with extraData replaced.
 * @param {BlockHeader} header
 * @param {import('./rlp.js').RlpItem[]} extra the items of the replacement extraData list
 * @returns {Uint8Array}
 */
function withExtraData(header, extra) {
  const items = header.items.slice();
  items[12] = rlpEncode(extra);
  return rlpEncode(items);
}

/**
 * The block hash under a consensus: `none` hashes the header as given; IBFT 2.0 and QBFT hash it with the
 * round and the committed seals taken out of extraData (so the seals can sign the hash's preimage).
 * @param {Uint8Array} rlp the header as sealed
 * @param {import('./types.js').Consensus} consensus
 * @returns {Uint8Array}
 */
export function blockHash(rlp, consensus) {
  if (consensus === 'none') return keccak256(rlp);
  const header = decodeHeader(rlp);
  const x = decodeBftExtraData(header.extraData);
  if (consensus === 'ibft2') return keccak256(withExtraData(header, [x.vanity, x.validators, x.vote]));
  if (consensus === 'qbft') return keccak256(withExtraData(header, [x.vanity, x.validators, x.vote, new Uint8Array(0), []]));
  throw new TypeError(`unknown consensus ${String(consensus)}`);
}

/**
 * What each validator signs: IBFT 2.0 `RLP([vanity, validators, vote, round])`, QBFT
 * `RLP([vanity, validators, vote, round, []])` in place of extraData.
 * @param {Uint8Array} rlp
 * @param {import('./types.js').BftConsensus} consensus
 * @returns {Uint8Array}
 */
export function sealDigest(rlp, consensus) {
  const header = decodeHeader(rlp);
  const x = decodeBftExtraData(header.extraData);
  if (consensus === 'ibft2') return keccak256(withExtraData(header, [x.vanity, x.validators, x.vote, x.round]));
  if (consensus === 'qbft') return keccak256(withExtraData(header, [x.vanity, x.validators, x.vote, x.round, []]));
  throw new TypeError(`unknown BFT consensus ${String(consensus)}`);
}

/**
 * The Ethereum address that produced a 65-byte `r || s || recId` secp256k1 signature over a 32-byte digest,
 * or null when the seal does not recover (wrong length, recId not 0 or 1, r or s out of range, no point).
 * High-s seals are not refused: recovery does not need low s, and Besu does not demand it of seals either.
 * @param {import('./rlp.js').RlpItem} seal
 * @param {Uint8Array} digest
 * @returns {string | null} `0x` and 40 lower-case hex digits
 */
export function recoverSealSigner(seal, digest) {
  if (!(seal instanceof Uint8Array) || seal.length !== 65) return null;
  const recId = seal[64];
  if (recId !== 0 && recId !== 1) return null;
  try {
    const sig = secp256k1.Signature.fromBytes(seal.subarray(0, 64), 'compact').addRecoveryBit(recId);
    const point = sig.recoverPublicKey(digest);
    const uncompressed = point.toBytes(false);
    return bytesToHex(keccak256(uncompressed.subarray(1)).subarray(12));
  } catch {
    return null;
  }
}

/**
 * @typedef {object} SealCount
 * @property {string[]} signers distinct recovered addresses, in seal order
 * @property {string[]} trustedSigners those of them in the trusted set
 * @property {number} required ceil(2n/3) for the trusted set's size n
 * @property {number} size n
 * @property {boolean} quorum
 */

/**
 * Counts the distinct trusted validators that sealed a header (Besu's `calculateRequiredValidatorQuorum`:
 * at least ceil(2n/3) of the n trusted validators). The set comes from the verifier, never from the header.
 * @param {Uint8Array} rlp
 * @param {import('./types.js').BftConsensus} consensus
 * @param {readonly string[]} trustedValidators addresses, any case
 * @returns {SealCount}
 */
export function countSeals(rlp, consensus, trustedValidators) {
  const trusted = new Set(trustedValidators.map((a) => a.toLowerCase()));
  const digest = sealDigest(rlp, consensus);
  const { seals } = decodeBftExtraData(decodeHeader(rlp).extraData);
  /** @type {string[]} */
  const signers = [];
  for (const seal of seals) {
    const signer = recoverSealSigner(seal, digest);
    if (signer !== null && !signers.includes(signer)) signers.push(signer);
  }
  const trustedSigners = signers.filter((s) => trusted.has(s));
  const required = Math.ceil((2 * trusted.size) / 3);
  return { signers, trustedSigners, required, size: trusted.size, quorum: trusted.size > 0 && trustedSigners.length >= required };
}
