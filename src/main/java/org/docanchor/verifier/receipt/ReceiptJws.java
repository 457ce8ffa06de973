package org.docanchor.verifier.receipt;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;
import org.docanchor.verifier.DigestAlgorithm;
import org.docanchor.verifier.merkle.Hash32;
import org.docanchor.verifier.merkle.LeafEncoding;
import org.docanchor.verifier.signature.SignedMessage;

/**
 * Signed receipts as compact JWS (RFC 7515) with ES256 only (RFC 7518 section 3.4: ECDSA P-256 over SHA-256, the
 * signature the 64 bytes R || S, not DER). The protected header is exactly {@code {"alg":"ES256",
 * "typ":"anchor-receipt+json","kid":…}}, the kid a key of the verifier's trusted set; the payload a
 * {@link SignedReceipt}. A receipt is checked in a fixed order that the JavaScript verifier follows too
 * (docs/verification.md, "Receipts"): the algorithm, the rest of the structure, the key, the signature, the leaf,
 * then what the verifier holds (a proof, a document).
 */
public final class ReceiptJws {

    /** The {@code typ} of a receipt's header (RFC 8725 section 3.11: explicit typing). */
    public static final String TYPE = "anchor-receipt+json";

    /** Longer texts are refused unread: a receipt is about 700 characters. */
    public static final int MAX_CHARS = 8192;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern HASH = Pattern.compile("0x[0-9a-f]{64}");
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
    private static final Pattern TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");
    private static final Set<String> REQUIRED = Set.of("version", "id", "digest", "algorithm", "department", "leaf",
            "receivedAt", "iss");
    private static final Set<String> OPTIONAL = Set.of("chainId", "registry");
    private static final long MAX_SAFE_INTEGER = 9007199254740991L;

    private ReceiptJws() {
    }

    /** The compact JWS of {@code receipt}, signed with {@code key} (P-256), naming it by {@code kid}. */
    public static String sign(SignedReceipt receipt, ECPrivateKey key, String kid) {
        try {
            String header = Base64Url.encode(("{\"alg\":\"ES256\",\"typ\":\"" + TYPE + "\",\"kid\":\"" + kid + "\"}")
                    .getBytes(StandardCharsets.US_ASCII));
            String payload = Base64Url.encode(JSON.writeValueAsBytes(receipt));
            String input = header + "." + payload;
            java.security.Signature signer = java.security.Signature.getInstance("SHA256withECDSAinP1363Format");
            signer.initSign(key);
            signer.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + Base64Url.encode(signer.sign());
        } catch (JsonProcessingException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a receipt", e);
        }
    }

