import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rlpDecode, rlpEncode, rlpScalar, scalarBytes, RlpError } from '../lib/rlp.js';
import { bytesToHex, hexToBytes, utf8 } from '../lib/bytes.js';
import { random } from './support/random.mjs';

const s = (text) => utf8(text);

// Known answers from the yellow paper's appendix B and the Ethereum wiki's RLP page.
const KNOWN = [
  ['the string "dog"', s('dog'), '0x83646f67'],
  ['the list ["cat", "dog"]', [s('cat'), s('dog')], '0xc88363617483646f67'],
  ['the empty string', new Uint8Array(0), '0x80'],
  ['the empty list', [], '0xc0'],
  ['the integer 0 (empty string)', scalarBytes(0n), '0x80'],
  ['the byte 0x00', Uint8Array.of(0), '0x00'],
  ['the integer 15', scalarBytes(15n), '0x0f'],
  ['the integer 1024', scalarBytes(1024n), '0x820400'],
  ['the set-theoretic three', [[], [[]], [[], [[]]]], '0xc7c0c1c0c3c0c1c0'],
  ['a 56-byte string (long form)', s('Lorem ipsum dolor sit amet, consectetur adipisicing elit'),
    '0xb8384c6f72656d20697073756d20646f6c6f722073697420616d65742c20636f6e7365637465747572206164697069736963696e6720656c6974'],
];

test('rlpEncode and rlpDecode agree with the yellow paper known answers', () => {
  for (const [desc, item, hex] of KNOWN) {
    assert.equal(bytesToHex(rlpEncode(item)), hex, desc);
    assert.deepEqual(rlpDecode(hexToBytes(hex)), item, desc);
  }
});

test('lengths at the short/long boundaries (55, 56, 255, 256, 65536 bytes) round-trip and are canonical', () => {
  for (const n of [55, 56, 255, 256, 65536]) {
    const str = new Uint8Array(n).fill(0x61);
    const enc = rlpEncode(str);
    assert.deepEqual(rlpDecode(enc), str);
    assert.equal(enc[0] >= 0xb8, n >= 56, `string of ${n}`);
    const list = Array.from({ length: n }, () => Uint8Array.of(1));
    const lenc = rlpEncode(list);
    assert.equal(rlpDecode(lenc).length, n);
    assert.equal(lenc[0] >= 0xf8, n >= 56, `list of ${n}`);
  }
});

/** A random RLP item: strings of every length class, nested lists. */
function randomItem(rng, depth = 0) {
  if (depth > 3 || rng.int(3) > 0) {
    const lengths = [0, 1, 1, 2, 31, 32, 55, 56, 57, 300];
    const bytes = rng.bytes(lengths[rng.int(lengths.length)]);
    return bytes;
  }
  return Array.from({ length: rng.int(6) }, () => randomItem(rng, depth + 1));
}

test('property: decode(encode(x)) is x, and encode(decode(b)) is b, for 500 random items', () => {
  const rng = random(1);
  for (let i = 0; i < 500; i++) {
    const item = randomItem(rng);
    const enc = rlpEncode(item);
    const dec = rlpDecode(enc);
    assert.deepEqual(dec, item);
    assert.deepEqual(rlpEncode(dec), enc);
  }
});

test('property: every proper prefix of an encoding is refused as truncated', () => {
  const rng = random(2);
  for (let i = 0; i < 100; i++) {
    const enc = rlpEncode(randomItem(rng));
    for (let cut = 0; cut < enc.length; cut++) {
      assert.throws(() => rlpDecode(enc.subarray(0, cut)), RlpError, `cut at ${cut} of ${bytesToHex(enc)}`);
    }
  }
});

test('bytes after the item are refused', () => {
  assert.throws(() => rlpDecode(hexToBytes('0x83646f6700')), /after the item/);
  assert.throws(() => rlpDecode(hexToBytes('0xc0c0')), /after the item/);
});

test('non-canonical encodings are refused', () => {
  const cases = [
    ['a single byte below 0x80 with a prefix', '0x8100'],
    ['a single byte below 0x80 with a prefix (0x7f)', '0x817f'],
    ['long form for a 1-byte length', '0xb80161'],
    ['long form for a 55-byte string', `0xb837${'61'.repeat(55)}`],
    ['a length with a leading zero', `0xb90038${'61'.repeat(56)}`],
    ['long form for a short list', '0xf80180'],
    ['a list length with a leading zero', `0xf90038${'80'.repeat(56)}`],
  ];
  for (const [desc, hex] of cases) assert.throws(() => rlpDecode(hexToBytes(hex)), /non-canonical/, desc);
});

test('an item that claims more than the enclosing list holds is refused', () => {
  // A list of 2 bytes whose content claims a 3-byte string.
  assert.throws(() => rlpDecode(hexToBytes('0xc283616263')), RlpError);
});

test('nesting deeper than 32 lists is refused, not a stack overflow', () => {
  let item = [];
  for (let i = 0; i < 40; i++) item = [item];
  assert.throws(() => rlpDecode(rlpEncode(item)), /deeper/);
  let ok = [];
  for (let i = 0; i < 31; i++) ok = [ok];
  assert.doesNotThrow(() => rlpDecode(rlpEncode(ok)));
});

test('rlpScalar reads canonical integers and refuses leading zeros and lists', () => {
  assert.equal(rlpScalar(new Uint8Array(0), 'x'), 0n);
  assert.equal(rlpScalar(hexToBytes('0x0400'), 'x'), 1024n);
  assert.throws(() => rlpScalar(hexToBytes('0x0004'), 'x'), /leading zero/);
  assert.throws(() => rlpScalar([], 'x'), /list/);
  assert.deepEqual(scalarBytes(0n), new Uint8Array(0));
  assert.deepEqual(scalarBytes(256n), Uint8Array.of(1, 0));
});
