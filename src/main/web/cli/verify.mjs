#!/usr/bin/env node
// @ts-check
// anchor-verify: checks a proof document of the anchor gateway without trusting the gateway.
//   node cli/verify.mjs --proof proof.json [--file document.pdf] [--rpc URL] [--registry 0x…] …
// (also reached through contracts-solidity/scripts/verify-proof.cjs, and bundled as target/anchor-verify.mjs).

// Exit 1 is INVALID, which is also what Node uses for an uncaught exception: everything else exits 2, with one
// line and no stack trace. Hence the handler before anything is loaded, and the dynamic import below.
process.on('uncaughtException', (e) => {
  process.stderr.write(`anchor-verify: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
});

/** @type {typeof import('./run.mjs').run} */
let run;
try {
  ({ run } = await import('./run.mjs'));
} catch (e) {
  process.stderr.write(`anchor-verify: cannot load the verifier (${e instanceof Error ? e.message : String(e)}); run \`npm ci\` in src/main/web\n`);
  process.exit(2);
}

const code = await run(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
// Exit once stdout is flushed: fetch keeps idle connections to the node open for a few seconds otherwise.
process.stdout.write('', () => process.exit(code));
