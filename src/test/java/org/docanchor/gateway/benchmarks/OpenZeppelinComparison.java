package org.docanchor.gateway.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.docanchor.verifier.merkle.Hash32;
import org.docanchor.verifier.merkle.LeafEncoding;
import org.docanchor.verifier.merkle.Parallelism;
import org.docanchor.verifier.merkle.StandardMerkleTree;

/**
 * The Java half of src/test/node/merkle-vs-openzeppelin.cjs: reads the values that script wrote (one
 * {@code digest<TAB>algorithm<TAB>department} a line), seals them as the script times
 * {@code @openzeppelin/merkle-tree} doing (every leaf hash, the tree, every value's proof in value order) and prints
 * one JSON line with the root, the proofs of the first and last values, and the times.
 */
public final class OpenZeppelinComparison {

    private static final int RUNS = 5;

    /** The last tree sealed and the length of all its proofs, kept so that no run's work can be skipped. */
    private static StandardMerkleTree lastTree;
    private static long lastProofBytes;

    private OpenZeppelinComparison() {
    }

    public static void main(String[] args) throws Exception {
        List<LeafEncoding.Value> values = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
            String[] v = line.split("\t", -1);
            values.add(new LeafEncoding.Value(Hash32.fromHex(v[0]), v[1], v[2]));
        }
        double cold = millis(() -> seal(values, Parallelism.ONE_THREAD));
        double best = Double.MAX_VALUE;
        for (int run = 0; run < RUNS; run++) {
            best = Math.min(best, millis(() -> seal(values, Parallelism.ONE_THREAD)));
        }
        double bestAllCores = Double.MAX_VALUE;
        for (int run = 0; run < RUNS; run++) {
            bestAllCores = Math.min(bestAllCores, millis(() -> seal(values, Parallelism.ALL_CORES)));
        }
        StandardMerkleTree tree = lastTree;
        System.out.printf("{\"root\": \"%s\", \"firstProof\": %s, \"lastProof\": %s, \"coldMs\": %.1f, "
                + "\"oneCoreMs\": %.1f, \"allCoresMs\": %.1f, \"runs\": %d, \"proofBytes\": %d}%n",
                tree.root().toHex(), proofJson(tree, 0), proofJson(tree, values.size() - 1), cold, best,
                bestAllCores, RUNS, lastProofBytes);
    }

    /** Every leaf hash, the tree, and every value's proof in value order (as getProof(i) in the script). */
    private static void seal(List<LeafEncoding.Value> values, Parallelism parallelism) {
        byte[] leaves = LeafEncoding.leafHashes(values, parallelism);
        StandardMerkleTree tree = StandardMerkleTree.ofLeafHashes(leaves, parallelism);
        long proofBytes = 0;
        for (int i = 0; i < values.size(); i++) {
            proofBytes += tree.proofBytes(tree.sortedIndexOf(i)).length;
        }
        lastTree = tree;
        lastProofBytes = proofBytes;
    }

    private static String proofJson(StandardMerkleTree tree, int valueIndex) {
        List<String> hex = tree.proof(tree.sortedIndexOf(valueIndex)).stream().map(h -> '"' + h.toHex() + '"').toList();
        return "[" + String.join(", ", hex) + "]";
    }

    private static double millis(Runnable task) {
        long begin = System.nanoTime();
        task.run();
        return (System.nanoTime() - begin) / 1e6;
    }
}
