package org.docanchor.verifier.bft;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Counting seals against a trusted validator set, on the recorded IBFT 2.0 block 4880 (4 validators, 3 seals;
 * signers as listed in resources/besu/README.md).
 */
class SealCountTest {

    private static final List<String> SIGNERS = List.of("0x06e23768a0f59cf365e18c2e0c89e151bcdedc70",
            "0xab5e7f4061c605820d3744227eed91ff8e2c8908", "0xc5327f96ee02d7bcbc1bf1236b8c15148971e1de");
    private static final String FOURTH = "0x4592c8e45706cc08b8f44b11e43cba0cfc5892cb";

    private final BlockHeader header = BesuVectors.header("ibft2_block_4880_quickstart_keys.json");

    @Test
    void headersOwnSet_threeOfFour_isQuorum() {
        BftBlockHashing.SealCount count = BftBlockHashing.countSeals(header, BftConsensus.IBFT2,
                BftExtraData.decodeIbft2(header.extraData()).validators());

        assertThat(count.counted()).containsExactlyInAnyOrderElementsOf(SIGNERS);
        assertThat(count.required()).isEqualTo(3);
        assertThat(count.quorum()).isTrue();
    }

    @Test
    void trustedSetWithTwoOfTheSigners_isNotQuorum() {
        List<String> trusted = List.of(SIGNERS.get(0), SIGNERS.get(1), FOURTH,
                "0x0000000000000000000000000000000000000001");
        BftBlockHashing.SealCount count = BftBlockHashing.countSeals(header, BftConsensus.IBFT2, trusted);

        assertThat(count.counted()).containsExactlyInAnyOrder(SIGNERS.get(0), SIGNERS.get(1));
        assertThat(count.quorum()).as("2 of 4 < ceil(8/3) = 3").isFalse();
    }

    @Test
    void repeatedSeal_countsOnce_andUnrecoverableSealCountsForNothing() {
        BftExtraData extra = BftExtraData.decodeIbft2(header.extraData());
        byte[] broken = extra.seals().get(2).clone();
        broken[64] = 7; // not a recovery id
        BftExtraData forged = new BftExtraData(extra.vanity(), extra.validators(), extra.vote(), extra.round(),
                List.of(extra.seals().get(0), extra.seals().get(0), broken));
        BlockHeader changed = header.withExtraData(forged.encode(BftConsensus.IBFT2));

        BftBlockHashing.SealCount count = BftBlockHashing.countSeals(changed, BftConsensus.IBFT2, extra.validators());

        assertThat(count.signers()).hasSize(3);
        assertThat(count.signers().get(2)).isNull();
        assertThat(count.counted()).hasSize(1);
        assertThat(count.quorum()).isFalse();
    }

    @Test
    void mixedCaseTrustedAddresses_match() {
        List<String> trusted = new ArrayList<>(SIGNERS.stream().map(String::toUpperCase)
                .map(a -> "0x" + a.substring(2)).toList());
        trusted.add(FOURTH);

        assertThat(BftBlockHashing.countSeals(header, BftConsensus.IBFT2, trusted).quorum()).isTrue();
        assertThat(Optional.of(trusted.size())).contains(4);
    }
}
