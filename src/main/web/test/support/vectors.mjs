// The shared proof vectors (docs/vectors/proof-vectors.json) and how an answer is held to them: used by the Node
// harness (test/proof-vectors.test.mjs) and by the page's run of the same vectors inside Chromium
// (test/page/proof-vectors-in-browser.test.mjs).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './anvil.mjs';

export const VECTORS = join(REPO, 'docs', 'vectors', 'proof-vectors.json');
export const file = JSON.parse(readFileSync(VECTORS, 'utf8'));

// Vectors whose recorded expectation contradicts docs/verification.md, with the answer the spec requires and why.
// They are run and asserted like the others (against the spec's answer) and listed on every run; each entry must
// go as soon as the vectors file is regenerated with the fix.
export const KNOWN_VECTOR_ERRORS = {};
export const expected = (v) => (KNOWN_VECTOR_ERRORS[v.id] ? { ...v, expect: KNOWN_VECTOR_ERRORS[v.id].expect } : v);

/** Every listed expectation of one answer; returns the failures so one run shows them all. */
export function mismatches(v, answer) {
  const out = [];
  if (answer.result !== v.expect.result) out.push(`result ${answer.result}, expected ${v.expect.result}`);
  if (answer.code !== v.expect.code) out.push(`code ${answer.code}, expected ${v.expect.code}`);
  for (const [name, code] of Object.entries(v.expect.checks ?? {})) {
    const c = answer.checks.find((x) => x.name === name);
    if (!c) out.push(`no ${name} check, expected ${code}`);
    else if (c.code !== code) out.push(`${name}: ${c.code}, expected ${code}`);
  }
  // The details of checks 4, 15 and 16 a vector states, held as the Java harness holds them
  // (ProofVectors.detailMismatches): the whole `issuer` object (null: none), `revocation.signed` and `signedBy`,
  // `signature.tiedToDepartment`.
  const e = v.expect;
  if ('issuer' in e && !(e.issuer === null ? answer.issuer === undefined || answer.issuer === null : sameJson(e.issuer, answer.issuer))) {
    out.push(`issuer: expected ${JSON.stringify(e.issuer)}, answered ${JSON.stringify(answer.issuer) ?? 'none'}`);
  }
  if ('revocation' in e && (answer.revocation?.signed !== e.revocation.signed || answer.revocation?.signedBy !== e.revocation.signedBy)) {
    out.push(`revocation: expected ${JSON.stringify(e.revocation)}, answered ${JSON.stringify(answer.revocation) ?? 'none'}`);
  }
  if ('signature' in e && answer.signature?.tiedToDepartment !== e.signature.tiedToDepartment) {
    out.push(`signature.tiedToDepartment: expected ${e.signature.tiedToDepartment}, answered ${answer.signature?.tiedToDepartment ?? 'none'}`);
  }
  return out;
}

/** Equal as JSON values, whatever the order of object members. */
function sameJson(a, b) {
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && sameJson(a[k], b[k]));
}

