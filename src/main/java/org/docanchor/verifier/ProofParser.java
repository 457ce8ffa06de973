package org.docanchor.verifier;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.docanchor.verifier.merkle.Hash32;

/**
 * Reads a proof document from JSON text: strict JSON, then the JSON Schema of its version (docs/proof.schema.json,
 * docs/proof-v1.schema.json, packaged as {@code org/docanchor/verifier/schema/}), then the rules a schema cannot
 * state.
 *
 * <ul>
 *   <li>JSON: one value and nothing after it; no object key twice (which of two values would a verifier check?);
 *       at most {@link #MAX_CHARS} characters.
 *   <li>Schema: JSON Schema 2020-12 with format assertions on ({@code "2026-02-30T00:00:00Z"} is not a date-time).
 *   <li>Integers are written as integers: {@code 1.0} and {@code 1e0} are refused wherever they appear (JSON Schema
 *       counts them as integers; no field of the format is a fraction). Integers stay within 2^53 - 1, the largest
 *       every verifier (JavaScript included) reads exactly.
 *   <li>{@code version}: an integer from 3 to 2^53 - 1 is not malformed: the document is returned for the verdict
 *       UNDETERMINED {@code unsupported-version}, unread beyond its version. A version below 1 is malformed.
 * </ul>
 */
public final class ProofParser {

    /** Larger documents are refused unread: a full version 2 proof is under 700 KB (the schema's limits). */
    public static final int MAX_CHARS = 2 * 1024 * 1024;

    /** The largest integer every verifier reads exactly (JavaScript's Number.MAX_SAFE_INTEGER). */
    static final long MAX_SAFE_INTEGER = 9007199254740991L;

    static final String SCHEMA_V1 = "org/docanchor/verifier/schema/proof-v1.schema.json";
    static final String SCHEMA_V2 = "org/docanchor/verifier/schema/proof.schema.json";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    /** Loaded on first use: a command-line run reads one version only. */
    private static final class V1 {
        static final JsonSchema SCHEMA = load(SCHEMA_V1);
    }

    private static final class V2 {
        static final JsonSchema SCHEMA = load(SCHEMA_V2);
    }
    private static final HexFormat HEX = HexFormat.of();

    private ProofParser() {
    }

    /** Reads UTF-8 bytes; invalid UTF-8 is malformed. */
    public static ProofDocument parse(byte[] utf8) throws MalformedProofException {
        var decoder = StandardCharsets.UTF_8.newDecoder();
        try {
            return parse(decoder.decode(java.nio.ByteBuffer.wrap(utf8)).toString());
        } catch (java.nio.charset.CharacterCodingException e) {
            throw malformed("", "the document is not UTF-8 text");
        }
    }

