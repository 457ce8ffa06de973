package org.docanchor.gateway.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged gateway in the prod profile and its time-stamping authority: it refuses to start without the TSA's
 * key, or with a certificate that is not a TSA certificate, saying which property to set; it starts with them, or
 * with the TSA turned off.
 */
class TsaStartIT {

    @Test
    void prodRefusesToStartWithoutAFitTsaKeyAndCertificate() throws Exception {
        try (ReliabilityStack stack = new ReliabilityStack("tsa-start")) {
            Map<String, String> missing = stack.gatewayEnv();
            missing.remove("ANCHOR_TSA_KEY_FILE");
            missing.remove("ANCHOR_TSA_CERTIFICATE_FILE");
            GatewayProcess refused = new GatewayProcess(missing, ReliabilityStack.freePort(),
                    stack.log("tsa-missing"));
            assertThatThrownBy(refused::start).hasMessageContaining("gateway exited");
            assertThat(Files.readString(stack.log("tsa-missing")))
                    .contains("the time-stamping authority (POST /api/v1/tsa) needs its private key: set "
                            + "anchor.tsa.key-file");

            // The CA certificate that issued the TSA's (the second in the file) is no TSA certificate.
            Map<String, String> wrong = stack.gatewayEnv();
            Path chain = Path.of(wrong.get("ANCHOR_TSA_CERTIFICATE_FILE"));
            String pem = Files.readString(chain);
            Path caOnly = chain.resolveSibling("ca-only.pem");
            Files.writeString(caOnly, pem.substring(pem.indexOf("-----END CERTIFICATE-----") + 26));
            wrong.put("ANCHOR_TSA_CERTIFICATE_FILE", caOnly.toString());
            GatewayProcess unfit = new GatewayProcess(wrong, ReliabilityStack.freePort(), stack.log("tsa-unfit"));
            assertThatThrownBy(unfit::start).hasMessageContaining("gateway exited");
            assertThat(Files.readString(stack.log("tsa-unfit")))
                    .contains("must have an extended key usage extension marked critical holding timeStamping");

            GatewayProcess configured = new GatewayProcess(stack.gatewayEnv(), ReliabilityStack.freePort(),
                    stack.log("tsa-configured"));
            configured.start();
            assertThat(configured.alive()).isTrue();
            configured.stop();

            missing.put("ANCHOR_TSA_ENABLED", "false");
            GatewayProcess off = new GatewayProcess(missing, ReliabilityStack.freePort(), stack.log("tsa-off"));
            off.start();
            assertThat(off.alive()).isTrue();
            off.stop();
        }
    }
}
