package org.docanchor.gateway.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.docanchor.verifier.merkle.Hash32;
import org.docanchor.verifier.merkle.LeafEncoding;
import org.docanchor.verifier.merkle.Parallelism;
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

    /**
     * A provincial batch: 1,000,000 documents from a handful of departments and algorithms. Its own state (no
     * {@code size} parameter); each invocation is timed on its own.
     */
    @State(Scope.Benchmark)
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 3)
    @Measurement(iterations = 5)
    @Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
    public static class Province {

        static final int SIZE = 1_000_000;
        static final String[] ALGORITHMS = {"sha256", "sha512-256", "sha3-256", "keccak256", "sm3"};

        List<Hash32> digests;
        List<String> algorithms;
        List<String> departments;
        List<LeafEncoding.Value> values;

        @Setup
        public void setUp() {
            Random random = new Random(2);
            String[] codes = new String[24];
            for (int i = 0; i < codes.length; i++) {
                codes[i] = "DEPARTMENT-OF-" + (char) ('A' + i) + "-" + (1000 + random.nextInt(9000));
            }
            digests = new ArrayList<>(SIZE);
            algorithms = new ArrayList<>(SIZE);
            departments = new ArrayList<>(SIZE);
            for (int i = 0; i < SIZE; i++) {
                byte[] digest = new byte[32];
                random.nextBytes(digest);
                digests.add(new Hash32(digest));
                algorithms.add(ALGORITHMS[random.nextInt(ALGORITHMS.length)]);
                departments.add(codes[random.nextInt(codes.length)]);
            }
            values = new ArrayList<>(SIZE);
            for (int i = 0; i < SIZE; i++) {
                values.add(new LeafEncoding.Value(digests.get(i), algorithms.get(i), departments.get(i)));
            }
        }

        /** The issue 10 row: every leaf hash, the tree and every proof path, all on the calling thread. */
        @Benchmark
        public void sealOneCore(Blackhole blackhole) {
            seal(Parallelism.ONE_THREAD, blackhole);
        }

        /** The same with leaf hashing, sorting and the large depths of the tree split across both cores. */
        @Benchmark
        public void sealAllCores(Blackhole blackhole) {
            seal(Parallelism.ALL_CORES, blackhole);
        }

        private void seal(Parallelism parallelism, Blackhole blackhole) {
            byte[] leaves = LeafEncoding.leafHashes(values, parallelism);
            StandardMerkleTree built = StandardMerkleTree.ofLeafHashes(leaves, parallelism);
            // In tree order, as sealObjects and sealBatch: walking the paths of neighbouring leaves keeps the
            // lower levels in cache (in input order the same loop takes about three times as long).
            for (int i = 0; i < SIZE; i++) {
                blackhole.consume(built.proofBytes(i));
            }
        }

        /** Every leaf hash, the tree and every proof path through the object API, as callers used it before. */
        @Benchmark
        public void sealObjects(Blackhole blackhole) {
            List<Hash32> hashed = new ArrayList<>(SIZE);
            for (int i = 0; i < SIZE; i++) {
                hashed.add(LeafEncoding.leafHash(digests.get(i), algorithms.get(i), departments.get(i)));
            }
            StandardMerkleTree built = StandardMerkleTree.of(hashed, Parallelism.ONE_THREAD);
            for (int i = 0; i < SIZE; i++) {
                blackhole.consume(built.proof(i));
            }
        }
    }
}
