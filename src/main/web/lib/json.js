// @ts-check
// A strict JSON text parser (RFC 8259): the values JSON.parse would give, but a duplicate key in an object, a
// trailing byte after the value, or anything JSON.parse tolerates beyond the grammar is an error with a position.
// Duplicate keys matter for proofs: two readers of `{"root": A, "root": B}` may disagree on which root it states.

/** A JSON text that is not one strict JSON value. */
export class JsonSyntaxError extends Error {
  /**
   * @param {string} message
   * @param {number} position offset in the text (UTF-16 code units)
   * @param {string} pointer JSON pointer of the value being read when the error was found
   */
  constructor(message, position, pointer) {
    super(`${message} at position ${position}`);
    this.name = 'JsonSyntaxError';
    this.position = position;
    this.pointer = pointer;
  }
}

const MAX_DEPTH = 64;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const ESCAPES = /** @type {Record<string, string>} */ ({ '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' });

/**
 * Escapes one key for a JSON pointer (RFC 6901).
 * @param {string} key
 * @returns {string}
 */
export function pointerToken(key) {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Parses one JSON value. A leading byte order mark is skipped (editors on some systems write one).
 * @param {string} text
 * @returns {unknown}
 */
export function parseStrictJson(text) {
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  /** @param {string} message @param {string} pointer @returns {never} */
  const fail = (message, pointer) => {
    throw new JsonSyntaxError(message, at, pointer);
  };
  const space = () => {
    while (at < text.length) {
      const c = text[at];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') at++;
      else break;
    }
  };

  /** @param {string} pointer @returns {string} */
  const string = (pointer) => {
    at++; // opening quote
    let out = '';
    let start = at;
    for (;;) {
      if (at >= text.length) fail('unterminated string', pointer);
      const code = text.charCodeAt(at);
      if (code === 0x22) {
        out += text.slice(start, at);
        at++;
        return out;
      }
      if (code < 0x20) fail('control character in a string', pointer);
      if (code === 0x5c) {
        out += text.slice(start, at);
        const e = text[at + 1];
        if (e === 'u') {
          const hex = text.slice(at + 2, at + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad \\u escape', pointer);
          out += String.fromCharCode(parseInt(hex, 16));
          at += 6;
        } else if (e !== undefined && Object.hasOwn(ESCAPES, e)) {
          out += ESCAPES[e];
          at += 2;
        } else {
          fail('bad escape', pointer);
        }
        start = at;
      } else {
        at++;
      }
    }
  };

  /** @param {string} pointer @param {number} depth @returns {unknown} */
  const value = (pointer, depth) => {
    space();
    if (depth > MAX_DEPTH) fail(`nested deeper than ${MAX_DEPTH}`, pointer);
    const c = text[at];
    if (c === '{') {
      at++;
      /** @type {Record<string, unknown>} */
      const obj = {};
      const seen = new Set();
      space();
      if (text[at] === '}') {
        at++;
        return obj;
      }
      for (;;) {
        space();
        if (text[at] !== '"') fail('expected a string key', pointer);
        const keyAt = at;
        const key = string(pointer);
        const child = `${pointer}/${pointerToken(key)}`;
        if (seen.has(key)) {
          at = keyAt;
          fail(`duplicate key ${JSON.stringify(key)}`, child);
        }
        seen.add(key);
        space();
        if (text[at] !== ':') fail('expected :', child);
        at++;
        // defineProperty, not assignment: a key "__proto__" must become an own property, as with JSON.parse.
        Object.defineProperty(obj, key, { value: value(child, depth + 1), enumerable: true, writable: true, configurable: true });
        space();
        if (text[at] === ',') {
          at++;
          continue;
        }
        if (text[at] === '}') {
          at++;
          return obj;
        }
        fail('expected , or }', pointer);
      }
    }
    if (c === '[') {
      at++;
      /** @type {unknown[]} */
      const arr = [];
      space();
      if (text[at] === ']') {
        at++;
        return arr;
      }
      for (;;) {
        arr.push(value(`${pointer}/${arr.length}`, depth + 1));
        space();
        if (text[at] === ',') {
          at++;
          continue;
        }
        if (text[at] === ']') {
          at++;
          return arr;
        }
        fail('expected , or ]', pointer);
      }
    }
    if (c === '"') return string(pointer);
    for (const [word, v] of /** @type {const} */ ([['true', true], ['false', false], ['null', null]])) {
      if (text.startsWith(word, at)) {
        at += word.length;
        return v;
      }
    }
    NUMBER.lastIndex = at;
    const m = NUMBER.exec(text);
    if (m !== null && m[0].length > 0) {
      at += m[0].length;
      return Number(m[0]);
    }
    return fail(at >= text.length ? 'unexpected end of text' : `unexpected character ${JSON.stringify(text[at])}`, pointer);
  };

  const result = value('', 0);
  space();
  if (at < text.length) fail('trailing characters after the JSON value', '');
  return result;
}
