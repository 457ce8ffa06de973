// @ts-check
// Types shared across the library (JSDoc only; this module exports nothing at run time).

/**
 * A proof document that passed its schema (version 1 or 2), or any object with an unknown integer version.
 * Fields are those of docs/proof-format.md; which are present depends on version and status.
 * @typedef {object} Proof
 * @property {number} version
 * @property {'PENDING' | 'ANCHORED' | 'REVOKED'} status
 * @property {string} digest
 * @property {Algorithm} algorithm
 * @property {string} department
 * @property {string[]} [leafEncoding]
 * @property {string} [leaf]
 * @property {string[]} [path]
 * @property {string} [root]
 * @property {number} [batchId]
 * @property {number} [chainId]
 * @property {string} [registry]
 * @property {string} [txHash]
 * @property {number} [blockNumber]
 * @property {string} [blockHash]
 * @property {string} [blockTime]
 * @property {'ibft2' | 'qbft' | 'none'} [consensus]
 * @property {string} [blockHeader]
 * @property {{accountProof: string[], storageProof: string[]}} [anchorProof]
 * @property {string} [receivedAt]
 * @property {string} [expectedAnchoringBy]
 * @property {string} [departmentName]
 * @property {string} [receiptId] the id of the signed receipt the proof upgrades
 * @property {ProofSignature} [signature]
 * @property {ProofRevocation} [revocation]
 */

/**
 * @typedef {'sha256' | 'sha512-256' | 'sha3-256' | 'keccak256' | 'sm3'} Algorithm
 */

/**
 * @typedef {object} ProofSignature
 * @property {'ecdsa-p256' | 'ed25519' | 'sm2'} algorithm
 * @property {string} publicKeyFingerprint
 * @property {string} publicKey
 * @property {string} value
 */

/**
 * Version 2: the registry's record as the proof states it. (Version 1 carried another shape, never checked.)
 * @typedef {object} ProofRevocation
 * @property {string} reason
 * @property {string} [revokedAt]
 * @property {number} [blockNumber]
 * @property {string} [replacementLeaf]
 * @property {{digest: string, algorithm: Algorithm}} [replacement]
 */

/**
 * @typedef {'ibft2' | 'qbft'} BftConsensus
 * @typedef {BftConsensus | 'none'} Consensus
 */

export {};
