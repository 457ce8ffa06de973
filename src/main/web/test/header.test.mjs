// Block headers and BFT finality against the real Besu blocks in src/test/resources/besu/ (copied unchanged from
// the shared fixtures; expected values quoted from their README), and against docs/vectors/finality-vectors.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { blockHash, sealDigest, countSeals, decodeHeader, decodeBftExtraData, recoverSealSigner, HeaderError } from '../lib/header.js';
import { rlpDecode, rlpEncode, scalarBytes } from '../lib/rlp.js';
import { bytesToHex, hexToBytes } from '../lib/bytes.js';
import { REPO } from './support/anvil.mjs';

const BESU = join(REPO, 'src', 'test', 'resources', 'besu');
const json = (f) => JSON.parse(readFileSync(join(BESU, f), 'utf8'));
const hexFile = (f) => hexToBytes(readFileSync(join(BESU, f), 'utf8').trim());

/** Header RLP from eth_getBlockByNumber-style JSON, fields in wire order (test code; an encoder, not a decoder). */
function headerRlp(j) {
  const q = (h) => scalarBytes(BigInt(h));
  const items = [j.parentHash, j.sha3Uncles, j.miner, j.stateRoot, j.transactionsRoot, j.receiptsRoot, j.logsBloom].map(hexToBytes);
  items.push(q(j.difficulty), q(j.number), q(j.gasLimit), q(j.gasUsed), q(j.timestamp), hexToBytes(j.extraData), hexToBytes(j.mixHash), hexToBytes(j.nonce));
  if (j.baseFeePerGas !== undefined) items.push(q(j.baseFeePerGas));
  return rlpEncode(items);
}

const QUICKSTART_VALIDATORS = ['0x06e23768a0f59cf365e18c2e0c89e151bcdedc70', '0x4592c8e45706cc08b8f44b11e43cba0cfc5892cb',
  '0xab5e7f4061c605820d3744227eed91ff8e2c8908', '0xc5327f96ee02d7bcbc1bf1236b8c15148971e1de'];
const QBFT_7528_VALIDATORS = ['0x647bfdd19655e51e69d35454ff3a92f8828e6302', '0xa5c8416b9d13417b45b45ada76408f39d1e504ef',
  '0xb92e91f4dcc9d28503be521afa2a8fbf3c1acf60', '0xee3353e587cfa91625a1adaef308a726de3803d3'];

test('IBFT 2.0 block 4880 (4 validators, 3 seals): hash, seal digest, signers and quorum as the README records', () => {
  const rlp = headerRlp(json('ibft2_block_4880_quickstart_keys.json'));
  assert.equal(bytesToHex(blockHash(rlp, 'ibft2')), '0x2bec7d776aae84f311e81843588cf3c07d00ca72fb26b320705b1f1667e0246c');
  assert.equal(bytesToHex(sealDigest(rlp, 'ibft2')), '0x6422c7a211f413f3cc8a5cceb39c642ed6a72bda890f786605201b8f7cffb29a');
  const count = countSeals(rlp, 'ibft2', QUICKSTART_VALIDATORS);
  assert.deepEqual([...count.signers].sort(), ['0x06e23768a0f59cf365e18c2e0c89e151bcdedc70', '0xab5e7f4061c605820d3744227eed91ff8e2c8908', '0xc5327f96ee02d7bcbc1bf1236b8c15148971e1de']);
  assert.deepEqual({ required: count.required, size: count.size, quorum: count.quorum }, { required: 3, size: 4, quorum: true });
  // The header's own validator list is the same set (it is never used as the trust input).
  assert.deepEqual(decodeBftExtraData(decodeHeader(rlp).extraData).validators.map(bytesToHex).sort(), QUICKSTART_VALIDATORS);
});

test('IBFT 2.0 block 100655 (1 validator): the seal recovers only over the seal digest, not over the block hash', () => {
  const rlp = headerRlp(json('ibft2_block_100655_single_validator.json'));
  const hash = blockHash(rlp, 'ibft2');
  assert.equal(bytesToHex(hash), '0x1554b4e9630243666d846dfe5339adb4fadde1c127d7dd52f287a4a0c6d08994');
  assert.equal(bytesToHex(sealDigest(rlp, 'ibft2')), '0xdee81e5a2e49aca941e930fdbc57b24b52e255cf8bfd385e322d87007ceebb0b');
  const [seal] = decodeBftExtraData(decodeHeader(rlp).extraData).seals;
  assert.equal(recoverSealSigner(seal, sealDigest(rlp, 'ibft2')), '0xca31306798b41bc81c43094a1e0462890ce7a673');
  assert.notEqual(recoverSealSigner(seal, hash), '0xca31306798b41bc81c43094a1e0462890ce7a673');
  assert.equal(countSeals(rlp, 'ibft2', ['0xCA31306798B41BC81C43094A1E0462890CE7A673']).quorum, true, 'addresses in any case');
});

