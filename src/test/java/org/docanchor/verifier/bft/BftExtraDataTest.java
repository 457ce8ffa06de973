package org.docanchor.verifier.bft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.docanchor.verifier.bft.BesuVectors.hex;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BftExtraDataTest {

    /** Each recorded header's extraData, its consensus, and the validators, round and seal count it holds. */
    static Stream<Arguments> recordedHeaders() {
        return Stream.of(
                Arguments.of("ibft2_block_4880_quickstart_keys.json", BftConsensus.IBFT2, List.of(
                        "0x06e23768a0f59cf365e18c2e0c89e151bcdedc70", "0x4592c8e45706cc08b8f44b11e43cba0cfc5892cb",
                        "0xab5e7f4061c605820d3744227eed91ff8e2c8908", "0xc5327f96ee02d7bcbc1bf1236b8c15148971e1de"),
                        0, 3),
                Arguments.of("ibft2_block_100655_single_validator.json", BftConsensus.IBFT2,
                        List.of("0xca31306798b41bc81c43094a1e0462890ce7a673"), 0, 1),
                Arguments.of("qbft_block_58866_london_zerobasefee.json", BftConsensus.QBFT,
                        List.of("0xef5880ec6b859b6949d88ddbd6ec18e96d0f14aa"), 0, 1),
                Arguments.of("qbft_header_7528_sealed.rlp.hex", BftConsensus.QBFT, List.of(
                        "0x647bfdd19655e51e69d35454ff3a92f8828e6302", "0xa5c8416b9d13417b45b45ada76408f39d1e504ef",
                        "0xb92e91f4dcc9d28503be521afa2a8fbf3c1acf60", "0xee3353e587cfa91625a1adaef308a726de3803d3"),
                        1, 3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordedHeaders")
    void decode_recordedHeader_givesItsValidators(String file, BftConsensus consensus, List<String> validators,
            int round, int seals) {
        byte[] extraData = extraDataOf(file);

        BftExtraData decoded = BftExtraData.decode(consensus, extraData);

        assertThat(decoded.validators()).containsExactlyElementsOf(validators);
        assertThat(decoded.vanity()).isEqualTo(new byte[32]);
        assertThat(decoded.vote()).isEmpty();
        assertThat(decoded.round()).isEqualTo(round);
        assertThat(decoded.seals()).hasSize(seals).allSatisfy(s -> assertThat(s).hasSize(65));
        assertThat(decoded.encode(consensus)).isEqualTo(extraData);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordedHeaders")
    void decode_underTheOtherConsensus_fails(String file, BftConsensus consensus) {
        BftConsensus other = consensus == BftConsensus.IBFT2 ? BftConsensus.QBFT : BftConsensus.IBFT2;

        assertThatThrownBy(() -> BftExtraData.decode(other, extraDataOf(file)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decodeIbft2_fullBlockFromFoundryTests_givesFourValidatorsAndThreeSeals() {
        BlockHeader header = BlockHeader.fromBlockRlp(BesuVectors.rlpHex("ibft2_full_block_5618555_foundry_anvil.rlp.hex"));

        BftExtraData decoded = BftExtraData.decodeIbft2(header.extraData());

        assertThat(decoded.validators()).containsExactly(
                "0x319fa8f1bc4e53410e92d10d918659b16540e60a", "0x5a573efb304d04c1224cd012313e827eca5dce5d",
                "0xa9c831c5a268031176ebf5f3de5051e8cba0dbfe", "0xc9577e7945db22e38fc060909f2278c7746b0f9b");
        assertThat(decoded.seals()).hasSize(3);
    }

    @Test
    void encodeIbft2_genesisOfBesuDocsExample_matchesDocumentedExtraData() {
        // Besu docs, "Configure IBFT 2.0 consensus", example genesis file (see resources/besu/README.md).
        BftExtraData genesis = BftExtraData.genesis(List.of("0xc2ab482b506de561668e07f04547232a72897daf"));

        assertThat(hex(BftExtraData.encodeIbft2(genesis))).isEqualTo(
                "0xf83ea00000000000000000000000000000000000000000000000000000000000000000d594c2ab482b506de561668e07"
                        + "f04547232a72897daf808400000000c0");
    }

    @Test
    void encode_genesis_writesNoVoteAndRoundZeroPerConsensus() {
        BftExtraData genesis = BftExtraData.genesis(List.of("0xc2ab482b506de561668e07f04547232a72897daf"));

        // IBFT 2.0: vote 0x80, round 0x84 00000000, seals 0xc0. QBFT: vote 0xc0, round 0x80, seals 0xc0.
        assertThat(hex(BftExtraData.encodeIbft2(genesis))).endsWith("808400000000c0");
        assertThat(hex(BftExtraData.encodeQbft(genesis))).endsWith("daf" + "c080c0");
    }

    @Test
    void decode_voteAndRound_areRead() {
        BftExtraData data = new BftExtraData(new byte[32], List.of("0x1111111111111111111111111111111111111111"),
                Optional.of(new BftExtraData.Vote("0x2222222222222222222222222222222222222222", false)), 7, List.of());

        assertThat(BftExtraData.decodeQbft(BftExtraData.encodeQbft(data))).isEqualTo(data);
        assertThat(BftExtraData.decodeIbft2(BftExtraData.encodeIbft2(data))).isEqualTo(data);
    }

    @Test
    void decode_malformedInput_failsWithIllegalArgument() {
        byte[] good = extraDataOf("ibft2_block_4880_quickstart_keys.json");

        assertThatThrownBy(() -> BftExtraData.decodeIbft2(Arrays.copyOf(good, good.length - 10)))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        assertThatThrownBy(() -> BftExtraData.decodeIbft2(trailing)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BftExtraData.decodeIbft2(new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BftExtraData.decodeIbft2(hex("0xc0"))).isInstanceOf(IllegalArgumentException.class);
        // A QBFT round with a leading zero byte is not canonical.
        byte[] qbft = BftExtraData.encodeQbft(BftExtraData.genesis(List.of()));
        assertThat(hex(qbft)).endsWith("c0c080c0");
        byte[] paddedRound = hex(hex(qbft).replaceFirst("c0c080c0$", "c0c08100c0").replaceFirst("^0xe3", "0xe4"));
        assertThatThrownBy(() -> BftExtraData.decodeQbft(paddedRound)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void construct_badParts_fail() {
        assertThatThrownBy(() -> BftExtraData.genesis(List.of("0x1234")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0x1234");
        assertThatThrownBy(() -> new BftExtraData(new byte[31], List.of(), Optional.empty(), 0, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32");
        assertThatThrownBy(() -> new BftExtraData(new byte[32], List.of(), Optional.empty(), 0, List.of(new byte[64])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65");
    }

    @Property
    void encodeThenDecode_givesTheSameExtraData(@ForAll("extraData") BftExtraData data,
            @ForAll BftConsensus consensus) {
        byte[] encoded = data.encode(consensus);

        assertThat(BftExtraData.decode(consensus, encoded)).isEqualTo(data);
    }

    @Provide
    Arbitrary<BftExtraData> extraData() {
        Arbitrary<String> address = Arbitraries.bytes().array(byte[].class).ofSize(20).map(BesuVectors::hex);
        Arbitrary<Optional<BftExtraData.Vote>> vote = Combinators.combine(address, Arbitraries.of(true, false))
                .as(BftExtraData.Vote::new).optional(0.3).map(Optional::ofNullable)
                .map(o -> o.flatMap(v -> v));
        return Combinators.combine(
                        Arbitraries.bytes().array(byte[].class).ofSize(32),
                        address.list().ofMaxSize(30),
                        vote,
                        Arbitraries.integers().between(0, Integer.MAX_VALUE).edgeCases(c -> c.add(0).add(255).add(256)),
                        Arbitraries.bytes().array(byte[].class).ofSize(65).list().ofMaxSize(5))
                .as(BftExtraData::new);
    }

    private static byte[] extraDataOf(String file) {
        BlockHeader header = file.endsWith(".json")
                ? BesuVectors.header(file)
                : BlockHeader.fromRlp(BesuVectors.rlpHex(file));
        return header.extraData();
    }
}
