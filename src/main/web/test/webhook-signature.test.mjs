// The gateway's webhook signatures checked with the Standard Webhooks reference library (npm standardwebhooks), on
// the vectors that WebhookSignatureTest checks the Java signer against (docs/vectors/webhook-signatures.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Webhook } from 'standardwebhooks';

const { vectors } = JSON.parse(readFileSync(new URL('../../../../docs/vectors/webhook-signatures.json', import.meta.url),
  'utf8'));

/** Runs {@code fn} with the library's clock at {@code seconds}: the vectors' timestamps are fixed. */
function at(seconds, fn) {
  const now = Date.now;
  Date.now = () => seconds * 1000;
  try {
    return fn();
  } finally {
    Date.now = now;
  }
}

const headers = (v, signature = v.signature) => ({
  'webhook-id': v.id, 'webhook-timestamp': String(v.timestamp), 'webhook-signature': signature,
});

test('the reference library signs every vector as the gateway does', () => {
  assert.ok(vectors.length >= 3);
  for (const v of vectors) {
    assert.equal(new Webhook(v.secret).sign(v.id, new Date(v.timestamp * 1000), v.body), v.signature, v.desc);
  }
});

test('the reference library verifies every vector, with a second signature beside it too', () => {
  for (const v of vectors) {
    const wh = new Webhook(v.secret);
    assert.deepEqual(at(v.timestamp + 10, () => wh.verify(v.body, headers(v))), JSON.parse(v.body), v.desc);
    const rotated = `v1,${Buffer.alloc(32, 7).toString('base64')} ${v.signature}`;
    assert.deepEqual(at(v.timestamp, () => wh.verify(v.body, headers(v, rotated))), JSON.parse(v.body), v.desc);
  }
});

test('a changed body, id, timestamp or secret fails, and so does an old message', () => {
  for (const v of vectors) {
    const wh = new Webhook(v.secret);
    assert.throws(() => at(v.timestamp, () => wh.verify(v.body.replace('}', ' }'), headers(v))), v.desc);
    assert.throws(() => at(v.timestamp, () => wh.verify(v.body, { ...headers(v), 'webhook-id': `${v.id}x` })));
    assert.throws(() => at(v.timestamp, () => wh.verify(v.body,
      { ...headers(v), 'webhook-timestamp': String(v.timestamp + 1) })));
    assert.throws(() => at(v.timestamp, () => new Webhook(`whsec_${Buffer.alloc(32, 1).toString('base64')}`)
      .verify(v.body, headers(v))));
    assert.throws(() => at(v.timestamp + 3600, () => wh.verify(v.body, headers(v))), 'too old');
  }
});