    public static ProofDocument parse(String json) throws MalformedProofException {
        if (json.length() > MAX_CHARS) {
            throw malformed("", "the document has " + json.length() + " characters, more than " + MAX_CHARS);
        }
        JsonNode tree;
        try (JsonParser parser = JSON.createParser(json)) {
            try {
                tree = JSON.readTree(parser);
            } catch (JsonProcessingException e) {
                throw malformed(pointer(parser), jsonError(e) + location(e));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading a string cannot fail", e);
        }
        if (tree == null || tree.isMissingNode()) {
            throw malformed("", "the document is empty");
        }
        return parse(tree);
    }

    /** Validates an already parsed tree (parsed as strictly as {@link #parse(String)} does) and reads it. */
    public static ProofDocument parse(JsonNode tree) throws MalformedProofException {
        if (!tree.isObject()) {
            throw malformed("", "a proof document is a JSON object, got " + tree.getNodeType().toString()
                    .toLowerCase(Locale.ROOT));
        }
        JsonNode version = tree.get("version");
        // 3 to 2^53 - 1: a version this verifier does not read. Anything else but 1 and 2 (missing, "2", 2.0, 0,
        // 2^53) is malformed; the version 2 schema says so at /version.
        boolean integral = version != null && version.isIntegralNumber();
        if (integral && version.bigIntegerValue().compareTo(BigInteger.valueOf(3)) >= 0
                && version.bigIntegerValue().compareTo(BigInteger.valueOf(MAX_SAFE_INTEGER)) <= 0) {
            return unsupported(version.bigIntegerValue(), tree);
        }
        boolean v1 = integral && version.bigIntegerValue().equals(BigInteger.ONE);
        List<MalformedProofException.Problem> problems = new ArrayList<>();
        // Numbers first: the schema library spends seconds on a number like 1e999999, so a proof with a number
        // no verifier reads is refused before it gets there.
        numbers(tree, "", problems);
        if (problems.isEmpty()) {
            for (ValidationMessage message : (v1 ? V1.SCHEMA : V2.SCHEMA).validate(tree)) {
                problems.add(problem(message));
            }
        }
        if (!problems.isEmpty()) {
            throw sorted(problems);
        }
        return read(tree, v1);
    }

    private static ProofDocument read(JsonNode t, boolean v1) throws MalformedProofException {
        List<MalformedProofException.Problem> problems = new ArrayList<>();
        ProofDocument.Status status = ProofDocument.Status.valueOf(t.get("status").textValue());
        ProofDocument.AnchorProof anchorProof = null;
        if (t.has("anchorProof")) {
            anchorProof = new ProofDocument.AnchorProof(bytesList(t.get("anchorProof").get("accountProof")),
                    bytesList(t.get("anchorProof").get("storageProof")));
        }
        ProofDocument.Signature signature = null;
        if (t.has("signature")) {
            JsonNode s = t.get("signature");
            signature = new ProofDocument.Signature(s.get("algorithm").textValue(),
                    s.get("publicKeyFingerprint").textValue(), s.get("publicKey").textValue(), s.get("value").textValue());
        }
        ProofDocument.Revocation revocation = null;
        List<String> ignored = new ArrayList<>();
        if (v1) {
            for (String name : List.of("departmentName", "receivedAt", "revocation")) {
                if (t.has(name)) {
                    ignored.add(name);
                }
            }
        } else if (t.has("revocation")) {
            JsonNode r = t.get("revocation");
            ProofDocument.Replacement replacement = null;
            if (r.has("replacement")) {
                replacement = new ProofDocument.Replacement(hash(r.get("replacement").get("digest")),
                        algorithm(r.get("replacement").get("algorithm")));
            }
            revocation = new ProofDocument.Revocation(r.get("reason").textValue(),
                    instant(r.get("revokedAt"), "/revocation/revokedAt", problems),
                    integer(r.get("blockNumber")),
                    r.has("replacementLeaf") ? hash(r.get("replacementLeaf")) : null, replacement);
        }
        List<Hash32> path = null;
        if (t.has("path")) {
            path = new ArrayList<>();
            for (JsonNode h : t.get("path")) {
                path.add(hash(h));
            }
        }
        ProofDocument proof = new ProofDocument(
                t.get("version").bigIntegerValue(),
                status,
                hash(t.get("digest")),
                algorithm(t.get("algorithm")),
                t.get("department").textValue(),
                t.has("leaf") ? hash(t.get("leaf")) : null,
                path,
                t.has("root") ? hash(t.get("root")) : null,
                t.has("batchId") ? integer(t.get("batchId")) : null,
                t.has("chainId") ? integer(t.get("chainId")) : null,
                t.has("registry") ? t.get("registry").textValue() : null,
                t.has("txHash") ? hash(t.get("txHash")) : null,
                t.has("blockNumber") ? integer(t.get("blockNumber")) : null,
                t.has("blockHash") ? hash(t.get("blockHash")) : null,
                t.has("blockTime") ? instant(t.get("blockTime"), "/blockTime", problems) : null,
                t.has("consensus") ? t.get("consensus").textValue() : null,
                t.has("blockHeader") ? bytes(t.get("blockHeader")) : null,
                anchorProof,
                // A version 1 receivedAt is informative; it is still shown for a PENDING document.
                t.has("receivedAt") ? instant(t.get("receivedAt"), "/receivedAt", problems) : null,
                t.has("expectedAnchoringBy") ? instant(t.get("expectedAnchoringBy"), "/expectedAnchoringBy", problems)
                        : null,
                signature,
                revocation,
                t.has("receiptId") ? t.get("receiptId").textValue() : null,
                ignored);
        if (!problems.isEmpty()) {
            throw sorted(problems);
        }
        return proof;
    }

    /** A version this verifier does not read: kept for the verdict, with what can be shown of the document. */
    private static ProofDocument unsupported(BigInteger version, JsonNode t) {
        Hash32 digest = null;
        if (t.path("digest").isTextual() && t.get("digest").textValue().matches("0x[0-9a-f]{64}")) {
            digest = hash(t.get("digest"));
        }
        DigestAlgorithm algorithm = t.path("algorithm").isTextual()
                ? DigestAlgorithm.fromId(t.get("algorithm").textValue()).orElse(null) : null;
        String department = t.path("department").isTextual()
                && t.get("department").textValue().matches("[A-Z0-9][A-Z0-9-]{0,31}")
                ? t.get("department").textValue() : null;
        return new ProofDocument(version, null, digest, algorithm, department, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, List.of());
    }

    /** Every number must be an integer token within the safe range; the schema cannot say so. */
    private static void numbers(JsonNode node, String pointer, List<MalformedProofException.Problem> problems) {
        if (node.isNumber()) {
            if (!node.isIntegralNumber()) {
                problems.add(new MalformedProofException.Problem(pointer, node.asText()
                        + " is not an integer: numbers in a proof are integers, written without a fraction or exponent"));
            } else if (node.bigIntegerValue().abs().compareTo(BigInteger.valueOf(MAX_SAFE_INTEGER)) > 0) {
                problems.add(new MalformedProofException.Problem(pointer, node.asText()
                        + " is larger than " + MAX_SAFE_INTEGER + ", the largest integer every verifier reads exactly"));
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                numbers(e.getValue(), pointer + "/" + escape(e.getKey()), problems);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                numbers(node.get(i), pointer + "/" + i, problems);
            }
        }
    }

    private static MalformedProofException.Problem problem(ValidationMessage message) {
        String pointer = message.getInstanceLocation().toString();
        if (pointer.equals("/") || pointer.equals("$")) {
            pointer = "";
        }
        // "required", "additionalProperties" and "dependentRequired" are reported at the object; point at the
        // property that is missing or not allowed instead (docs/verification.md: pointers name the field itself).
        String property = message.getProperty();
        if ("dependentRequired".equals(message.getType()) && message.getArguments() != null
                && message.getArguments().length > 0) {
            // The message's first argument is the missing property; getProperty() is the one that requires it.
            property = String.valueOf(message.getArguments()[0]);
        }
        if (property != null && ("required".equals(message.getType()) || "additionalProperties".equals(message.getType())
                || "dependentRequired".equals(message.getType()))) {
            pointer = pointer + "/" + escape(property);
        }
        String text = message.getMessage();
        // The library prefixes its message with the instance location; the pointer is reported on its own.
        String prefix = message.getInstanceLocation().toString() + ": ";
        if (text.startsWith(prefix)) {
            text = text.substring(prefix.length());
        }
        return new MalformedProofException.Problem(pointer, text);
    }

    private static MalformedProofException sorted(List<MalformedProofException.Problem> problems) {
        Set<MalformedProofException.Problem> unique = new LinkedHashSet<>(problems);
        List<MalformedProofException.Problem> list = new ArrayList<>(unique);
        list.sort(Comparator.comparing(MalformedProofException.Problem::pointer));
        return new MalformedProofException(list);
    }

    private static MalformedProofException malformed(String pointer, String message) {
        return new MalformedProofException(List.of(new MalformedProofException.Problem(pointer, message)));
    }

    private static Hash32 hash(JsonNode node) {
        return Hash32.fromHex(node.textValue());
    }

    private static DigestAlgorithm algorithm(JsonNode node) {
        return DigestAlgorithm.fromId(node.textValue()).orElseThrow();
    }

    private static byte[] bytes(JsonNode node) {
        String hex = node.textValue();
        return HEX.parseHex(hex, 2, hex.length());
    }

    private static List<byte[]> bytesList(JsonNode array) {
        List<byte[]> out = new ArrayList<>();
        for (JsonNode node : array) {
            out.add(bytes(node));
        }
        return out;
    }

    /** numbers() has refused anything that is not an integer within the safe range already. */
    private static long integer(JsonNode node) {
        return node.longValue();
    }

    /** RFC 3339 date-time (validated by the schema's format) to an instant; offsets are allowed in version 1. */
    private static Instant instant(JsonNode node, String pointer, List<MalformedProofException.Problem> problems) {
        String text = node.textValue();
        try {
            return OffsetDateTime.parse(text.toUpperCase(Locale.ROOT)).toInstant();
        } catch (DateTimeParseException e) {
            problems.add(new MalformedProofException.Problem(pointer, "\"" + text
                    + "\" is not a date-time this verifier can read (RFC 3339, e.g. 2026-11-23T10:15:34Z)"));
            return null;
        }
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static String pointer(JsonParser parser) {
        JsonStreamContext context = parser.getParsingContext();
        if (context == null) {
            return "";
        }
        return context.pathAsPointer().toString();
    }

    /**
     * What is wrong with the JSON text, in words of the format: the parser's own message names its library,
     * its features and Java types, which mean nothing to whoever wrote the proof (and must not reach a client).
     */
    static String jsonError(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        java.util.regex.Matcher duplicate = DUPLICATE.matcher(message);
        if (duplicate.find()) {
            return "not JSON for a proof: the key \"" + duplicate.group(1) + "\" appears twice in one object";
        }
        if (message.startsWith("Trailing token")) {
            return "not JSON for a proof: there is content after the end of the JSON value";
        }
        for (String cut : List.of("\n", " (start marker", " (bound as", " at [Source", "; not allowed as per")) {
            int at = message.indexOf(cut);
            if (at >= 0) {
                message = message.substring(0, at);
            }
        }
        message = message.replaceAll("`[^`]*`", "").strip();
        String lower = message.toLowerCase(Locale.ROOT);
        if (message.isEmpty() || lower.contains("jackson") || lower.contains("java.") || lower.contains("exception")
                || lower.contains("feature")) {
            return "not JSON";
        }
        return "not JSON: " + message;
    }

    private static final Pattern DUPLICATE = Pattern.compile("^Duplicate field '(.*)'");

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }

    private static JsonSchema load(String resource) {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .formatAssertionsEnabled(true)
                .pathType(PathType.JSON_POINTER)
                .locale(Locale.ENGLISH)
                .build();
        try (InputStream in = ProofParser.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the proof schema " + resource + " is not on the class path");
            }
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the proof schema " + resource, e);
        }
    }

}
