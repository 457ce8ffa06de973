#!/usr/bin/env node
// solc stand-in for forge: forge cannot download a native solc here, so it
// drives solc-js (the npm `solc` package pinned in package.json) through this
// script, which speaks the same --version / --standard-json protocol.
'use strict';

const fs = require('fs');
const path = require('path');
const solc = require('solc');

const projectRoot = __dirname;
const args = process.argv.slice(2);

if (args.includes('--version')) {
  // forge parses the version from the last "Version:" line.
  process.stdout.write(`solc, the solidity compiler commandline interface\nVersion: ${solc.version()}\n`);
  process.exit(0);
}

// forge passes --base-path/--include-path/--allow-paths; honour the search roots.
const searchRoots = [projectRoot, path.join(projectRoot, 'node_modules')];
for (let i = 0; i < args.length; i++) {
  if ((args[i] === '--base-path' || args[i] === '--include-path') && args[i + 1]) {
    searchRoots.push(path.resolve(args[i + 1]));
  }
}

function findImports(importPath) {
  const candidates = path.isAbsolute(importPath)
    ? [importPath]
    : searchRoots.map((root) => path.join(root, importPath));
  for (const candidate of candidates) {
    const resolved = path.resolve(candidate);
    const insideRoot = searchRoots.some((root) => resolved.startsWith(path.resolve(root) + path.sep));
    if (insideRoot && fs.existsSync(resolved) && fs.statSync(resolved).isFile()) {
      return { contents: fs.readFileSync(resolved, 'utf8') };
    }
  }
  return { error: `File not found: ${importPath}` };
}

const input = fs.readFileSync(0, 'utf8');
process.stdout.write(solc.compile(input, { import: findImports }));
