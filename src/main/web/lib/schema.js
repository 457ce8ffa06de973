// @ts-check
// Proof document validation against docs/proof.schema.json (version 2) and docs/proof-v1.schema.json, through
// validators generated from those files at build time (scripts/build-schemas.mjs).
import validateV2 from './generated/proof-v2.js';
import validateV1 from './generated/proof-v1.js';
import { parseStrictJson, JsonSyntaxError, pointerToken } from './json.js';

/**
 * @typedef {{pointer: string, message: string}} ProofError  one problem, at a JSON pointer into the document
 * @typedef {{ok: true, proof: import('./types.js').Proof} | {ok: false, errors: ProofError[]}} ValidationResult
 */

// Human wording for the schemas' patterns, so a clerk reads "0x and 64 lower-case hex digits", not a regex.
const PATTERNS = /** @type {Record<string, string>} */ ({
  '^0x[0-9a-f]{64}$': 'must be 0x and 64 lower-case hex digits',
  '^0x[0-9a-fA-F]{40}$': 'must be an address: 0x and 40 hex digits',
  '^0x([0-9a-f]{2})+$': 'must be 0x and an even number of lower-case hex digits',
  '^[A-Z][A-Z0-9-]{0,31}$': 'must be 1 to 32 characters from A-Z 0-9 -, the first not -',
  '^[A-Z0-9][A-Z0-9-]{0,31}$': 'must be 1 to 32 characters from A-Z 0-9 -, the first not -',
  '^sha256:[0-9a-f]{64}$': 'must be sha256: and 64 lower-case hex digits',
  '^[A-Za-z0-9+/]+={0,2}$': 'must be base64',
  '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$': 'must be a UTC time to the second: YYYY-MM-DDThh:mm:ssZ',
  '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?Z$': 'must be a UTC time: YYYY-MM-DDThh:mm:ss[.fraction]Z',
});

/**
 * Our errors from ajv's: every pointer names the offending field itself (a missing or unknown field included).
 * @param {import('./generated/proof-v2.js').SchemaError[]} raw
 * @returns {ProofError[]}
 */
function toProofErrors(raw) {
  /** @type {ProofError[]} */
  const errors = [];
  for (const e of raw) {
    const p = e.params;
    let pointer = e.instancePath;
    let message = e.message ?? e.keyword;
    switch (e.keyword) {
      case 'if':
        continue; // "must match then schema": the branch's own errors say what is wrong
      case 'required':
        pointer += `/${pointerToken(String(p.missingProperty))}`;
        message = 'is required';
        break;
      case 'dependentRequired':
        pointer += `/${pointerToken(String(p.missingProperty))}`;
        message = `is required with ${String(p.property)}`;
        break;
      case 'additionalProperties':
        pointer += `/${pointerToken(String(p.additionalProperty))}`;
        message = 'is not a field of this version';
        break;
      case 'false schema':
        message = 'is not allowed in a proof with this status';
        break;
      case 'const':
        message = `must be ${JSON.stringify(p.allowedValue)}`;
        break;
      case 'enum':
        message = `must be one of ${/** @type {unknown[]} */ (p.allowedValues).map((v) => JSON.stringify(v)).join(', ')}`;
        break;
      case 'pattern':
        message = PATTERNS[String(p.pattern)] ?? message;
        break;
      default:
        break;
    }
    if (!errors.some((x) => x.pointer === pointer && x.message === message)) errors.push({ pointer, message });
  }
  return errors;
}

/**
 * Checks a parsed JSON value against the schema of its version. An integer `version` from 3 to 2^53 - 1 is not
 * malformed (the verdict is UNDETERMINED `unsupported-version`), so such a document passes unexamined; a version
 * below 1 or above every safe integer is malformed.
 * @param {unknown} value
 * @returns {ValidationResult}
 */
export function validateProof(value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, errors: [{ pointer: '', message: 'must be a JSON object' }] };
  }
  const version = /** @type {Record<string, unknown>} */ (value).version;
  if (Number.isSafeInteger(version) && /** @type {number} */ (version) > 2) {
    return { ok: true, proof: /** @type {import('./types.js').Proof} */ (value) };
  }
  // A version that is not an integer (or none) is malformed; the version 2 rules say what else is wrong with it.
  const validate = version === 1 ? validateV1 : validateV2;
  if (validate(value) && (version === 1 || version === 2)) {
    return { ok: true, proof: /** @type {import('./types.js').Proof} */ (value) };
  }
  const errors = toProofErrors(validate.errors ?? []).map((e) =>
    e.pointer === '/version' && e.message !== 'is required' ? { pointer: '/version', message: 'must be the integer 1 or 2' } : e);
  if (version !== 1 && version !== 2 && !errors.some((e) => e.pointer === '/version')) {
    errors.unshift({ pointer: '/version', message: version === undefined ? 'is required' : 'must be the integer 1 or 2 (or a later version, up to 2^53 - 1)' });
  }
  return { ok: false, errors };
}

/**
 * Parses strict JSON text (no duplicate keys, nothing after the value) and validates it as a proof.
 * @param {string} text
 * @returns {ValidationResult}
 */
export function parseProofText(text) {
  if (typeof text !== 'string') return { ok: false, errors: [{ pointer: '', message: 'the proof must be text' }] };
  let value;
  try {
    value = parseStrictJson(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) return { ok: false, errors: [{ pointer: e.pointer, message: `not strict JSON: ${e.message}` }] };
    throw e;
  }
  return validateProof(value);
}
