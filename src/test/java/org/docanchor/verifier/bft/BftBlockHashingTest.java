package org.docanchor.verifier.bft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.docanchor.verifier.bft.BesuVectors.hex;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;

/** Known answers from recorded Besu blocks; expected values as in {@code resources/besu/README.md}. */
class BftBlockHashingTest {

    @Test
    void ibft2FourValidators_hashDigestAndSigners_matchRecordedBlock() {
        BlockHeader header = BesuVectors.header("ibft2_block_4880_quickstart_keys.json");

        assertThat(hex(BftBlockHashing.blockHash(header, BftConsensus.IBFT2)))
                .isEqualTo("0x2bec7d776aae84f311e81843588cf3c07d00ca72fb26b320705b1f1667e0246c")
                .isEqualTo(BesuVectors.json("ibft2_block_4880_quickstart_keys.json").get("hash"));
        assertThat(hex(BftBlockHashing.sealDigest(header, BftConsensus.IBFT2)))
                .isEqualTo("0x6422c7a211f413f3cc8a5cceb39c642ed6a72bda890f786605201b8f7cffb29a");
        assertThat(BftBlockHashing.recoverSigners(header, BftConsensus.IBFT2)).containsExactlyInAnyOrder(
                "0x06e23768a0f59cf365e18c2e0c89e151bcdedc70", "0xab5e7f4061c605820d3744227eed91ff8e2c8908",
                "0xc5327f96ee02d7bcbc1bf1236b8c15148971e1de");
        assertThat(BftBlockHashing.hasQuorum(header, BftConsensus.IBFT2)).isTrue();
    }

    @Test
    void ibft2SingleValidator_sealRecoversOnlyAgainstTheSealDigest() {
        BlockHeader header = BesuVectors.header("ibft2_block_100655_single_validator.json");
        byte[] blockHash = BftBlockHashing.blockHash(header, BftConsensus.IBFT2);
        byte[] digest = BftBlockHashing.sealDigest(header, BftConsensus.IBFT2);
        byte[] seal = BftExtraData.decodeIbft2(header.extraData()).seals().get(0);

        assertThat(hex(blockHash)).isEqualTo("0x1554b4e9630243666d846dfe5339adb4fadde1c127d7dd52f287a4a0c6d08994");
        assertThat(hex(digest)).isEqualTo("0xdee81e5a2e49aca941e930fdbc57b24b52e255cf8bfd385e322d87007ceebb0b");
        assertThat(BftBlockHashing.recoverSigner(digest, seal)).isEqualTo("0xca31306798b41bc81c43094a1e0462890ce7a673");
        // In IBFT 2.0 the seal digest is not the block hash: recovering against the hash gives someone else.
        assertThat(BftBlockHashing.recoverSigner(blockHash, seal))
                .isNotEqualTo("0xca31306798b41bc81c43094a1e0462890ce7a673");
    }

    @Test
    void qbftLondonZeroBaseFee_hashIsTheSealDigestAtRoundZero() {
        BlockHeader header = BesuVectors.header("qbft_block_58866_london_zerobasefee.json");

        assertThat(header.fields()).hasSize(16);
        assertThat(hex(BftBlockHashing.blockHash(header, BftConsensus.QBFT)))
                .isEqualTo("0xd33367228e0a0e3667c910c7d92d3f6e724e2b6e2f671b28823a22f82597d023");
        assertThat(BftBlockHashing.sealDigest(header, BftConsensus.QBFT))
                .isEqualTo(BftBlockHashing.blockHash(header, BftConsensus.QBFT));
        assertThat(BftBlockHashing.recoverSigners(header, BftConsensus.QBFT))
                .containsExactly("0xef5880ec6b859b6949d88ddbd6ec18e96d0f14aa");
        assertThat(BftBlockHashing.hasQuorum(header, BftConsensus.QBFT)).isTrue();
    }