test('QBFT block 58866 (London, base fee 0, 16 header items): hash, and at round 0 the seal digest is the hash', () => {
  const rlp = headerRlp(json('qbft_block_58866_london_zerobasefee.json'));
  assert.equal(decodeHeader(rlp).items.length, 16);
  assert.equal(bytesToHex(blockHash(rlp, 'qbft')), '0xd33367228e0a0e3667c910c7d92d3f6e724e2b6e2f671b28823a22f82597d023');
  assert.equal(bytesToHex(sealDigest(rlp, 'qbft')), '0xd33367228e0a0e3667c910c7d92d3f6e724e2b6e2f671b28823a22f82597d023');
  assert.deepEqual(countSeals(rlp, 'qbft', ['0xef5880ec6b859b6949d88ddbd6ec18e96d0f14aa']).trustedSigners, ['0xef5880ec6b859b6949d88ddbd6ec18e96d0f14aa']);
});

test('QBFT block 7528 (round 1): our seal preimage is byte for byte the recorded commit preimage; 3 of 4 signers', () => {
  const sealed = hexFile('qbft_header_7528_sealed.rlp.hex');
  const preimage = hexFile('qbft_header_7528_commit_preimage.rlp.hex');
  assert.equal(bytesToHex(keccak_256(preimage)), '0x75ea184f58cd3f0ef89032a069df01f07ec524ef3a85cf6d3e424d62130c0a32');
  assert.equal(bytesToHex(sealDigest(sealed, 'qbft')), '0x75ea184f58cd3f0ef89032a069df01f07ec524ef3a85cf6d3e424d62130c0a32');
  // The preimage is the header with extraData = RLP([vanity, validators, vote, round, []]).
  const items = rlpDecode(sealed);
  const x = decodeBftExtraData(items[12]);
  items[12] = rlpEncode([x.vanity, x.validators, x.vote, x.round, []]);
  assert.deepEqual(rlpEncode(items), preimage);
  const count = countSeals(sealed, 'qbft', QBFT_7528_VALIDATORS);
  assert.deepEqual(count.signers, ['0x647bfdd19655e51e69d35454ff3a92f8828e6302', '0xee3353e587cfa91625a1adaef308a726de3803d3', '0xa5c8416b9d13417b45b45ada76408f39d1e504ef']);
  assert.equal(count.quorum, true);
  assert.equal(countSeals(sealed, 'qbft', [...QBFT_7528_VALIDATORS, '0x' + '11'.repeat(20), '0x' + '22'.repeat(20)]).quorum, false, '3 of 6 is below ceil(12/3) = 4');
});

test('IBFT 2.0 full block 5618555 (anvil-recorded): its header\'s 3 seals recover to validators of its extraData', () => {
  const block = rlpDecode(hexFile('ibft2_full_block_5618555_foundry_anvil.rlp.hex'));
  const header = rlpEncode(block[0]);
  const validators = decodeBftExtraData(decodeHeader(header).extraData).validators.map(bytesToHex);
  const count = countSeals(header, 'ibft2', validators);
  assert.equal(count.signers.length, 3);
  assert.equal(count.trustedSigners.length, 3);
});

test('a flipped byte in a seal or in the header loses the signer (seals) or changes the hash (header)', () => {
  const rlp = headerRlp(json('ibft2_block_4880_quickstart_keys.json'));
  const x = decodeBftExtraData(decodeHeader(rlp).extraData);
  const items = rlpDecode(rlp);
  // A seal's s with one bit flipped: recovers to some other address (or none), never to the validator.
  const seals = x.seals.map((s) => s.slice());
  seals[0][40] ^= 0x01;
  items[12] = rlpEncode([x.vanity, x.validators, x.vote, x.round, seals]);
  const flippedSeal = rlpEncode(items);
  assert.equal(bytesToHex(blockHash(flippedSeal, 'ibft2')), '0x2bec7d776aae84f311e81843588cf3c07d00ca72fb26b320705b1f1667e0246c', 'seals are outside the hash');
  const count = countSeals(flippedSeal, 'ibft2', QUICKSTART_VALIDATORS);
  assert.equal(count.trustedSigners.length, 2);
  assert.equal(count.quorum, false);
  // A flipped byte in the gas limit: another hash, and the seals (over another digest) recover to strangers.
  const items2 = rlpDecode(rlp);
  items2[9] = items2[9].slice();
  items2[9][1] ^= 0x01;
  const flippedHeader = rlpEncode(items2);
  assert.notEqual(bytesToHex(blockHash(flippedHeader, 'ibft2')), '0x2bec7d776aae84f311e81843588cf3c07d00ca72fb26b320705b1f1667e0246c');
  assert.equal(countSeals(flippedHeader, 'ibft2', QUICKSTART_VALIDATORS).trustedSigners.length, 0);
});

