// Times @openzeppelin/merkle-tree and the Java StandardMerkleTree on the same values in one run, checks that they
// agree (root, first and last proofs) and prints both times and the ratio. docs/benchmarks.md has the command.
//
//   node src/test/node/merkle-vs-openzeppelin.cjs [count]     (default 100000; run from the project directory)
//
// Needs `./mvnw -q test-compile` (the Java side is OpenZeppelinComparison in target/test-classes), the npm packages
// of contracts-solidity (NODE_PATH is set below), and a JDK 21 or newer: JAVA_HOME, else the newest in /usr/lib/jvm.
// @openzeppelin/merkle-tree runs once (it takes a while); the Java side reports its first run and the best of five.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

const project = path.resolve(__dirname, '..', '..', '..');
module.paths.unshift(path.join(project, 'contracts-solidity', 'node_modules'));
const { StandardMerkleTree } = require('@openzeppelin/merkle-tree');
const ozVersion = require('@openzeppelin/merkle-tree/package.json').version;

const count = Number(process.argv[2] ?? 100000);
const ALGORITHMS = ['sha256', 'sha512-256', 'sha3-256', 'keccak256', 'sm3'];

// A small seeded generator (mulberry32), so every run seals the same values.
function generator(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
}

const next = generator(20261202);
const departments = Array.from({ length: 24 }, (_, i) => `DEPARTMENT-OF-${String.fromCharCode(65 + i)}-${1000 + (next() % 9000)}`);
const values = [];
for (let i = 0; i < count; i++) {
  let digest = '0x';
  for (let w = 0; w < 8; w++) digest += next().toString(16).padStart(8, '0');
  values.push([digest, ALGORITHMS[next() % ALGORITHMS.length], departments[next() % departments.length]]);
}

// JAVA_HOME when it is 21 or newer, else the newest such JDK in /usr/lib/jvm (the default java here is 17).
function javaCommand() {
  const major = (home) => {
    try {
      return Number((fs.readFileSync(path.join(home, 'release'), 'utf8').match(/JAVA_VERSION="(\d+)/) ?? [])[1] ?? 0);
    } catch {
      return 0;
    }
  };
  const jvms = fs.existsSync('/usr/lib/jvm') ? fs.readdirSync('/usr/lib/jvm').map((d) => path.join('/usr/lib/jvm', d)) : [];
  const found = [process.env.JAVA_HOME, ...jvms.sort((a, b) => major(b) - major(a))]
    .find((home) => home && major(home) >= 21 && fs.existsSync(path.join(home, 'bin', 'java')));
  if (!found) throw new Error('needs a JDK 21 or newer: set JAVA_HOME');
  return [path.join(found, 'bin', 'java'), major(found)];
}

// The Java side first, so that node's heap is not in the way.
const classes = ['classes', 'test-classes'].map((d) => path.join(project, 'target', d));
if (!fs.existsSync(path.join(classes[1], 'org/docanchor/gateway/benchmarks/OpenZeppelinComparison.class'))) {
  throw new Error('run ./mvnw -q test-compile first');
}
const input = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'merkle-vs-oz-')), 'values.tsv');
fs.writeFileSync(input, values.map((v) => v.join('\t')).join('\n') + '\n');
const [java, javaMajor] = javaCommand();
const javaResult = JSON.parse(
  execFileSync(java, ['-Xmx2g', '-cp', classes.join(path.delimiter), 'org.docanchor.gateway.benchmarks.OpenZeppelinComparison', input], {
    encoding: 'utf8',
  }),
);
fs.rmSync(path.dirname(input), { recursive: true });

const begin = process.hrtime.bigint();
const tree = StandardMerkleTree.of(values, ['bytes32', 'string', 'string']);
let proofNodes = 0;
const proofs = [];
for (let i = 0; i < values.length; i++) {
  const proof = tree.getProof(i);
  proofNodes += proof.length;
  if (i === 0 || i === values.length - 1) proofs.push(proof);
}
const ozMs = Number(process.hrtime.bigint() - begin) / 1e6;

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const agree = tree.root === javaResult.root && same(proofs[0], javaResult.firstProof) && same(proofs.at(-1), javaResult.lastProof)
  && proofNodes * 32 === javaResult.proofBytes;
const ratio = (ms) => (ozMs / ms).toFixed(0);
console.log(`values: ${count} (digest, algorithm, department); node ${process.version}, Java ${javaMajor}, @openzeppelin/merkle-tree ${ozVersion}`);
console.log(`root: ${tree.root} (${agree ? 'same root and proofs in both' : 'MISMATCH'})`);
console.log(`@openzeppelin/merkle-tree, of() + getProof(i) for every value, one run: ${ozMs.toFixed(0)} ms`);
console.log(`Java, leafHashes + ofLeafHashes + proofBytes for every value, one thread, first run: ${javaResult.coldMs.toFixed(1)} ms (${ratio(javaResult.coldMs)}x)`);
console.log(`Java, the same, one thread, best of ${javaResult.runs}: ${javaResult.oneCoreMs.toFixed(1)} ms (${ratio(javaResult.oneCoreMs)}x)`);
console.log(`Java, the same, all cores, best of ${javaResult.runs}: ${javaResult.allCoresMs.toFixed(1)} ms (${ratio(javaResult.allCoresMs)}x)`);
if (!agree) {
  console.error('the Java tree and @openzeppelin/merkle-tree disagree');
  process.exit(1);
}
