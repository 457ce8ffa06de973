#!/usr/bin/env node
// Writes the ABI and creation bytecode of AnchorRegistry and IssuerRegistry in the two-file form
// web3j's codegen (`web3j generate solidity -a X.abi -b X.bin`) expects.
'use strict';

const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const contracts = ['AnchorRegistry', 'IssuerRegistry'];
const outDir = path.join(root, 'out', 'web3j');

fs.mkdirSync(outDir, { recursive: true });
for (const name of contracts) {
  const artifactPath = path.join(root, 'out', `${name}.sol`, `${name}.json`);
  if (!fs.existsSync(artifactPath)) {
    console.error(`export-abi: ${path.relative(root, artifactPath)} not found; run \`forge build\` first`);
    process.exit(1);
  }
  const artifact = JSON.parse(fs.readFileSync(artifactPath, 'utf8'));
  const bytecode = String(artifact.bytecode && artifact.bytecode.object || '').replace(/^0x/, '');
  if (!Array.isArray(artifact.abi) || !/^[0-9a-fA-F]+$/.test(bytecode)) {
    console.error(`export-abi: ${name} has no ABI or no linked bytecode`);
    process.exit(1);
  }
  fs.writeFileSync(path.join(outDir, `${name}.abi`), JSON.stringify(artifact.abi, null, 2) + '\n');
  // No trailing newline: web3j codegen copies the file verbatim into BINARY, where a newline breaks deployment.
  fs.writeFileSync(path.join(outDir, `${name}.bin`), bytecode);
  console.log(`export-abi: wrote out/web3j/${name}.abi and out/web3j/${name}.bin`);
}
