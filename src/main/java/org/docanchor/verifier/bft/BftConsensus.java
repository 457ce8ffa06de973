package org.docanchor.verifier.bft;

/**
 * The two Byzantine-fault-tolerant consensus protocols of Besu private networks. They share the shape of the
 * header's extraData but encode an absent vote and the round differently, and hash and seal blocks differently.
 */
public enum BftConsensus {

    /** IBFT 2.0: no vote is RLP null ({@code 0x80}), the round is 4 fixed bytes. */
    IBFT2,

    /** QBFT: no vote is the empty list ({@code 0xc0}), the round is an RLP scalar. */
    QBFT
}
