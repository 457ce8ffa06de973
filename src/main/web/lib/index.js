// @ts-check
// The anchor gateway's independent JavaScript verifier: proof validation, document hashing and the verification
// procedure of docs/verification.md. Runs unchanged in Node 20+ and in browsers (no Node built-ins).
export { VERDICTS, verifyProof, MalformedProofError } from './verify.js';
export { ALGORITHMS, hashDocument } from './digest.js';
export { validateProof, parseProofText } from './schema.js';
export { verifyReceipt, parseReceiptKeySet, expectationsOf, MalformedReceiptError, RECEIPT_TYPE } from './receipt.js';
