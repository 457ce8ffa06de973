import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseStrictJson, JsonSyntaxError } from '../lib/json.js';
import { random } from './support/random.mjs';

test('valid JSON parses to what JSON.parse gives', () => {
  const texts = ['{}', '[]', '0', '-0', '1.5e3', '-12.25E-2', '"a\\u00e9\\n\\"\\\\\\/"', 'true', 'false', 'null',
    ' {"a" : [1, {"b": null}], "c": "\\ud83d\\ude00"} ', '{"__proto__": 1}', '[[[]]]', '"\u4e2d\u6587"', '1e400'];
  for (const t of texts) assert.deepEqual(parseStrictJson(t), JSON.parse(t), t);
  assert.ok(Object.hasOwn(parseStrictJson('{"__proto__": {"x": 1}}'), '__proto__'), '__proto__ is an own property');
});

test('property: 300 random JSON values round-trip through JSON.stringify', () => {
  const rng = random(11);
  const value = (depth) => {
    const k = rng.int(depth > 3 ? 4 : 6);
    if (k === 0) return rng.int(2) === 0;
    if (k === 1) return rng.int(1e9) - 5e8 + (rng.int(2) ? rng.next() : 0);
    if (k === 2) return String.fromCharCode(...Array.from({ length: rng.int(8) }, () => rng.int(0x3000)));
    if (k === 3) return null;
    if (k === 4) return Array.from({ length: rng.int(4) }, () => value(depth + 1));
    return Object.fromEntries(Array.from({ length: rng.int(4) }, (_, i) => [`k${i}${rng.int(9)}`, value(depth + 1)]));
  };
  for (let i = 0; i < 300; i++) {
    const v = value(0);
    assert.deepEqual(parseStrictJson(JSON.stringify(v, null, rng.int(3))), JSON.parse(JSON.stringify(v)));
  }
});

test('a duplicate key is refused, at any depth, with the pointer of the duplicate', () => {
  const cases = [['{"version": 2, "version": 3}', '/version'], ['{"a": {"b": 1, "b": 1}}', '/a/b'], ['[{"x": 1, "y": 2, "x": 1}]', '/0/x'],
    ['{"a/b": 1, "a/b": 2}', '/a~1b'], ['{"a": 1, "\\u0061": 2}', '/a']];
  for (const [text, pointer] of cases) {
    assert.throws(() => parseStrictJson(text), (e) => e instanceof JsonSyntaxError && /duplicate key/.test(e.message) && e.pointer === pointer, text);
  }
});

test('anything after the value, and everything JSON does not allow, is refused', () => {
  const bad = ['{} x', '{}{}', '[1,]', '{"a":1,}', "{'a':1}", '{a:1}', '01', '1.', '.5', '+1', '-', 'NaN', 'Infinity', '"\t"',
    '"\\x41"', '"\\u12"', 'tru', '[1 2]', '', ' ', '/* c */ {}', '{"a":1}\u0000', '\u00a0{}'];
  for (const t of bad) assert.throws(() => parseStrictJson(t), JsonSyntaxError, JSON.stringify(t));
});

test('a leading byte order mark is skipped; nesting deeper than 64 is refused', () => {
  assert.deepEqual(parseStrictJson('\ufeff{"a":1}'), { a: 1 });
  assert.throws(() => parseStrictJson(`${'['.repeat(70)}${']'.repeat(70)}`), /deeper/);
  assert.doesNotThrow(() => parseStrictJson(`${'['.repeat(60)}${']'.repeat(60)}`));
});