    @Test
    void qbftRoundOne_sealDigestIsKeccakOfTheRecordedCommitPreimage() {
        BlockHeader header = BlockHeader.fromRlp(BesuVectors.rlpHex("qbft_header_7528_sealed.rlp.hex"));
        byte[] preimage = BesuVectors.rlpHex("qbft_header_7528_commit_preimage.rlp.hex");

        assertThat(hex(Hash.sha3(preimage)))
                .isEqualTo("0x75ea184f58cd3f0ef89032a069df01f07ec524ef3a85cf6d3e424d62130c0a32");
        assertThat(BftBlockHashing.sealDigest(header, BftConsensus.QBFT)).isEqualTo(Hash.sha3(preimage));
        // At round 1 the block hash (round forced to 0) differs from the seal digest.
        assertThat(BftBlockHashing.blockHash(header, BftConsensus.QBFT)).isNotEqualTo(Hash.sha3(preimage));
        assertThat(BftBlockHashing.recoverSigners(header, BftConsensus.QBFT)).containsExactly(
                "0x647bfdd19655e51e69d35454ff3a92f8828e6302", "0xee3353e587cfa91625a1adaef308a726de3803d3",
                "0xa5c8416b9d13417b45b45ada76408f39d1e504ef");
        assertThat(BftBlockHashing.hasQuorum(header, BftConsensus.QBFT)).isTrue();
    }

    @Test
    void ibft2FullBlock_threeSealsRecoverToValidatorsOfTheHeader() {
        BlockHeader header = BlockHeader.fromBlockRlp(
                BesuVectors.rlpHex("ibft2_full_block_5618555_foundry_anvil.rlp.hex"));
        List<String> validators = BftExtraData.decodeIbft2(header.extraData()).validators();

        List<String> signers = BftBlockHashing.recoverSigners(header, BftConsensus.IBFT2);

        assertThat(signers).hasSize(3).doesNotHaveDuplicates();
        assertThat(validators).containsAll(signers);
        assertThat(BftBlockHashing.hasQuorum(header, BftConsensus.IBFT2)).isTrue();
    }

    @Test
    void changedHeaderField_sealsNoLongerRecoverToValidators() {
        BlockHeader recorded = BesuVectors.header("ibft2_block_4880_quickstart_keys.json");
        List<byte[]> fields = new ArrayList<>(recorded.fields());
        fields.set(11, new byte[] {0x61, 0x13, 0x6a, 0x55}); // timestamp + 1 s
        BlockHeader changed = new BlockHeader(fields);

        assertThat(BftBlockHashing.blockHash(changed, BftConsensus.IBFT2))
                .isNotEqualTo(BftBlockHashing.blockHash(recorded, BftConsensus.IBFT2));
        assertThat(BftBlockHashing.recoverSigners(changed, BftConsensus.IBFT2))
                .doesNotContainAnyElementsOf(BftExtraData.decodeIbft2(changed.extraData()).validators());
        assertThat(BftBlockHashing.hasQuorum(changed, BftConsensus.IBFT2)).isFalse();
    }

    @Test
    void fromJsonFields_reencodesTheRecordedHeaderRlp() {
        // The same QBFT header arrives as RLP; rebuilding any JSON header and re-reading its RLP is lossless.
        BlockHeader header = BesuVectors.header("qbft_block_58866_london_zerobasefee.json");

        assertThat(BlockHeader.fromRlp(header.encode())).isEqualTo(header);
    }

    @Test
    void requiredSeals_isCeilingOfTwoThirds() {
        assertThat(List.of(1, 2, 3, 4, 5, 6, 7, 10, 30).stream().map(BftBlockHashing::requiredSeals))
                .containsExactly(1, 2, 2, 3, 4, 4, 5, 7, 20);
        assertThatThrownBy(() -> BftBlockHashing.requiredSeals(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recoverSigner_badSeal_fails() {
        byte[] digest = new byte[32];
        byte[] seal = new byte[65];
        seal[64] = 2;

        assertThatThrownBy(() -> BftBlockHashing.recoverSigner(digest, seal))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("recovery id");
        assertThatThrownBy(() -> BftBlockHashing.recoverSigner(new byte[31], new byte[65]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32");
    }
}
