package org.docanchor.gateway.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.docanchor.verifier.merkle.Hash32;
import org.docanchor.verifier.merkle.LeafEncoding;
import org.docanchor.verifier.merkle.StandardMerkleTree;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The CPU cost of sealing: leaf hashing, tree building and proof extraction for a batch, and verifying one proof.
 * Run with the command in docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MerkleBenchmark {

    @Param({"1000", "50000"})
    int size;

    private List<Hash32> digests;
    private List<Hash32> leaves;
    private StandardMerkleTree tree;

    @Setup
    public void setUp() {
        Random random = new Random(1);
        digests = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            byte[] digest = new byte[32];
            random.nextBytes(digest);
            digests.add(new Hash32(digest));
        }
        leaves = digests.stream().map(d -> LeafEncoding.leafHash(d, "sha256", "MINISTRY-OF-JUSTICE")).toList();
        tree = StandardMerkleTree.of(leaves);
    }

    /** Everything sealing computes: every leaf, the tree, every proof path. */
    @Benchmark
    public void sealBatch(Blackhole blackhole) {
        List<Hash32> hashed = new ArrayList<>(size);
        for (Hash32 digest : digests) {
            hashed.add(LeafEncoding.leafHash(digest, "sha256", "MINISTRY-OF-JUSTICE"));
        }
        StandardMerkleTree built = StandardMerkleTree.of(hashed);
        for (int i = 0; i < size; i++) {
            blackhole.consume(built.proof(i));
        }
    }

    @Benchmark
    public StandardMerkleTree buildTree() {
        return StandardMerkleTree.of(leaves);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public boolean verifyOneProof() {
        return StandardMerkleTree.verify(tree.proof(size / 2), tree.root(), tree.sortedLeaves().get(size / 2));
    }
}