    /**
     * Checks {@code jws} against the trusted keys and what the verifier holds.
     *
     * @throws MalformedReceiptException when {@code jws} is not a receipt at all (structure, header, payload)
     */
    public static ReceiptVerification verify(String jws, ReceiptKeySet trusted, ReceiptExpectations expected)
            throws MalformedReceiptException {
        if (jws == null || jws.length() > MAX_CHARS) {
            throw new MalformedReceiptException("a receipt is a compact JWS of at most " + MAX_CHARS + " characters");
        }
        String[] parts = jws.split("\\.", -1);
        if (parts.length != 3) {
            throw new MalformedReceiptException("a compact JWS has three base64url parts separated by two dots, this "
                    + "has " + parts.length + " part" + (parts.length == 1 ? "" : "s"));
        }
        JsonNode header = json(parts[0], "header");
        JsonNode alg = header.get("alg");
        if (alg == null || !alg.isTextual()) {
            throw new MalformedReceiptException("the header has no alg");
        }
        if (!"ES256".equals(alg.asText())) {
            return invalid("receipt-algorithm-refused", "the receipt's alg is " + printable(alg.asText())
                    + "; receipts are signed with ES256 only", null, null);
        }
        for (Iterator<String> names = header.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!Set.of("alg", "typ", "kid").contains(name)) {
                throw new MalformedReceiptException("the header has " + printable(name)
                        + "; a receipt's header has alg, typ and kid only");
            }
        }
        if (!header.path("typ").isTextual() || !TYPE.equals(header.get("typ").asText())) {
            throw new MalformedReceiptException("the header's typ must be " + TYPE);
        }
        if (!header.path("kid").isTextual() || header.get("kid").asText().isEmpty()
                || header.get("kid").asText().length() > 128) {
            throw new MalformedReceiptException("the header's kid must be a key id (1 to 128 characters)");
        }
        String kid = header.get("kid").asText();
        SignedReceipt receipt = payload(json(parts[1], "payload"));
        byte[] signature = Base64Url.decode(parts[2]);
        if (signature == null) {
            throw new MalformedReceiptException("the signature is not base64url without padding");
        }
        if (signature.length != 64) {
            return invalid("receipt-signature-invalid", "an ES256 signature is 64 bytes (R || S, RFC 7518 section "
                    + "3.4), this one " + signature.length, kid, receipt);
        }
        ECPublicKey key = trusted.key(kid).orElse(null);
        if (key == null) {
            return invalid("receipt-key-unknown", "the receipt names key " + printable(kid) + ", not among the "
                    + "trusted receipt keys " + trusted.kids(), kid, receipt);
        }
        if (!verifies(key, (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII), signature)) {
            return invalid("receipt-signature-invalid", "the signature does not verify under key " + kid, kid,
                    receipt);
        }
        Hash32 leaf = LeafEncoding.leafHash(Hash32.fromHex(receipt.digest()), receipt.algorithm(),
                receipt.department());
        if (!leaf.toHex().equals(receipt.leaf())) {
            return invalid("receipt-leaf-mismatch", "the receipt's leaf " + receipt.leaf() + " does not commit to "
                    + "its digest, algorithm and department: they give " + leaf, kid, receipt);
        }
        String mismatch = mismatch(receipt, expected);
        if (mismatch != null) {
            return invalid("receipt-mismatch", mismatch, kid, receipt);
        }
        return new ReceiptVerification(ReceiptVerification.VALID, "receipt-valid", "receipt " + receipt.id()
                + " signed with key " + kid + ": " + receipt.iss() + " accepted digest " + receipt.digest() + " ("
                + receipt.algorithm() + ") from department " + receipt.department() + " at " + receipt.receivedAt(),
                kid, receipt);
    }

    private static String mismatch(SignedReceipt r, ReceiptExpectations e) {
        if (e.receiptId() != null && !e.receiptId().equals(r.id())) {
            return "the proof names receipt " + e.receiptId() + ", this is receipt " + r.id();
        }
        if (e.digest() != null && !e.digest().toHex().equals(r.digest())) {
            return "the receipt is for digest " + r.digest() + ", the proof for " + e.digest();
        }
        if (e.algorithm() != null && !e.algorithm().equals(r.algorithm())) {
            return "the receipt's algorithm is " + r.algorithm() + ", the proof's " + e.algorithm();
        }
        if (e.department() != null && !e.department().equals(r.department())) {
            return "the receipt's department is " + r.department() + ", the proof's " + e.department();
        }
        if (e.leaf() != null && !e.leaf().toHex().equals(r.leaf())) {
            return "the receipt's leaf is " + r.leaf() + ", the proof's " + e.leaf();
        }
        if (e.chainId() != null && r.chainId() != null && !e.chainId().equals(r.chainId())) {
            return "the receipt is for chain " + r.chainId() + ", the proof for chain " + e.chainId();
        }
        if (e.registry() != null && r.registry() != null && !e.registry().equalsIgnoreCase(r.registry())) {
            return "the receipt is for registry " + r.registry() + ", the proof for " + e.registry();
        }
        if (e.document() != null) {
            Hash32 computed = DigestAlgorithm.fromId(r.algorithm()).orElseThrow().hash(e.document());
            if (!computed.toHex().equals(r.digest())) {
                return "the document hashes to " + computed + " under " + r.algorithm() + ", the receipt says "
                        + r.digest();
            }
        }
        return null;
    }

    private static boolean verifies(ECPublicKey key, byte[] input, byte[] signature) {
        try {
            java.security.Signature verifier = java.security.Signature.getInstance("SHA256withECDSAinP1363Format");
            verifier.initVerify(key);
            verifier.update(input);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            // An out-of-range R or S is a signature that does not verify.
            return false;
        }
    }

    private static ReceiptVerification invalid(String code, String detail, String kid, SignedReceipt receipt) {
        return new ReceiptVerification(ReceiptVerification.INVALID, code, detail, kid, receipt);
    }

    private static JsonNode json(String part, String what) throws MalformedReceiptException {
        byte[] bytes = Base64Url.decode(part);
        if (bytes == null || bytes.length == 0) {
            throw new MalformedReceiptException("the " + what + " is not base64url without padding");
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isObject()) {
                throw new MalformedReceiptException("the " + what + " is not a JSON object");
            }
            return node;
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new MalformedReceiptException("the " + what + " is not UTF-8");
        } catch (JsonProcessingException e) {
            throw new MalformedReceiptException("the " + what + " is not " + jsonProblem(e));
        }
    }

    /** What is wrong with the JSON, in words of the format: the parser's own message names Java classes. */
    public static String jsonProblem(JsonProcessingException e) {
        String message = String.valueOf(e.getOriginalMessage());
        com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
        String where = at == null || at.getColumnNr() < 1 ? "" : " (character " + at.getColumnNr() + ")";
        if (message.startsWith("Duplicate field")) {
            return "one JSON object: a key is given twice" + where;
        }
        if (message.startsWith("Trailing token")) {
            return "one JSON object: something follows it" + where;
        }
        return "JSON" + where;
    }

    private static SignedReceipt payload(JsonNode p) throws MalformedReceiptException {
        for (Iterator<String> names = p.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!REQUIRED.contains(name) && !OPTIONAL.contains(name)) {
                throw new MalformedReceiptException("the payload has " + printable(name) + ", not a receipt field");
            }
        }
        for (String name : REQUIRED) {
            if (!p.has(name)) {
                throw new MalformedReceiptException("the payload has no " + name);
            }
        }
        JsonNode version = p.get("version");
        if (!version.isIntegralNumber() || !version.canConvertToLong() || version.asLong() != SignedReceipt.VERSION) {
            throw new MalformedReceiptException("the payload's version must be " + SignedReceipt.VERSION
                    + " (receipt format version 1)");
        }
        String id = text(p, "id", UUID, "a UUID in lower case");
        String digest = text(p, "digest", HASH, "0x and 64 lower-case hex digits");
        String algorithm = text(p, "algorithm", null, "a digest algorithm");
        if (DigestAlgorithm.fromId(algorithm).isEmpty()) {
            throw new MalformedReceiptException("/algorithm: not a digest algorithm of the gateway");
        }
        String department = text(p, "department", null, "a department code");
        if (!SignedMessage.isDepartmentCode(department)) {
            throw new MalformedReceiptException("/department: not a department code (1 to 32 of A-Z 0-9 -)");
        }
        String leaf = text(p, "leaf", HASH, "0x and 64 lower-case hex digits");
        String receivedAt = text(p, "receivedAt", TIME, "a UTC time such as 2026-11-23T10:15:30.123456Z");
        try {
            // Strict fields: Instant.parse alone takes 24:00:00 and a leap second 23:59:60, which no receipt has.
            java.time.LocalDateTime.parse(receivedAt.substring(0, receivedAt.length() - 1));
            Instant.parse(receivedAt);
        } catch (DateTimeParseException e) {
            throw new MalformedReceiptException("/receivedAt: not a time");
        }
        String iss = text(p, "iss", null, "the gateway's name");
        if (iss.isEmpty() || iss.length() > 256) {
            throw new MalformedReceiptException("/iss: 1 to 256 characters");
        }
        Long chainId = null;
        if (p.has("chainId")) {
            JsonNode c = p.get("chainId");
            if (!c.isIntegralNumber() || !c.canConvertToLong() || c.asLong() < 1 || c.asLong() > MAX_SAFE_INTEGER) {
                throw new MalformedReceiptException("/chainId: an integer from 1 to 2^53 - 1");
            }
            chainId = c.asLong();
        }
        String registry = p.has("registry") ? text(p, "registry", ADDRESS, "0x and 40 hex digits") : null;
        return new SignedReceipt(SignedReceipt.VERSION, id, digest, algorithm, department, leaf, receivedAt, chainId,
                registry, iss);
    }

    private static String text(JsonNode p, String name, Pattern pattern, String what)
            throws MalformedReceiptException {
        JsonNode value = p.get(name);
        if (!value.isTextual() || pattern != null && !pattern.matcher(value.asText()).matches()) {
            throw new MalformedReceiptException("/" + name + ": must be " + what);
        }
        return value.asText();
    }

    /** A short printable text as it is; anything else by its length, so that messages stay one line. */
    private static String printable(String text) {
        return text.length() <= 64 && text.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? "\"" + text + "\""
                : "a text of " + text.length() + " characters";
    }
}
