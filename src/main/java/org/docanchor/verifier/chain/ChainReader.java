package org.docanchor.verifier.chain;

import java.util.List;
import java.util.Optional;
import org.docanchor.verifier.merkle.Hash32;

/**
 * Read access to one node of an Ethereum-compatible chain: the questions verification asks. Every failure to
 * get a straight answer is a {@link ChainUnavailableException}; "the node does not have it" is an empty answer.
 */
public interface ChainReader {

    /** {@code eth_chainId}. */
    long chainId() throws ChainUnavailableException;

    /** {@code eth_call} of {@code data} to {@code to} at the latest block: the bytes returned, possibly none. */
    byte[] call(String to, byte[] data) throws ChainUnavailableException;

    /** {@code eth_getBlockByNumber}: empty when the node has no such block. */
    Optional<Block> blockByNumber(long number) throws ChainUnavailableException;

    /** {@code eth_getBlockByNumber("latest")}: the node's newest block. */
    Block latestBlock() throws ChainUnavailableException;

    /**
     * {@code eth_getLogs} of the contract {@code address} in block {@code blockNumber} alone, whose first topics
     * are {@code topics}: the logs, possibly none.
     */
    List<Log> logs(String address, long blockNumber, List<Hash32> topics) throws ChainUnavailableException;

    /** {@code eth_getTransactionReceipt}: empty when the node knows no such transaction. */
    Optional<Receipt> receipt(Hash32 transactionHash) throws ChainUnavailableException;

    /**
     * The parts of a block verification compares.
     *
     * @param transactions the hashes of the block's transactions, in block order
     */
    record Block(long number, Hash32 hash, long timestamp, List<Hash32> transactions) {

        public Block {
            transactions = List.copyOf(transactions);
        }
    }

    /**
     * A transaction receipt.
     *
     * @param success {@code status} is 1
     * @param to the lower-case address the transaction was sent to; null for a contract creation
     */
    record Receipt(boolean success, long blockNumber, Hash32 blockHash, String to, List<Log> logs) {

        public Receipt {
            logs = List.copyOf(logs);
        }
    }

    /**
     * A log entry of a receipt.
     *
     * @param address the lower-case address of the contract that emitted it
     */
    record Log(String address, List<Hash32> topics, byte[] data) {

        public Log {
            topics = List.copyOf(topics);
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }
    }
}
