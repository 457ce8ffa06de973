// Reference output of @openzeppelin/merkle-tree for the Java cross-check (OpenZeppelinCompatibilityTest).
// stdin: {"encoding": [...types], "trees": [[values...], ...]}
// stdout: [{"root", "entries": [{"value", "leaf", "proof"}]}] in the order the values were given.
const { StandardMerkleTree } = require('@openzeppelin/merkle-tree');

let input = '';
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', () => {
  const { encoding, trees } = JSON.parse(input);
  const out = trees.map((values) => {
    const tree = StandardMerkleTree.of(values, encoding);
    const byIndex = new Map();
    for (const [i, v] of tree.entries()) byIndex.set(i, { leaf: tree.leafHash(v), proof: tree.getProof(i) });
    // entries() walks values in input order, so index i is the i-th value given.
    return { root: tree.root, entries: values.map((value, i) => ({ value, ...byIndex.get(i) })) };
  });
  process.stdout.write(JSON.stringify(out));
});
