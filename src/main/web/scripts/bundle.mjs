// Bundles with esbuild.
//   node scripts/bundle.mjs cli   the Node verifier as one file that needs only `node`: <repo>/target/anchor-verify.mjs
//   node scripts/bundle.mjs lib   the library as the page's build will bundle it (browser, minified):
//                                 <repo>/target/web/anchor-verify-lib.min.mjs, to check it bundles and to measure it
import * as esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, join, relative } from 'node:path';
import { statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';

const web = dirname(dirname(fileURLToPath(import.meta.url)));
const target = join(web, '..', '..', '..', 'target');

const TARGETS = {
  cli: {
    entryPoints: [join(web, 'cli', 'verify.mjs')],
    outfile: join(target, 'anchor-verify.mjs'),
    platform: 'node',
    target: 'node20',
    // ES modules first: sm-crypto-v2's CommonJS build would drag in noble's require('node:crypto'), which an ES
    // module bundle cannot do.
    mainFields: ['module', 'main'],
    // Readable on purpose: a sceptic should be able to read the one file they run.
    minify: false,
    banner: { js: '// anchor-verify: the anchor gateway\'s Node proof verifier in one file (src/main/web, npm run build:cli).\n// Usage: node anchor-verify.mjs --help' },
  },
  lib: {
    entryPoints: [join(web, 'lib', 'index.js')],
    outfile: join(target, 'web', 'anchor-verify-lib.min.mjs'),
    platform: 'browser',
    target: 'es2022',
    minify: true,
    // sm-crypto-v2 falls back to `import("crypto")` where globalThis.crypto is missing, never in a browser.
    external: ['crypto'],
  },
};

const name = process.argv[2];
const options = TARGETS[name];
if (!options) {
  process.stderr.write(`usage: node scripts/bundle.mjs ${Object.keys(TARGETS).join('|')}\n`);
  process.exit(2);
}
await esbuild.build({ ...options, bundle: true, format: 'esm', legalComments: 'eof', logLevel: 'warning' });
const bytes = statSync(options.outfile).size;
const gzipped = gzipSync(readFileSync(options.outfile)).length;
process.stdout.write(`${relative(process.cwd(), options.outfile)}: ${(bytes / 1024).toFixed(0)} KiB, ${(gzipped / 1024).toFixed(0)} KiB gzipped\n`);
