package org.docanchor.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The gateway's signer against docs/vectors/webhook-signatures.json, whose expected signatures were computed
 * independently (Python's hmac); the Node test webhook-signature.test.mjs verifies the same vectors with the
 * standardwebhooks package, so the signer, the vectors and the reference library agree.
 */
class WebhookSignatureTest {

    @Test
    void theSignerMatchesEveryVector() throws Exception {
        JsonNode vectors = new ObjectMapper().readTree(Files.readString(Path.of("docs/vectors/webhook-signatures.json")));
        assertThat(vectors.path("vectors").size()).isGreaterThanOrEqualTo(3);
        for (JsonNode v : vectors.path("vectors")) {
            assertThat(WebhookSignature.sign(v.path("secret").asText(), v.path("id").asText(),
                    v.path("timestamp").asLong(), v.path("body").asText()))
                    .as(v.path("desc").asText()).isEqualTo(v.path("signature").asText());
        }
    }

    @Test
    void newSecretsAreWhsecAnd32RandomBytes() {
        String a = WebhookSignature.newSecret();
        assertThat(a).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(a.substring(6))).hasSize(32);
        assertThat(WebhookSignature.newSecret()).isNotEqualTo(a);
    }

    @Test
    void aChangedByteChangesTheSignature() {
        String secret = WebhookSignature.newSecret();
        String signature = WebhookSignature.sign(secret, "msg_1", 1764689523, "{\"a\":1}");
        assertThat(WebhookSignature.sign(secret, "msg_1", 1764689523, "{\"a\":2}")).isNotEqualTo(signature);
        assertThat(WebhookSignature.sign(secret, "msg_2", 1764689523, "{\"a\":1}")).isNotEqualTo(signature);
        assertThat(WebhookSignature.sign(secret, "msg_1", 1764689524, "{\"a\":1}")).isNotEqualTo(signature);
    }
}
