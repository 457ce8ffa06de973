package org.docanchor.gateway.proof;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.docanchor.gateway.identity.Department;
import org.docanchor.gateway.identity.RegisteredKey;
import org.docanchor.gateway.testing.VectorStackTestResource;
import org.docanchor.verifier.signature.DepartmentKey;
import org.docanchor.verifier.vectors.ProofVectors;
import org.junit.jupiter.api.Test;

/**
 * Every shared proof vector (docs/vectors/proof-vectors.json) through {@code POST /api/v1/verify}, against a
 * gateway that serves the vectors' recorded chain. The endpoint always asks its own node, always trusts its own
 * registry, is configured without a validator set and, as the registry names an issuer registry, ties keys through
 * that (check 15) with no key list of its own, although the database has the vectors' {@code departmentKeys}
 * (registered here); a vector whose inputs differ from that is skipped, and the skipped ids are listed with their
 * reason.
 */
@QuarkusTest
@TestProfile(VerifyEndpointVectorsTest.Profile.class)
@WithTestResource(VectorStackTestResource.class)
class VerifyEndpointVectorsTest {

    /** A profile of its own: this gateway serves the vectors' chain, not the shared test stack. */
    public static class Profile implements QuarkusTestProfile {
    }

    static final ObjectMapper JSON = new ObjectMapper();

    @jakarta.inject.Inject
    org.docanchor.gateway.issuer.IssuerFollower follower;

    @Test
    void everyApplicableVectorGetsItsVerdictCodeChecksAndDetails() throws Exception {
        JsonNode file = VectorStackTestResource.vectors();
        String registry = file.path("chain").path("registries").path("main").asText();
        JsonNode known = file.path("departmentKeys");
        follower.catchUp(); // the vectors' issuer registry first, so that its rows and ours do not race
        registerDepartments(known);

        Map<String, String> skipped = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        int run = 0;
        for (JsonNode vector : file.path("vectors")) {
            String id = vector.path("id").asText();
            String skip = skipReason(vector, registry);
            if (skip != null) {
                skipped.put(id, skip);
                continue;
            }
            run++;
            JsonNode answer = JSON.readTree(given().contentType("application/json").body(vector.get("proof").toString())
                    .post("/api/v1/verify").then().statusCode(200).extract().asString());
            JsonNode expect = vector.path("expect");
            List<String> wrong = new ArrayList<>();
            if (!expect.path("result").asText().equals(answer.path("result").asText())
                    || !expect.path("code").asText().equals(answer.path("code").asText())) {
                wrong.add("answered " + answer.path("result").asText() + " " + answer.path("code").asText());
            }
            expect.path("checks").fields().forEachRemaining(check -> {
                String actual = null;
                for (JsonNode c : answer.path("checks")) {
                    if (c.path("name").asText().equals(check.getKey())) {
                        actual = c.path("code").asText();
                    }
                }
                if (!check.getValue().asText().equals(actual)) {
                    wrong.add("check " + check.getKey() + " gave " + actual + ", expected " + check.getValue().asText());
                }
            });
            ProofVectors.detailMismatches(vector, answer).forEach(wrong::add);
            if (!wrong.isEmpty()) {
                failures.add(id + " (expected " + expect.path("result").asText() + " " + expect.path("code").asText()
                        + "): " + String.join("; ", wrong));
            }
        }
        for (JsonNode bad : file.path("malformed")) {
            run++;
            String pointer = bad.path("expect").path("pointer").asText();
            JsonNode problem = JSON.readTree(given().contentType("application/json").body(bad.get("proof").toString())
                    .post("/api/v1/verify").then().statusCode(400).extract().asString());
            Set<String> pointers = new TreeSet<>();
            problem.path("errors").forEach(e -> pointers.add(e.path("pointer").asText()));
            if (!pointers.contains(pointer)) {
                failures.add("malformed " + bad.path("id").asText() + ": pointers " + pointers + ", expected " + pointer);
            }
        }
        System.out.printf("/verify ran %d vectors and malformed documents; skipped %d:%n", run, skipped.size());
        skipped.forEach((id, why) -> System.out.printf("  skipped %s: %s%n", id, why));
        assertThat(failures).as("vectors where /verify disagrees").isEmpty();
        assertThat(run + skipped.size()).isEqualTo(file.path("vectors").size() + file.path("malformed").size());
        assertThat(run).as("vectors run").isGreaterThan(file.path("vectors").size() / 2);
    }

    /** Why /verify cannot take this vector's inputs, or null when it can. */
    static String skipReason(JsonNode vector, String registry) {
        JsonNode trust = vector.path("trust");
        if (!vector.path("network").asText().equals("chain")) {
            return "network " + vector.path("network").asText() + ": /verify always asks the gateway's node";
        }
        if (vector.has("document")) {
            return "carries the document's bytes: /verify takes the proof only";
        }
        if (!registry.equalsIgnoreCase(trust.path("registry").asText())) {
            return "no trusted registry: /verify always trusts the gateway's own";
        }
        if (trust.has("validators")) {
            return "a trusted validator set: this gateway is configured without one";
        }
        if (!vector.path("proof").has("signature")) {
            return null; // key lists matter only to a signature
        }
        if (trust.has("departmentKeys")) {
            // The vectors' main registry names an issuer registry: /verify then ties keys through it (check 15)
            // and passes no key list of its own.
            return "a trusted key list: /verify ties keys through the issuer registry the registry names";
        }
        return null;
    }

    static void registerDepartments(JsonNode known) {
        QuarkusTransaction.requiringNew().run(() -> known.fields().forEachRemaining(entry -> {
            Department department = Department.findByCode(entry.getKey());
            if (department == null) {
                department = new Department();
                department.code = entry.getKey();
                department.name = "Vectors " + entry.getKey();
                department.persist();
            }
            Department owner = department;
            entry.getValue().fields().forEachRemaining(key -> {
                if (RegisteredKey.count("department = ?1 and fingerprint = ?2", owner, key.getKey()) == 0) {
                    RegisteredKey row = new RegisteredKey();
                    row.department = owner;
                    DepartmentKey parsed = DepartmentKey.parse(key.getValue().asText());
                    row.algorithm = parsed.algorithm().id();
                    row.fingerprint = parsed.fingerprint();
                    row.pem = key.getValue().asText();
                    row.certificate = false;
                    row.persist();
                }
            });
        }));
    }
}
