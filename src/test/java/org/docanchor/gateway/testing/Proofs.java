package org.docanchor.gateway.testing;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.time.Instant;

/** GET /api/v1/proofs/{digest}, every answer checked against docs/proof.schema.json. */
public final class Proofs {

    private Proofs() {
    }

    /** The proof document of {@code digest} (status 200), checked against the schema. */
    public static String fetch(String digest) {
        return ProofSchema.assertValid(given().get("/api/v1/proofs/" + digest).then().statusCode(200).extract()
                .asString());
    }

    /** The proof document once it has {@code status} (ANCHORED, REVOKED, ...), within 60 s. */
    public static String awaitStatus(String digest, String status) throws InterruptedException {
        return awaitFragment(digest, "\"status\":\"" + status + "\"");
    }

    /** The proof document once its JSON contains {@code fragment}, within 60 s. */
    public static String awaitFragment(String digest, String fragment) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            String body = given().get("/api/v1/proofs/" + digest).then().extract().asString();
            if (body.contains(fragment)) {
                return ProofSchema.assertValid(body);
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the proof of " + digest + " did not show " + fragment + " within 60 s");
    }
}
