// npm run build:page: bundles the page and the verification library into one classic script (not an ES module,
// so the page also works opened from disk through file://) and writes the page twice, from the repository root:
//   target/classes/META-INF/resources/  served by the gateway at / and /verify
//   target/verification-page/           a standalone folder anyone can host or open from disk
// Asset URLs are relative (assets/…), so they resolve the same from /, /verify and file://.
import { build } from 'esbuild';
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../../..');
const outputs = [join(root, 'target/classes/META-INF/resources'), join(root, 'target/verification-page')];

const [script, style] = await Promise.all([
  build({
    entryPoints: [join(here, 'main.js')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2020'],
    minify: true,
    legalComments: 'eof',
    write: false,
  }),
  build({ entryPoints: [join(here, 'styles.css')], bundle: true, minify: true, write: false }),
]);

for (const out of outputs) {
  await rm(join(out, 'assets'), { recursive: true, force: true });
  await mkdir(join(out, 'assets'), { recursive: true });
  await Promise.all([
    writeFile(join(out, 'assets/verify.js'), script.outputFiles[0].contents),
    writeFile(join(out, 'assets/verify.css'), style.outputFiles[0].contents),
    copyFile(join(here, 'index.html'), join(out, 'index.html')),
  ]);
  console.log(`verification page -> ${out}`);
}
