package org.docanchor.gateway.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.docanchor.verifier.merkle.LeafEncoding;
import org.docanchor.verifier.merkle.Parallelism;
import org.docanchor.verifier.merkle.StandardMerkleTree;

/**
 * Where the time of {@code MerkleBenchmark.Province.sealOneCore} goes: leaf hashes, tree (sort and inner nodes),
 * proofs, each the best of several runs, in wall time and in the calling thread's CPU time. On a shared machine the
 * CPU time is the steadier figure: it leaves out the time the thread waited for a core. Usage:
 * {@code java -Xms6g -Xmx6g -cp ... org.docanchor.gateway.benchmarks.SealPhases [ONE_THREAD|ALL_CORES] [runs]}.
 */
public final class SealPhases {

    private SealPhases() {
    }

    public static void main(String[] args) {
        Parallelism parallelism = Parallelism.valueOf(args.length > 0 ? args[0] : "ONE_THREAD");
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        MerkleBenchmark.Province province = new MerkleBenchmark.Province();
        province.setUp();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        String[] phases = {"leaf hashes", "tree", "every proof", "total"};
        long[] wall = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
        long[] cpu = wall.clone();
        long sink = 0;
        for (int run = 0; run < runs; run++) {
            long[] w = new long[4];
            long[] c = new long[4];
            w[0] = System.nanoTime();
            c[0] = threads.getCurrentThreadCpuTime();
            byte[] leaves = LeafEncoding.leafHashes(province.values, parallelism);
            w[1] = System.nanoTime();
            c[1] = threads.getCurrentThreadCpuTime();
            StandardMerkleTree tree = StandardMerkleTree.ofLeafHashes(leaves, parallelism);
            w[2] = System.nanoTime();
            c[2] = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < tree.size(); i++) {
                sink += tree.proofBytes(i).length;
            }
            w[3] = System.nanoTime();
            c[3] = threads.getCurrentThreadCpuTime();
            for (int p = 0; p < 3; p++) {
                wall[p] = Math.min(wall[p], w[p + 1] - w[p]);
                cpu[p] = Math.min(cpu[p], c[p + 1] - c[p]);
            }
            wall[3] = Math.min(wall[3], w[3] - w[0]);
            cpu[3] = Math.min(cpu[3], c[3] - c[0]);
        }
        System.out.printf("%,d documents, %s, best of %d runs (%d proof bytes a run)%n", MerkleBenchmark.Province.SIZE,
                parallelism, runs, sink / runs);
        for (int p = 0; p < 4; p++) {
            System.out.printf("  %-12s wall %5d ms   calling thread's CPU %5d ms%n", phases[p], wall[p] / 1_000_000,
                    cpu[p] / 1_000_000);
        }
    }
}
