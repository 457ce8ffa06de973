package org.docanchor.gateway.proof;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.docanchor.gateway.testing.Problems.assertProblem;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Map;
import javax.imageio.ImageIO;
import org.docanchor.gateway.identity.ApiKeys;
import org.docanchor.gateway.testing.Departments;
import org.docanchor.gateway.testing.Digests;
import org.docanchor.gateway.testing.LocalStackTestResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** QR codes of verification links: what they encode, in both formats, and every refusal. */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class QrCodeTest {

    @Inject
    ApiKeys apiKeys;

    Departments.TestDepartment department;

    @BeforeEach
    void department() {
        department = Departments.create(apiKeys, "QR");
    }

    @Test
    void thePngDecodesToTheVerificationLink_andTheSvgCarriesItAsTitle() throws Exception {
        String digest = Digests.random();
        given().header("Authorization", "Bearer " + department.key()).contentType(ContentType.JSON)
                .body(Map.of("digest", digest, "algorithm", "sha256")).post("/api/v1/documents").then().statusCode(202);
        String link = "http://localhost:8081/verify?digest=" + digest + "&department=" + department.code();

        byte[] png = given().get("/api/v1/documents/" + digest + "/qr?format=png&size=300").then().statusCode(200)
                .contentType("image/png").header("Cache-Control", "public, max-age=86400").extract().asByteArray();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isBetween(150, 300);
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        String decoded = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels)))).getText();
        assertThat(decoded).isEqualTo(link);

        String svg = given().get("/api/v1/documents/" + digest + "/qr").then().statusCode(200)
                .contentType("image/svg+xml").extract().asString();
        assertThat(svg).startsWith("<svg").contains("<title>Verify this document: " + link.replace("&", "&amp;"));
        assertThat(given().get("/api/v1/documents/" + digest.toUpperCase().replace("0X", "0x") + "/qr?format=svg")
                .then().statusCode(200).extract().asString()).isEqualTo(svg);
    }

    @Test
    void refusals() {
        assertProblem(given().get("/api/v1/documents/" + Digests.random() + "/qr"), 404, "unknown-digest");
        assertProblem(given().get("/api/v1/documents/0x12/qr"), 400, "invalid-digest");
        String digest = Digests.random();
        given().header("Authorization", "Bearer " + department.key()).contentType(ContentType.JSON)
                .body(Map.of("digest", digest, "algorithm", "sha256")).post("/api/v1/documents").then().statusCode(202);
        assertProblem(given().get("/api/v1/documents/" + digest + "/qr?format=gif"), 400, "invalid-parameter");
        assertProblem(given().get("/api/v1/documents/" + digest + "/qr?format=png&size=10"), 400, "invalid-parameter");
        assertProblem(given().get("/api/v1/documents/" + digest + "/qr?format=png&size=99999"), 400,
                "invalid-parameter");
        assertProblem(given().get("/api/v1/documents/" + digest + "/qr?size=300"), 400, "invalid-parameter");
        assertProblem(given().get("/api/v1/documents/" + digest + "/qr?department=NOBODY"), 404, "unknown-digest");
        // A department that is no code never reaches the database, nor the answer (proofs and QR codes alike).
        for (String department : java.util.List.of("%00", "A%00B", "%e2%80%aeDEMO", "demo", "X".repeat(33), "-DEMO")) {
            for (String path : java.util.List.of("/api/v1/proofs/" + digest, "/api/v1/documents/" + digest + "/qr")) {
                io.restassured.response.Response answer = given().urlEncodingEnabled(false)
                        .get(path + "?department=" + department);
                assertProblem(answer, 400, "invalid-parameter");
                assertThat(answer.asString()).doesNotContain(department);
            }
        }
    }
}
