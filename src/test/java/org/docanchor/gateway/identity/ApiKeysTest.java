package org.docanchor.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The secret check of a presented key: an unknown prefix goes through the same hashing and comparison as a wrong
 * secret for a known prefix (issue 11, item 4: no prefix oracle). What is checked is that the same routine runs once
 * on a stored-hash-sized value, not how long it takes.
 */
class ApiKeysTest {

    private static final String PRESENTED = "agk_abcdefgh_" + "A".repeat(43);

    /** Records each comparison and answers as the real check does. */
    private static final class RecordingCheck implements ApiKeys.SecretCheck {
        final List<byte[]> comparedWith = new ArrayList<>();

        @Override
        public boolean equal(byte[] storedHash, String presented) {
            comparedWith.add(storedHash);
            return ApiKeys.SHA256_CHECK.equal(storedHash, presented);
        }
    }

    private static ApiKey keyWithHashOf(String plaintext) {
        ApiKey key = new ApiKey();
        key.prefix = ApiKeys.prefixOf(plaintext);
        key.hash = java.util.HexFormat.of().parseHex(sha256Hex(plaintext));
        return key;
    }

    private static String sha256Hex(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anUnknownPrefixIsComparedOnce_likeAWrongSecret_againstAHashOfTheStoredSize() {
        ApiKey known = keyWithHashOf("agk_abcdefgh_" + "B".repeat(43));

        RecordingCheck wrongSecret = new RecordingCheck();
        assertThat(ApiKeys.secretMatches(known.hash, PRESENTED, wrongSecret)).isFalse();
        RecordingCheck unknownPrefix = new RecordingCheck();
        assertThat(ApiKeys.secretMatches(null, PRESENTED, unknownPrefix)).isFalse();

        assertThat(wrongSecret.comparedWith).containsExactly(known.hash);
        assertThat(unknownPrefix.comparedWith).containsExactly(ApiKeys.NO_SUCH_KEY_HASH);
        assertThat(ApiKeys.NO_SUCH_KEY_HASH).hasSameSizeAs(known.hash);
    }

    @Test
    void anUnknownPrefixNeverMatches_evenWhenTheComparisonSaysEqual() {
        ApiKeys.SecretCheck alwaysEqual = (stored, presented) -> true;

        assertThat(ApiKeys.secretMatches(null, PRESENTED, alwaysEqual)).isFalse();
        assertThat(ApiKeys.secretMatches(keyWithHashOf(PRESENTED).hash, PRESENTED, alwaysEqual)).isTrue();
    }

    @Test
    void theRightSecretMatches_andOneChangedCharacterDoesNot() {
        ApiKey key = keyWithHashOf(PRESENTED);

        assertThat(ApiKeys.secretMatches(key.hash, PRESENTED, ApiKeys.SHA256_CHECK)).isTrue();
        assertThat(ApiKeys.secretMatches(key.hash, PRESENTED.substring(0, PRESENTED.length() - 1) + "B",
                ApiKeys.SHA256_CHECK)).isFalse();
    }
}
