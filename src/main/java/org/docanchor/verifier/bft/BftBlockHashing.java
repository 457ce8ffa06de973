package org.docanchor.verifier.bft;

import java.math.BigInteger;
import java.security.SignatureException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.rlp.RlpEncoder;
import org.web3j.rlp.RlpList;

/**
 * Block hash, seal digest and committed-seal checks of IBFT 2.0 and QBFT headers, after Besu's
 * {@code BftBlockHashing}. Lets a proof's block be checked offline: the header hashes to the block hash the
 * proof names, and enough validators of the header's own set signed it.
 *
 * <ul>
 *   <li>Block hash: keccak of the header RLP with extraData replaced by IBFT 2.0 {@code RLP([vanity,
 *       validators, vote])}, QBFT {@code RLP([vanity, validators, vote, 0, []])}.
 *   <li>Seal digest, what each validator signs: IBFT 2.0 {@code RLP([vanity, validators, vote, round])},
 *       QBFT {@code RLP([vanity, validators, vote, round, []])}, again inside the full header.
 * </ul>
 */
public final class BftBlockHashing {

    private static final HexFormat HEX = HexFormat.of();

    private BftBlockHashing() {
    }

    /** The block hash, as {@code eth_getBlockByNumber} reports it. */
    public static byte[] blockHash(BlockHeader header, BftConsensus consensus) {
        BftExtraData extra = BftExtraData.decode(consensus, header.extraData());
        return Hash.sha3(header.withExtraData(reduced(extra, consensus, false)).encode());
    }

    /** The digest every validator signs in its committed seal. */
    public static byte[] sealDigest(BlockHeader header, BftConsensus consensus) {
        BftExtraData extra = BftExtraData.decode(consensus, header.extraData());
        return Hash.sha3(header.withExtraData(reduced(extra, consensus, true)).encode());
    }

    /** The addresses that produced the header's committed seals, in seal order. */
    public static List<String> recoverSigners(BlockHeader header, BftConsensus consensus) {
        byte[] digest = sealDigest(header, consensus);
        List<String> signers = new ArrayList<>();
        for (byte[] seal : BftExtraData.decode(consensus, header.extraData()).seals()) {
            signers.add(recoverSigner(digest, seal));
        }
        return signers;
    }

    /** The address whose key made {@code seal} ({@code r || s || recId}) over the 32-byte {@code digest}. */
    public static String recoverSigner(byte[] digest, byte[] seal) {
        if (digest.length != 32) {
            throw new IllegalArgumentException("a digest must be 32 bytes, got " + digest.length);
        }
        if (seal.length != BftExtraData.SEAL_LENGTH) {
            throw new IllegalArgumentException("a seal must be 65 bytes, got " + seal.length);
        }
        int recId = seal[64];
        if (recId != 0 && recId != 1) {
            throw new IllegalArgumentException("seal recovery id must be 0 or 1, got " + recId);
        }
        Sign.SignatureData signature = new Sign.SignatureData(
                (byte) (27 + recId), Arrays.copyOfRange(seal, 0, 32), Arrays.copyOfRange(seal, 32, 64));
        try {
            BigInteger publicKey = Sign.signedMessageHashToKey(digest, signature);
            return "0x" + Keys.getAddress(publicKey);
        } catch (SignatureException | IllegalArgumentException e) {
            throw new IllegalArgumentException("seal 0x" + HEX.formatHex(seal) + " does not recover to a key", e);
        }
    }

    /** Seals a block needs from distinct validators to be final: ceil(2n/3), as Besu's {@code BftHelpers}. */
    public static int requiredSeals(int validatorCount) {
        if (validatorCount < 1) {
            throw new IllegalArgumentException("a BFT network has at least one validator, got " + validatorCount);
        }
        return (2 * validatorCount + 2) / 3;
    }

    /**
     * The outcome of counting a header's committed seals against a validator set.
     *
     * @param signers the address each seal recovers to, in seal order; null for a seal that does not recover
     * @param counted the distinct signers that belong to the set, in seal order
     * @param validatorCount the size of the set, n
     * @param required ceil(2n/3)
     */
    public record SealCount(List<String> signers, List<String> counted, int validatorCount, int required) {

        public SealCount {
            signers = Collections.unmodifiableList(new ArrayList<>(signers));
            counted = List.copyOf(counted);
        }

        /** Whether enough distinct validators of the set sealed the block for it to be final. */
        public boolean quorum() {
            return counted.size() >= required;
        }
    }

    /**
     * Counts the committed seals of {@code header} against a validator set the caller trusts (not the header's own
     * list): distinct signers that belong to the set. Seals that do not recover, repeat a signer or recover to an
     * address outside the set do not count, as in Besu's {@code BftCommitSealsValidationRule}.
     *
     * @throws IllegalArgumentException if the extraData is not valid for {@code consensus}, or the set is empty
     */
    public static SealCount countSeals(BlockHeader header, BftConsensus consensus, Collection<String> validators) {
        Set<String> trusted = new LinkedHashSet<>();
        for (String validator : validators) {
            trusted.add(BftExtraData.normalizeAddress(validator));
        }
        int required = requiredSeals(trusted.size());
        byte[] digest = sealDigest(header, consensus);
        List<String> signers = new ArrayList<>();
        Set<String> counted = new LinkedHashSet<>();
        for (byte[] seal : BftExtraData.decode(consensus, header.extraData()).seals()) {
            String signer;
            try {
                signer = recoverSigner(digest, seal);
            } catch (RuntimeException e) {
                // A seal that does not recover counts for nothing; it does not make the others unreadable.
                signer = null;
            }
            signers.add(signer);
            if (signer != null && trusted.contains(signer)) {
                counted.add(signer);
            }
        }
        return new SealCount(signers, List.copyOf(counted), trusted.size(), required);
    }

    /**
     * Whether at least {@link #requiredSeals} distinct validators of the header's own set sealed it. Checks the
     * header alone: that its validator set is the chain's is for the caller (from the previous header or a
     * trusted checkpoint).
     */
    public static boolean hasQuorum(BlockHeader header, BftConsensus consensus) {
        BftExtraData extra = BftExtraData.decode(consensus, header.extraData());
        Set<String> committers = new LinkedHashSet<>(recoverSigners(header, consensus));
        committers.retainAll(Set.copyOf(extra.validators()));
        return committers.size() >= requiredSeals(extra.validators().size());
    }

    private static byte[] reduced(BftExtraData extra, BftConsensus consensus, boolean withRound) {
        return RlpEncoder.encode(new RlpList(extra.fields(consensus, withRound, false)));
    }
}
