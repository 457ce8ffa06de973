#!/usr/bin/env node
// The Node command-line verifier, kept at this path so existing commands work:
//
//   node contracts-solidity/scripts/verify-proof.cjs --proof proof.json [--file DOC] [--rpc URL] [--registry 0x…]
//        [--validators FILE] [--department-keys FILE] [--json]
//
// It is a thin wrapper: the verifier is src/main/web/cli/verify.mjs, on the JavaScript library in
// src/main/web/lib/ (docs/verification.md). Exit codes: 0 VALID, 1 INVALID, 2 could not run, 3 UNDETERMINED,
// 4 REVOKED, 5 PENDING. A single file that needs no npm install: target/anchor-verify.mjs (`npm run build` there).
'use strict';

import('../../src/main/web/cli/verify.mjs').catch((e) => {
  // Exit 1 would read as INVALID; a verifier that cannot start says so and exits 2.
  process.stderr.write(`verify-proof: cannot load the verifier (${e && e.message}); run \`npm ci\` in src/main/web\n`);
  process.exit(2);
});