test('seals that do not count: repeated signer, recId 27, wrong length, r = 0; a high-s twin still counts once', () => {
  const rlp = headerRlp(json('ibft2_block_4880_quickstart_keys.json'));
  const items = rlpDecode(rlp);
  const x = decodeBftExtraData(items[12]);
  const digest = sealDigest(rlp, 'ibft2');
  const withSeals = (seals) => {
    const copy = items.slice();
    copy[12] = rlpEncode([x.vanity, x.validators, x.vote, x.round, seals]);
    return rlpEncode(copy);
  };
  const [a, b] = x.seals;
  assert.equal(countSeals(withSeals([a, a, a]), 'ibft2', QUICKSTART_VALIDATORS).trustedSigners.length, 1, 'one signer three times');
  const v27 = a.slice();
  v27[64] = 27;
  const short = a.slice(0, 64);
  const zeroR = a.slice();
  zeroR.fill(0, 0, 32);
  assert.equal(recoverSealSigner(v27, digest), null);
  assert.equal(recoverSealSigner(short, digest), null);
  assert.equal(recoverSealSigner(zeroR, digest), null);
  assert.equal(recoverSealSigner([], digest), null, 'a list is not a seal');
  // (r, n - s) with the other recovery id is the same signature for ECDSA recovery.
  const n = secp256k1.Point.CURVE().n;
  const s = BigInt(bytesToHex(a.subarray(32, 64)));
  const twin = a.slice();
  twin.set(hexToBytes('0x' + (n - s).toString(16).padStart(64, '0')), 32);
  twin[64] = a[64] ^ 1;
  assert.equal(recoverSealSigner(twin, digest), recoverSealSigner(a, digest));
  assert.equal(countSeals(withSeals([a, twin, b]), 'ibft2', QUICKSTART_VALIDATORS).trustedSigners.length, 2);
});

test('quorum is ceil(2n/3) of the trusted set, for n from 1 to 10', () => {
  const expected = [1, 2, 2, 3, 4, 4, 5, 6, 6, 7];
  const rlp = headerRlp(json('ibft2_block_4880_quickstart_keys.json'));
  for (let n = 1; n <= 10; n++) {
    const set = [...QUICKSTART_VALIDATORS, ...Array.from({ length: 6 }, (_, i) => `0x${String(i + 1).repeat(40)}`)].slice(0, n);
    assert.equal(countSeals(rlp, 'ibft2', set).required, expected[n - 1], `n = ${n}`);
  }
});

test('headers that are not headers: not RLP, a string, too few items, a list item, non-canonical number', () => {
  assert.throws(() => decodeHeader(hexToBytes('0xf9')), HeaderError);
  assert.throws(() => decodeHeader(rlpEncode(new Uint8Array(5))), /list/);
  assert.throws(() => decodeHeader(rlpEncode(Array.from({ length: 14 }, () => new Uint8Array(32)))), /at least 15/);
  const items = rlpDecode(headerRlp(json('ibft2_block_4880_quickstart_keys.json')));
  const withList = items.slice();
  withList[5] = [];
  assert.throws(() => decodeHeader(rlpEncode(withList)), /item 5 is a list/);
  const padded = items.slice();
  padded[8] = Uint8Array.of(0, ...items[8]);
  assert.throws(() => decodeHeader(rlpEncode(padded)), /leading zero/);
  assert.throws(() => blockHash(headerRlp({ ...json('ibft2_block_4880_quickstart_keys.json'), extraData: '0x1234' }), 'ibft2'), /extraData/);
});

const FINALITY = join(REPO, 'docs', 'vectors', 'finality-vectors.json');

test('docs/vectors/finality-vectors.json: every recorded block and every flipped variant, hash, seal digest, signers, quorum', () => {
  assert.ok(existsSync(FINALITY), 'docs/vectors/finality-vectors.json is missing');
  const file = JSON.parse(readFileSync(FINALITY, 'utf8'));
  assert.ok(file.vectors.length >= 15, `${file.vectors.length} finality vectors`);
  const problems = [];
  for (const v of file.vectors) {
    const rlp = hexToBytes(v.header);
    const digest = sealDigest(rlp, v.consensus);
    const got = {
      blockHash: bytesToHex(blockHash(rlp, v.consensus)),
      sealDigest: bytesToHex(digest),
      signers: decodeBftExtraData(decodeHeader(rlp).extraData).seals.map((seal) => recoverSealSigner(seal, digest)),
    };
    const count = countSeals(rlp, v.consensus, v.validators);
    Object.assign(got, { counted: count.trustedSigners.length, required: count.required, quorum: count.quorum });
    for (const key of ['blockHash', 'sealDigest', 'signers', 'counted', 'required', 'quorum']) {
      if (JSON.stringify(got[key]) !== JSON.stringify(v.expect[key])) {
        problems.push(`${v.id} ${key}: ${JSON.stringify(got[key])}, expected ${JSON.stringify(v.expect[key])}`);
      }
    }
  }
  assert.deepEqual(problems, []);
});
