package org.docanchor.verifier.merkle;

import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Whether bulk hashing ({@link LeafEncoding#leafHashes}, {@link StandardMerkleTree#ofLeafHashes}) stays on the
 * calling thread or splits large runs of independent hashes across the common fork-join pool.
 */
public enum Parallelism {

    /** Everything on the calling thread. */
    ONE_THREAD,

    /** Runs of at least {@link #MIN_SPLIT} independent hashes are split across the common pool and the caller. */
    ALL_CORES;

    /** Below this many hashes a split costs more than it saves. */
    static final int MIN_SPLIT = 4096;

    /** Parallel for large inputs, the choice of {@link StandardMerkleTree#of(java.util.List)}. */
    public static Parallelism forSize(int hashes) {
        return hashes >= MIN_SPLIT && Runtime.getRuntime().availableProcessors() > 1 ? ALL_CORES : ONE_THREAD;
    }

    /**
     * Runs {@code chunk} over {@code [0, chunks)}; {@code chunk.accept(c)} must touch only the {@code c}-th slice
     * of the work and be safe to run concurrently with the other slices.
     */
    void forEachChunk(int chunks, IntConsumer chunk) {
        if (this == ONE_THREAD || chunks == 1) {
            for (int c = 0; c < chunks; c++) {
                chunk.accept(c);
            }
        } else {
            IntStream.range(0, chunks).parallel().forEach(chunk);
        }
    }

    /** How many slices to cut {@code hashes} independent hashes into. */
    int chunksFor(int hashes) {
        if (this == ONE_THREAD || hashes < MIN_SPLIT) {
            return 1;
        }
        int threads = Math.max(ForkJoinPool.getCommonPoolParallelism() + 1, 2);
        // A few slices a thread even out a core that another process holds for a while.
        return Math.min(4 * threads, Math.max(1, hashes / (MIN_SPLIT / 2)));
    }

    /** Start of slice {@code c} of {@code n} items cut into {@code chunks} slices. */
    static int sliceStart(int c, int n, int chunks) {
        return (int) ((long) n * c / chunks);
    }
}
