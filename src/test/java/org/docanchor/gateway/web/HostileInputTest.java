package org.docanchor.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.docanchor.gateway.identity.ApiKeys;
import org.docanchor.gateway.identity.Roles;
import org.docanchor.gateway.testing.LocalStackTestResource;
import org.junit.jupiter.api.Test;

/**
 * Hostile input against every write endpoint: a generated corpus (seeded, so reproducible) of wrong types, broken
 * JSON, huge and deeply nested bodies, unicode tricks, invalid UTF-8, header and path abuse and absurd proofs.
 * Credentials are valid and hold the endpoint's role (except in the credential family), so the input is what is
 * tested. Every answer must be: never 5xx; 4xx as an RFC 9457 problem document; no internals and never the
 * presented API key in the body. Violations are collected and reported together.
 *
 * <p>Answers allowed to escape the problem format (produced by the HTTP layer before the application sees the
 * request; checked to be 4xx only): see {@link #HTTP_LAYER_STATUSES}.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class HostileInputTest {

    /**
     * Statuses that Vert.x itself answers, with an empty body and no Content-Type, before the application sees the
     * request. Observed on 2026-11-23 (18 of ~2,550 cases): 414 for a request line over 4 KiB (10,000-character
     * path parameters, a 5,000-character key prefix); 400 for paths it cannot decode ({@code %}, {@code %zz},
     * {@code %u0000}, a bare space) and for conflicting or unreadable framing (two Content-Length headers,
     * Content-Length -1 or 99999999999999999999, Transfer-Encoding chunked with Content-Length). 431 is allowed
     * too but was not seen: 8-9 KB header values reach the application and get a problem document. Such answers
     * are accepted only when 4xx and not JSON-looking; everything the application answers must be a problem.
     */
    static final java.util.Set<Integer> HTTP_LAYER_STATUSES = java.util.Set.of(400, 414, 431);

    private static final long SEED = 20261123L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RAW = "@@RAW@@";
    private static final List<String> INTERNALS = List.of("exception", "java.", "org.docanchor", "at org.",
            "sqlstate", "jdbc", "hibernate", "org.postgresql", "io.vertx", "io.quarkus", "jackson", "caused by");
    private static final Pattern API_KEY = Pattern.compile("agk_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{20,}");
    private static final Pattern STACK_FRAME = Pattern.compile("\\bat [\\w$.]+\\([\\w$]+\\.java:\\d+\\)");

    @Inject
    ApiKeys apiKeys;

    @TestHTTPResource("/")
    URL base;

    Random random;
    String deptKey;
    String adminKey;
    String deptCode;
    String keyDeptCode;
    String existingDigest;

    enum Auth { DEPARTMENT, ADMIN, PUBLIC }

    /**
     * REJECT: must be 4xx. ANY: 2xx or 4xx (the input may be acceptable). Never 5xx in either case. TSA_REJECTION:
     * a 4xx problem, or 200 with an RFC 3161 TimeStampResp of status rejection (how the time-stamping authority
     * refuses a request that reached it). TSA_ANY: a 4xx problem, or 200 with a TimeStampResp of any status.
     */
    enum Expect { REJECT, ANY, TSA_REJECTION, TSA_ANY }

    enum Kind { STR, STR_OPT, LONG, INT, LIST, INSTANT }

    record Field(String name, Kind kind, boolean required) {
    }

    record Endpoint(String name, String method, String path, Auth auth, Supplier<ObjectNode> valid, List<Field> fields) {
    }

    record Case(String name, String method, String path, List<String[]> headers, byte[] body, Expect expect,
            String presentedKey, boolean raw) {
    }

    record Outcome(int status, String contentType, String body, byte[] bytes) {

        Outcome(int status, String contentType, String body) {
            this(status, contentType, body, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // corpus

    List<Endpoint> endpoints() {
        List<Field> proofFields = List.of(new Field("version", Kind.INT, true), new Field("status", Kind.STR, true),
                new Field("digest", Kind.STR, true), new Field("algorithm", Kind.STR, true),
                new Field("department", Kind.STR, true), new Field("leafEncoding", Kind.LIST, true),
                new Field("leaf", Kind.STR, true), new Field("path", Kind.LIST, true),
                new Field("root", Kind.STR, true), new Field("batchId", Kind.LONG, true),
                new Field("chainId", Kind.LONG, true), new Field("registry", Kind.STR, true),
                new Field("txHash", Kind.STR_OPT, false), new Field("blockNumber", Kind.LONG, true),
                new Field("blockHash", Kind.STR, true), new Field("blockTime", Kind.INSTANT, true),
                new Field("consensus", Kind.STR_OPT, false));
        List<Field> keyFields = List.of(new Field("roles", Kind.LIST, true), new Field("expiresAt", Kind.INSTANT, false),
                new Field("label", Kind.STR_OPT, false));
        return List.of(
                new Endpoint("documents", "POST", "/api/v1/documents", Auth.DEPARTMENT, this::validDocument,
                        List.of(new Field("digest", Kind.STR, true), new Field("algorithm", Kind.STR, true),
                                new Field("reference", Kind.STR_OPT, false))),
                new Endpoint("bulk", "POST", "/api/v1/documents/bulk", Auth.DEPARTMENT, this::validBulk,
                        List.of(new Field("documents", Kind.LIST, true))),
                new Endpoint("verify", "POST", "/api/v1/verify", Auth.PUBLIC, this::validProof, proofFields),
                new Endpoint("departments", "POST", "/api/v1/admin/departments", Auth.ADMIN, this::validDepartment,
                        List.of(new Field("code", Kind.STR, true), new Field("name", Kind.STR, true))),
                new Endpoint("dept-keys", "POST", "/api/v1/admin/departments/{code}/keys", Auth.ADMIN,
                        () -> key(Roles.SUBMITTER), keyFields),
                new Endpoint("operator-keys", "POST", "/api/v1/admin/keys", Auth.ADMIN, () -> key(Roles.AUDITOR),
                        keyFields),
                new Endpoint("revocation", "POST", "/api/v1/documents/{digest}/revocation", Auth.DEPARTMENT,
                        this::validRevocation, List.of(new Field("reason", Kind.STR, true),
                                new Field("replacement", Kind.STR_OPT, false))),
                // The optional proof is a proof document: the "verify" endpoint above covers its hostile forms.
                new Endpoint("receipt-verify", "POST", "/api/v1/receipts/verify", Auth.PUBLIC, this::validReceipt,
                        List.of(new Field("receipt", Kind.STR, true))),
                new Endpoint("webhooks", "POST", "/api/v1/admin/webhooks", Auth.ADMIN, this::validWebhook,
                        List.of(new Field("department", Kind.STR, true), new Field("url", Kind.STR, true),
                                new Field("eventTypes", Kind.LIST, true), new Field("description", Kind.STR_OPT, false))));
    }

    String path(Endpoint e) {
        return e.path().replace("{code}", keyDeptCode).replace("{digest}", existingDigest);
    }

    String digest() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return "0x" + HexFormat.of().formatHex(bytes);
    }

    ObjectNode validDocument() {
        return JSON.createObjectNode().put("digest", digest()).put("algorithm", "sha256").put("reference", "ref 1");
    }

    ObjectNode validBulk() {
        ObjectNode node = JSON.createObjectNode();
        node.putArray("documents").add(validDocument()).add(validDocument());
        return node;
    }

    ObjectNode validProof() {
        ObjectNode node = JSON.createObjectNode().put("version", 2).put("status", "ANCHORED").put("digest", digest())
                .put("algorithm", "sha256").put("department", "DEMO").put("leaf", digest());
        node.putArray("leafEncoding").add("bytes32").add("string").add("string");
        node.putArray("path").add(digest()).add(digest());
        return node.put("root", digest()).put("batchId", 42).put("chainId", 1337)
                .put("registry", "0x5fbdb2315678afecb367f032d93f642f64180aa3").put("txHash", digest())
                .put("blockNumber", 1234).put("blockHash", digest()).put("blockTime", "2026-11-23T10:15:34Z")
                .put("consensus", "none");
    }

    /** A well-formed receipt (of the shared vectors, so signed by a key this gateway does not trust: INVALID). */
    ObjectNode validReceipt() {
        try {
            JsonNode vectors = JSON.readTree(java.nio.file.Files.readString(
                    java.nio.file.Path.of("docs/vectors/receipt-vectors.json")));
            return JSON.createObjectNode().put("receipt", vectors.get("vectors").get(0).get("receipt").asText());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    ObjectNode validDepartment() {
        return JSON.createObjectNode().put("code", "HX-" + Integer.toString(random.nextInt(1 << 30), 36).toUpperCase())
                .put("name", "Hostile department");
    }

    ObjectNode key(String role) {
        ObjectNode node = JSON.createObjectNode();
        node.putArray("roles").add(role);
        return node.put("expiresAt", "2099-01-01T00:00:00Z").put("label", "hostile");
    }

    /** A webhook endpoint that never receives anything (batch.failed only, a closed local port). */
    ObjectNode validWebhook() {
        ObjectNode node = JSON.createObjectNode().put("department", deptCode).put("url", "http://127.0.0.1:9/hook");
        node.putArray("eventTypes").add("batch.failed");
        return node.put("description", "hostile");
    }

    ObjectNode validRevocation() {
        return JSON.createObjectNode().put("reason", "superseded").put("replacement", digest());
    }

    /** Raw JSON values of every type, with whether each one is acceptable for a field kind. */
    static final List<String> WRONG_TYPES = List.of("123", "-0", "0", "-1", "1.5", "1e999999", "-1e999999",
            "99999999999999999999999999999999999999", "9223372036854775808", "true", "false", "null", "[]",
            "[\"a\"]", "[1,2]", "[[[[[]]]]]", "{}", "{\"x\":{\"y\":[1]}}", "\"\"", "\"x\"", "\"NaN\"", "\"Infinity\"",
            "\"-0\"", "\"1e999999\"", "NaN", "Infinity", "0x10", "01");

    static boolean isStringLiteral(String raw) {
        return raw.startsWith("\"");
    }

    static boolean isMalformedLiteral(String raw) {
        return raw.equals("NaN") || raw.equals("Infinity") || raw.equals("0x10") || raw.equals("01");
    }

    Expect typeExpectation(Field field, String raw) {
        if (isMalformedLiteral(raw)) {
            return Expect.REJECT;
        }
        if (raw.equals("null")) {
            return field.required() ? Expect.REJECT : Expect.ANY;
        }
        return switch (field.kind()) {
            case STR, STR_OPT -> isStringLiteral(raw) ? Expect.ANY : Expect.REJECT;
            case LIST -> raw.startsWith("[") ? Expect.ANY : Expect.REJECT;
            case LONG, INT -> raw.startsWith("[") || raw.startsWith("{") || raw.equals("true") || raw.equals("false")
                    || raw.contains("e999999") || raw.contains("NaN") || raw.contains("Infinity")
                    || raw.equals("99999999999999999999999999999999999999") || raw.equals("\"x\"")
                    || (raw.equals("\"\"") && field.required()) // "" reads as null: fine where the field is optional
                    ? Expect.REJECT : Expect.ANY;
            case INSTANT -> Expect.ANY;
        };
    }

    List<Case> corpus() {
        random = new Random(SEED);
        List<Case> cases = new ArrayList<>();
        for (Endpoint e : endpoints()) {
            String path = path(e);
            // wrong types for every field
            for (Field f : e.fields()) {
                for (String raw : WRONG_TYPES) {
                    cases.add(json(e, e.name() + " /" + f.name() + " = " + abbreviate(raw), path,
                            withRaw(e.valid().get(), f.name(), raw), typeExpectation(f, raw)));
                }
                ObjectNode missing = e.valid().get();
                missing.remove(f.name());
                cases.add(json(e, e.name() + " missing /" + f.name(), path, missing.toString(),
                        f.required() ? Expect.REJECT : Expect.ANY));
            }
            if (e.name().equals("bulk")) {
                // the item fields, inside the array
                for (String item : List.of("digest", "algorithm", "reference")) {
                    for (String raw : WRONG_TYPES) {
                        ObjectNode body = validBulk();
                        ((ObjectNode) body.get("documents").get(1)).put(item, RAW);
                        Field f = new Field(item, item.equals("reference") ? Kind.STR_OPT : Kind.STR,
                                !item.equals("reference"));
                        cases.add(json(e, "bulk /documents/1/" + item + " = " + abbreviate(raw), path,
                                body.toString().replace("\"" + RAW + "\"", raw), typeExpectation(f, raw)));
                    }
                }
                for (String raw : List.of("null", "1", "\"x\"", "[]", "[1]", "{\"documents\":[]}")) {
                    cases.add(json(e, "bulk item = " + raw, path,
                            "{\"documents\":[" + validDocument() + "," + raw + "]}", Expect.REJECT));
                }
            }
            // extra and duplicate fields
            for (String extra : List.of("\"owner\":\"x\"", "\"__proto__\":{\"admin\":true}",
                    "\"constructor\":{\"prototype\":{\"x\":1}}", "\"@class\":\"a.b.C\"", "\"\":1",
                    "\"roles \":[\"admin\"]", "\"id\":\"00000000-0000-0000-0000-000000000000\"", "\"department\":\"DEMO\"",
                    "\"" + "k".repeat(5000) + "\":1")) {
                String name = extra.substring(1, Math.min(extra.indexOf('"', 1), 20));
                if (e.name().equals("verify") && name.equals("department")) {
                    continue;
                }
                String body = e.valid().get().toString();
                cases.add(json(e, e.name() + " extra field " + name, path,
                        body.substring(0, body.length() - 1) + "," + extra + "}", Expect.REJECT));
            }
            for (Field f : e.fields()) {
                String body = e.valid().get().toString();
                cases.add(json(e, e.name() + " duplicate /" + f.name(), path,
                        body.substring(0, body.length() - 1) + ",\"" + f.name() + "\":\"dup\"}", Expect.ANY));
            }
            // top-level shapes, empty and whitespace bodies, malformed JSON
            for (String body : List.of("{}", "[]", "[{}]", "\"str\"", "123", "null", "true", "", "   ", " \r\n\t ",
                    "{", "}", "{\"a\":", "{'digest':'x'}", "{digest:1}", "{\"a\":1,}", "{\"a\":1}}", "{\"a\" 1}",
                    "/* c */{}", "{\"a\":\"\\x\"}", "{\"a\":\"unterminated}", "\uFEFF{}", "{\"a\":1e}", "{\"a\":-}",
                    "{\"a\":tru}", "\u0000", "{\"a\":\"b\"}\u0000")) {
                cases.add(json(e, e.name() + " body " + abbreviate(body), path, body, Expect.REJECT));
            }
            String validBody = e.valid().get().toString();
            cases.add(json(e, e.name() + " trailing garbage", path, validBody + " xyz", Expect.REJECT));
            cases.add(json(e, e.name() + " two objects", path, validBody + validBody, Expect.REJECT));
            cases.add(json(e, e.name() + " trailing NUL", path, validBody + "\u0000", Expect.REJECT));
            // deep nesting, 10,000 levels, at the top and inside a field
            String deep = "[".repeat(10_000) + "]".repeat(10_000);
            cases.add(json(e, e.name() + " nested arrays depth 10000", path, deep, Expect.REJECT));
            cases.add(json(e, e.name() + " nested objects depth 10000", path,
                    "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000), Expect.REJECT));
            cases.add(json(e, e.name() + " /" + e.fields().get(0).name() + " nested depth 10000", path,
                    withRaw(e.valid().get(), e.fields().get(0).name(), deep), Expect.REJECT));
            // huge strings: over the 64 KiB limit in every field (413), and a huge number
            for (Field f : e.fields()) {
                cases.add(json(e, e.name() + " /" + f.name() + " 70k string", path,
                        withRaw(e.valid().get(), f.name(), "\"" + "x".repeat(70_000) + "\""),
                        Expect.REJECT));
            }
            cases.add(json(e, e.name() + " 60k-digit number", path,
                    withRaw(e.valid().get(), e.fields().get(0).name(), "9".repeat(60_000)), Expect.REJECT));
            cases.add(json(e, e.name() + " 5000 small strings array", path,
                    withRaw(e.valid().get(), e.fields().get(0).name(), "[" + "\"a\",".repeat(4999) + "\"a\"]"),
                    Expect.REJECT));
            // unicode tricks in every string field
            for (Field f : e.fields()) {
                if (f.kind() != Kind.STR && f.kind() != Kind.STR_OPT) {
                    continue;
                }
                String good = e.valid().get().get(f.name()).asText();
                boolean freeText = List.of("reference", "name", "label", "departmentName", "status", "txHash",
                        "department", "description").contains(f.name());
                // the very same value, every character as a \\u escape: acceptable wherever the plain value is
                cases.add(json(e, e.name() + " /" + f.name() + " unicode escapes of ascii", path,
                        withRaw(e.valid().get(), f.name(), "\"" + escapeAll(good) + "\""), Expect.ANY));
                // text the gateway stores and shows to others (reference, names, labels) is checked by Text.clean
                boolean storedText = List.of("reference", "name", "label", "description").contains(f.name());
                for (Map.Entry<String, String> trick : unicodeTricks(good).entrySet()) {
                    boolean refusedInStoredText = trick.getKey().equals("RTL override")
                            || trick.getKey().startsWith("U+") || trick.getKey().startsWith("lone")
                            || trick.getKey().startsWith("reversed") || trick.getKey().startsWith("NUL");
                    cases.add(json(e, e.name() + " /" + f.name() + " " + trick.getKey(), path,
                            withRaw(e.valid().get(), f.name(), trick.getValue()),
                            !freeText || (storedText && refusedInStoredText) ? Expect.REJECT : Expect.ANY));
                }
                // invalid UTF-8 as raw bytes
                for (Map.Entry<String, byte[]> bad : invalidUtf8().entrySet()) {
                    String body = withRaw(e.valid().get(), f.name(), "\"" + RAW + "\"");
                    int at = body.indexOf(RAW);
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    bytes.writeBytes(body.substring(0, at).getBytes(StandardCharsets.UTF_8));
                    bytes.writeBytes("ab".getBytes(StandardCharsets.UTF_8));
                    bytes.writeBytes(bad.getValue());
                    bytes.writeBytes(body.substring(at + RAW.length()).getBytes(StandardCharsets.UTF_8));
                    cases.add(new Case(e.name() + " /" + f.name() + " invalid UTF-8 " + bad.getKey(), e.method(), path,
                            headers(e, "application/json; charset=utf-8"), bytes.toByteArray(),
                            // every body is decoded strictly before JSON parsing: overlong forms and CESU-8 too
                            Expect.REJECT, key(e), false));
                }
                // injection strings
                for (String injection : List.of("'; DROP TABLE department; --", "<script>alert(1)</script>",
                        "${jndi:ldap://127.0.0.1/a}", "{{7*7}}", "%s%s%s%n", "../../etc/passwd", "\" OR \"\"=\"",
                        "Robert'); --", "#{1+1}", "\\u0000")) {
                    cases.add(json(e, e.name() + " /" + f.name() + " injection " + abbreviate(injection), path,
                            withRaw(e.valid().get(), f.name(), JSON.valueToTree(injection).toString()),
                            freeText ? Expect.ANY : Expect.REJECT));
                }
            }
            // header abuse (valid body)
            for (Map.Entry<String, Expect> type : contentTypes().entrySet()) {
                cases.add(new Case(e.name() + " content-type " + abbreviate(String.valueOf(type.getKey())), e.method(),
                        path, headers(e, type.getKey()), e.valid().get().toString().getBytes(StandardCharsets.UTF_8),
                        type.getValue(), key(e), false));
            }
            List<String[]> accept = headers(e, "application/json");
            accept.add(new String[] {"Accept", "text/html"});
            cases.add(new Case(e.name() + " accept text/html", e.method(), path, accept,
                    e.valid().get().toString().getBytes(StandardCharsets.UTF_8), Expect.ANY, key(e), false));
            List<String[]> longHeader = headers(e, "application/json");
            longHeader.add(new String[] {"X-Padding", "p".repeat(9000)});
            cases.add(new Case(e.name() + " 9 KB extra header", e.method(), path, longHeader,
                    e.valid().get().toString().getBytes(StandardCharsets.UTF_8), Expect.ANY, key(e), false));
            // hostile Authorization headers
            if (e.auth() != Auth.PUBLIC) {
                for (Map.Entry<String, List<String>> auth : authorizations(e).entrySet()) {
                    List<String[]> h = new ArrayList<>();
                    h.add(new String[] {"Content-Type", "application/json"});
                    auth.getValue().forEach(v -> h.add(new String[] {"Authorization", v}));
                    boolean acceptable = auth.getKey().startsWith("ok:");
                    cases.add(new Case(e.name() + " auth " + auth.getKey(), e.method(), path, h,
                            e.valid().get().toString().getBytes(StandardCharsets.UTF_8),
                            acceptable ? Expect.ANY : Expect.REJECT, key(e), false));
                }
            } else {
                for (String v : List.of("Bearer agk_abcdefgh_" + "A".repeat(43), "Basic dXNlcjpwYXNz", "Bearer",
                        "x".repeat(600))) {
                    List<String[]> h = headers(e, "application/json");
                    h.add(new String[] {"Authorization", v});
                    cases.add(new Case(e.name() + " public with auth " + abbreviate(v), e.method(), path, h,
                            e.valid().get().toString().getBytes(StandardCharsets.UTF_8), Expect.ANY, v, false));
                }
            }
        }
        cases.addAll(bigCases());
        cases.addAll(verifyCases());
        cases.addAll(pathCases());
        cases.addAll(tsaCases());
        return cases;
    }

    Map<String, String> unicodeTricks(String good) {
        Map<String, String> tricks = new LinkedHashMap<>();
        int mid = Math.max(1, good.length() / 2);
        String a = good.substring(0, mid);
        String b = good.substring(mid);
        tricks.put("RTL override", quote(a + "\u202E" + b));
        tricks.put("zero-width joiner", quote(a + "\u200D" + b));
        tricks.put("zero-width space", quote(a + "\u200B" + b));
        tricks.put("BOM inside", quote(a + "\uFEFF" + b));
        tricks.put("NUL escape", "\"" + a + "\\u0000" + b + "\"");
        tricks.put("lone high surrogate", "\"" + a + "\\ud800" + b + "\"");
        tricks.put("lone low surrogate", "\"" + a + "\\udc00" + b + "\"");
        tricks.put("reversed surrogates", "\"" + a + "\\udc00\\ud800" + b + "\"");
        tricks.put("full-width", quote(fullWidth(good)));
        tricks.put("cyrillic homoglyphs", quote(good.replace('a', '\u0430').replace('e', '\u0435')
                .replace('o', '\u043E').replace('c', '\u0441').replace('A', '\u0410').replace('E', '\u0415')));
        tricks.put("combining marks", quote(a + "\u0301\u0308\u0336" + b));
        tricks.put("astral emoji", quote(a + "\uD83D\uDE00" + b));
        tricks.put("newline and tab", "\"" + a + "\\n\\t" + b + "\"");
        tricks.put("padded with spaces", quote("  " + good + "  "));
        tricks.put("U+FFFF noncharacter", quote(a + "\uFFFF" + b));
        tricks.put("U+FDD0 noncharacter", quote(a + "\uFDD0" + b));
        tricks.put("U+1FFFE noncharacter", quote(a + new String(Character.toChars(0x1FFFE)) + b));
        tricks.put("U+2067 right-to-left isolate", quote(a + "\u2067" + b));
        return tricks;
    }

    static Map<String, byte[]> invalidUtf8() {
        Map<String, byte[]> bad = new LinkedHashMap<>();
        bad.put("overlong slash C0 AF", new byte[] {(byte) 0xC0, (byte) 0xAF});
        bad.put("overlong quote C0 A2", new byte[] {(byte) 0xC0, (byte) 0xA2});
        bad.put("FF FE", new byte[] {(byte) 0xFF, (byte) 0xFE});
        bad.put("truncated E2 82", new byte[] {(byte) 0xE2, (byte) 0x82});
        bad.put("lone continuation 80", new byte[] {(byte) 0x80});
        bad.put("cesu surrogate ED A0 80", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
        bad.put("beyond U+10FFFF F4 90 80 80", new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80});
        return bad;
    }

    static Map<String, Expect> contentTypes() {
        Map<String, Expect> types = new LinkedHashMap<>();
        types.put(null, Expect.REJECT); // a body without Content-Type: 415 (issue 11, item 6)
        types.put("text/plain", Expect.REJECT);
        types.put("application/xml", Expect.REJECT);
        types.put("application/x-www-form-urlencoded", Expect.REJECT);
        types.put("multipart/form-data; boundary=----x", Expect.REJECT);
        types.put("application/jsonx", Expect.REJECT);
        types.put("json", Expect.REJECT);
        types.put("", Expect.REJECT);
        types.put("application/json; charset=latin1", Expect.REJECT);
        types.put("application/json; charset=utf-16", Expect.REJECT);
        types.put("application/json; charset=nonsense-9", Expect.REJECT);
        types.put("application/json;;;;", Expect.ANY);
        types.put("application/json; a=\"b", Expect.ANY);
        types.put("application/json; charset=\"utf-8\"; q=0", Expect.ANY);
        types.put("APPLICATION/JSON", Expect.ANY);
        types.put("application/json, text/plain", Expect.REJECT);
        types.put("*/*", Expect.REJECT);
        types.put("application/*", Expect.REJECT);
        types.put("application/problem+json", Expect.REJECT);
        types.put("application/json; x=" + "y".repeat(4000), Expect.ANY);
        return types;
    }

    Map<String, List<String>> authorizations(Endpoint e) {
        String key = key(e);
        String other = e.auth() == Auth.ADMIN ? deptKey : adminKey;
        Map<String, List<String>> auth = new LinkedHashMap<>();
        auth.put("none", List.of());
        auth.put("ok: lowercase bearer", List.of("bearer " + key));
        auth.put("ok: uppercase BEARER", List.of("BEARER " + key));
        auth.put("ok: extra spaces", List.of("Bearer    " + key + "   "));
        auth.put("tab after Bearer", List.of("Bearer\t" + key));
        auth.put("no space", List.of("Bearer" + key));
        auth.put("Bearer alone", List.of("Bearer"));
        auth.put("Bearer and space", List.of("Bearer "));
        auth.put("Basic scheme", List.of("Basic " + Base64.getEncoder().encodeToString(("x:" + key).getBytes())));
        auth.put("Digest scheme", List.of("Digest username=\"a\", realm=\"b\""));
        auth.put("key without scheme", List.of(key));
        auth.put("unknown key of the right shape", List.of("Bearer agk_" + "Zz9".repeat(3).substring(0, 8) + "_"
                + "A".repeat(43)));
        auth.put("right prefix wrong secret", List.of("Bearer " + key.substring(0, 13) + "B".repeat(key.length() - 13)));
        auth.put("key uppercased", List.of("Bearer " + key.toUpperCase(Locale.ROOT)));
        auth.put("key twice", List.of("Bearer " + key + " " + key));
        auth.put("key with trailing garbage", List.of("Bearer " + key + "x"));
        auth.put("key truncated", List.of("Bearer " + key.substring(0, key.length() - 1)));
        auth.put("sql injection", List.of("Bearer ' OR '1'='1"));
        auth.put("sql injection in prefix", List.of("Bearer agk_' OR 1=1_" + "A".repeat(43)));
        auth.put("percent-encoded NUL", List.of("Bearer agk_%00%00%00_" + "A".repeat(43)));
        auth.put("600 characters", List.of("Bearer " + "a".repeat(600)));
        auth.put("8 KB", List.of("Bearer " + "a".repeat(8 * 1024)));
        auth.put("wrong role", List.of("Bearer " + other));
        auth.put("two headers: invalid then valid", List.of("Bearer agk_abcdefgh_" + "A".repeat(43), "Bearer " + key));
        auth.put("two headers: valid then invalid", List.of("Bearer " + key, "Bearer agk_abcdefgh_" + "A".repeat(43)));
        auth.put("two headers: valid twice", List.of("Bearer " + key, "Bearer " + key));
        auth.put("two headers: wrong role then valid", List.of("Bearer " + other, "Bearer " + key));
        auth.put("non-ascii key", List.of("Bearer agk_\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9_" + "A".repeat(43)));
        return auth;
    }

    /** The body sent with Transfer-Encoding: chunked, in 8 KiB chunks; it must be refused (413). */
    Case chunked(Endpoint e, String name, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int offset = 0; offset < bytes.length; offset += 8192) {
            int n = Math.min(8192, bytes.length - offset);
            body.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            body.write(bytes, offset, n);
            body.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        body.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        List<String[]> h = headers(e, null); // the X-Raw line brings its Content-Type
        h.add(new String[] {"X-Raw", "Transfer-Encoding: chunked"});
        return new Case(name, e.method(), e.path(), h, body.toByteArray(), Expect.REJECT, key(e), true);
    }

    List<Case> bigCases() {
        List<Case> cases = new ArrayList<>();
        Endpoint documents = endpoints().get(0);
        Endpoint bulk = endpoints().get(1);
        // 1 MB once for the single-document endpoint (413) and once inside a bulk body (within 4 MiB: a 400)
        cases.add(json(documents, "documents 1 MB reference", "/api/v1/documents",
                withRaw(validDocument(), "reference", "\"" + "r".repeat(1 << 20) + "\""), Expect.REJECT));
        ObjectNode oneMb = validBulk();
        ((ObjectNode) oneMb.get("documents").get(0)).put("digest", "0x" + "ab".repeat(1 << 19));
        cases.add(json(bulk, "bulk 1 MB digest", "/api/v1/documents/bulk", oneMb.toString(), Expect.REJECT));
        // the same limits on the bytes actually read: chunked bodies declare no length (issue 11, item 3)
        cases.add(chunked(documents, "documents 1 MB reference, chunked", withRaw(validDocument(), "reference",
                "\"" + "r".repeat(1 << 20) + "\"")));
        StringBuilder bigChunked = new StringBuilder("{\"documents\":[");
        for (int i = 0; i < 70_000; i++) {
            bigChunked.append(i == 0 ? "" : ",").append("{\"digest\":\"0x").append("cd".repeat(32))
                    .append("\",\"algorithm\":\"sha256\"}");
        }
        cases.add(chunked(bulk, "bulk 4.9 MB, chunked", bigChunked.append("]}").toString()));
        // framing a proxy may read differently (request smuggling): refused, never guessed (item 7)
        for (String framing : List.of("Transfer-Encoding: xchunked", "Transfer-Encoding: chunked, identity",
                "Transfer-Encoding: identity")) {
            List<String[]> h = headers(documents, null);
            String body = validDocument().toString();
            h.add(new String[] {"X-Raw", framing + "\r\nContent-Length: " + body.length()});
            cases.add(new Case("documents " + framing + " with Content-Length", "POST", "/api/v1/documents", h,
                    body.getBytes(StandardCharsets.UTF_8), Expect.REJECT, key(documents), true));
        }
        // over 4 MiB for bulk: 413
        StringBuilder big = new StringBuilder("{\"documents\":[");
        for (int i = 0; i < 40_000; i++) {
            big.append(i == 0 ? "" : ",").append("{\"digest\":\"0x").append("ab".repeat(32)).append("\",\"algorithm\":\"sha256\"}");
        }
        cases.add(json(bulk, "bulk 40,000 items (over 4 MiB)", "/api/v1/documents/bulk", big.append("]}").toString(),
                Expect.REJECT));
        // 10,001 items under 4 MiB, and items that are all invalid
        StringBuilder tooMany = new StringBuilder("{\"documents\":[");
        for (int i = 0; i < 10_001; i++) {
            tooMany.append(i == 0 ? "" : ",").append("{\"digest\":\"0x12\",\"algorithm\":\"md5\"}");
        }
        cases.add(json(bulk, "bulk 10,001 invalid items", "/api/v1/documents/bulk", tooMany.append("]}").toString(),
                Expect.REJECT));
        StringBuilder allInvalid = new StringBuilder("{\"documents\":[");
        for (int i = 0; i < 10_000; i++) {
            allInvalid.append(i == 0 ? "" : ",").append("{\"digest\":\"0x12\",\"algorithm\":\"md5\",\"reference\":\"\\u0000\"}");
        }
        cases.add(json(bulk, "bulk 10,000 items, every one invalid three ways", "/api/v1/documents/bulk",
                allInvalid.append("]}").toString(), Expect.REJECT));
        cases.add(json(bulk, "bulk 10,000 nulls", "/api/v1/documents/bulk",
                "{\"documents\":[" + "null,".repeat(9_999) + "null]}", Expect.REJECT));
        // very long digest in one document
        cases.add(json(documents, "documents digest of 60,000 hex digits", "/api/v1/documents",
                withRaw(validDocument(), "digest", "\"0x" + "ab".repeat(30_000) + "\""), Expect.REJECT));
        // roles array of 5,000 (duplicate) entries
        ObjectNode roles = key(Roles.SUBMITTER);
        var array = roles.putArray("roles");
        for (int i = 0; i < 5_000; i++) {
            array.add(Roles.SUBMITTER);
        }
        cases.add(json(endpoints().get(4), "dept-keys 5,000 duplicate roles", path(endpoints().get(4)), roles.toString(),
                Expect.ANY));
        ObjectNode adminRoles = key(Roles.AUDITOR);
        var adminArray = adminRoles.putArray("roles");
        for (int i = 0; i < 5_000; i++) {
            adminArray.add(i % 2 == 0 ? Roles.AUDITOR : "x" + i);
        }
        cases.add(json(endpoints().get(5), "operator-keys 5,000 mostly unknown roles", "/api/v1/admin/keys",
                adminRoles.toString(), Expect.REJECT));
        return cases;
    }

    List<Case> verifyCases() {
        List<Case> cases = new ArrayList<>();
        Endpoint verify = endpoints().get(2);
        Map<String, Map.Entry<String, String>> absurd = new LinkedHashMap<>();
        StringBuilder path65 = new StringBuilder("[");
        for (int i = 0; i < 65; i++) {
            path65.append(i == 0 ? "" : ",").append('"').append(digest()).append('"');
        }
        StringBuilder path900 = new StringBuilder("[");
        for (int i = 0; i < 900; i++) {
            path900.append(i == 0 ? "" : ",").append('"').append(digest()).append('"');
        }
        absurd.put("path of 65 hashes", Map.entry("path", path65 + "]"));
        absurd.put("path of 900 hashes", Map.entry("path", path900 + "]"));
        absurd.put("path of numbers", Map.entry("path", "[1,2,3]"));
        absurd.put("path of nulls", Map.entry("path", "[null,null]"));
        absurd.put("path of objects", Map.entry("path", "[{},{}]"));
        absurd.put("path of short hashes", Map.entry("path", "[\"0x12\"]"));
        absurd.put("version 999", Map.entry("version", "999"));
        absurd.put("version 0", Map.entry("version", "0"));
        absurd.put("version -1", Map.entry("version", "-1"));
        absurd.put("version 2^31", Map.entry("version", "2147483648"));
        absurd.put("version 1.0", Map.entry("version", "1.0"));
        absurd.put("batchId -1", Map.entry("batchId", "-1"));
        absurd.put("batchId 0", Map.entry("batchId", "0"));
        absurd.put("batchId long min", Map.entry("batchId", Long.toString(Long.MIN_VALUE)));
        absurd.put("batchId 2^63", Map.entry("batchId", "9223372036854775808"));
        absurd.put("batchId 2^64", Map.entry("batchId", "18446744073709551616"));
        absurd.put("batchId 1e999999", Map.entry("batchId", "1e999999"));
        absurd.put("batchId 1e18", Map.entry("batchId", "1e18"));
        absurd.put("batchId -0", Map.entry("batchId", "-0"));
        absurd.put("chainId -1", Map.entry("chainId", "-1"));
        absurd.put("chainId long max", Map.entry("chainId", Long.toString(Long.MAX_VALUE)));
        absurd.put("chainId 2^64", Map.entry("chainId", "18446744073709551616"));
        absurd.put("chainId 1e999999", Map.entry("chainId", "1e999999"));
        absurd.put("chainId 1000 digits", Map.entry("chainId", "1".repeat(1000)));
        absurd.put("chainId 1337.5", Map.entry("chainId", "1337.5"));
        absurd.put("blockNumber -1", Map.entry("blockNumber", "-1"));
        absurd.put("blockNumber long max", Map.entry("blockNumber", Long.toString(Long.MAX_VALUE)));
        absurd.put("registry not hex", Map.entry("registry", "\"0x" + "zz".repeat(20) + "\""));
        absurd.put("registry 41 digits", Map.entry("registry", "\"0x" + "a".repeat(41) + "\""));
        absurd.put("registry without 0x", Map.entry("registry", "\"" + "a".repeat(40) + "\""));
        absurd.put("registry ENS name", Map.entry("registry", "\"registry.eth\""));
        absurd.put("leafEncoding other types", Map.entry("leafEncoding", "[\"uint256\"]"));
        absurd.put("leafEncoding 5000 entries", Map.entry("leafEncoding", "[" + "\"bytes32\",".repeat(4999) + "\"x\"]"));
        absurd.put("department 33 characters", Map.entry("department", "\"" + "D".repeat(33) + "\""));
        absurd.put("department empty", Map.entry("department", "\"\""));
        absurd.put("receivedAt year 1000000000", Map.entry("receivedAt", "\"+1000000000-01-01T00:00:00Z\""));
        absurd.put("receivedAt not a date", Map.entry("receivedAt", "\"yesterday\""));
        absurd.put("receivedAt 1e999999", Map.entry("receivedAt", "1e999999"));
        absurd.put("receivedAt -1e999999", Map.entry("receivedAt", "-1e999999"));
        absurd.put("receivedAt long max", Map.entry("receivedAt", Long.toString(Long.MAX_VALUE)));
        absurd.put("receivedAt 1e30", Map.entry("receivedAt", "1e30"));
        absurd.put("blockTime 1e999999", Map.entry("blockTime", "1e999999"));
        absurd.put("blockTime 1e-999999", Map.entry("blockTime", "1e-999999"));
        absurd.put("blockTime long min", Map.entry("blockTime", Long.toString(Long.MIN_VALUE)));
        absurd.put("blockTime 9e18 decimal", Map.entry("blockTime", "9223372036854775807.999999999"));
        absurd.put("blockTime year 99999", Map.entry("blockTime", "\"+99999-12-31T23:59:59Z\""));
        absurd.put("blockTime with offset", Map.entry("blockTime", "\"2026-11-23T10:15:34+14:00\""));
        absurd.put("leaf wrong", Map.entry("leaf", "\"" + digest() + "\""));
        absurd.put("leaf of 0x only", Map.entry("leaf", "\"0x\""));
        absurd.put("root uppercase 0X", Map.entry("root", "\"0X" + "AB".repeat(32) + "\""));
        absurd.put("status garbage", Map.entry("status", "\"REVOKED\""));
        absurd.put("algorithm homoglyph", Map.entry("algorithm", "\"sh\u0430256\""));
        // Well-formed (a verdict, 200): a wrong leaf is INVALID, an integer version from 3 to 2^53 - 1 is
        // UNDETERMINED unsupported-version. Everything else breaks the schema of docs/proof.schema.json: 400.
        List<String> wellFormed = List.of("leaf wrong", "version 999", "version 2^31");
        for (Map.Entry<String, Map.Entry<String, String>> a : absurd.entrySet()) {
            cases.add(json(verify, "verify " + a.getKey(), "/api/v1/verify",
                    withRaw(validProof(), a.getValue().getKey(), a.getValue().getValue()),
                    wellFormed.contains(a.getKey()) ? Expect.ANY : Expect.REJECT));
        }
        // an all-zero proof, and one whose every field is the wrong type at once
        cases.add(json(verify, "verify every field null", "/api/v1/verify",
                "{\"version\":null,\"digest\":null,\"algorithm\":null,\"department\":null,\"path\":null,\"root\":null,"
                        + "\"batchId\":null,\"chainId\":null,\"registry\":null,\"blockNumber\":null}", Expect.REJECT));
        cases.add(json(verify, "verify every field an array", "/api/v1/verify",
                "{\"version\":[],\"digest\":[],\"algorithm\":[],\"department\":[],\"path\":[[]],\"root\":[],"
                        + "\"batchId\":[],\"chainId\":[],\"registry\":[],\"blockNumber\":[]}", Expect.REJECT));
        return cases;
    }

    List<Case> pathCases() {
        List<Case> cases = new ArrayList<>();
        Endpoint deptKeys = endpoints().get(4);
        Endpoint revocation = endpoints().get(6);
        List<String> hostile = List.of("..%2F..", "..%2F..%2F..%2Fdocuments", "%2e%2e", "%2e%2e%2f%2e%2e%2fkeys", "%00",
                "A%00B", "%0d%0aX-Injected:%201", "%ff%fe", "%c0%af", "%e2%80%ae" + "DEMO", "DEM%D0%9E",
                "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "'%20OR%201=1%20--", "%27%3B%20DROP%20TABLE%20api_key%3B--",
                "%2F", "%5C..%5C..", "~", "%25", "%2525", "DEMO%3Bjsessionid=1", "DEMO;a=b", "%20", "%09",
                "X".repeat(300), "X".repeat(3000), "X".repeat(10_000), "0x" + "ab".repeat(2000), "a/b/c", "%u0000",
                "%EF%BC%90x" + "ab".repeat(32), "0x" + "ab".repeat(32) + "%00");
        for (String p : hostile) {
            String name = abbreviate(p);
            cases.add(new Case("dept-keys path " + name, "POST", "/api/v1/admin/departments/" + p + "/keys",
                    headers(deptKeys, "application/json"), key(Roles.SUBMITTER).toString().getBytes(StandardCharsets.UTF_8),
                    Expect.REJECT, adminKey, false));
            cases.add(new Case("delete key path " + name, "DELETE", "/api/v1/admin/keys/" + p,
                    List.<String[]>of(new String[] {"Authorization", "Bearer " + adminKey}), null, Expect.REJECT, adminKey, false));
            cases.add(new Case("revocation path " + name, "POST", "/api/v1/documents/" + p + "/revocation",
                    headers(revocation, "application/json"), validRevocation().toString().getBytes(StandardCharsets.UTF_8),
                    Expect.REJECT, deptKey, false));
        }
        // Webhook endpoint ids: hostile strings and numbers out of range.
        List<String> ids = new ArrayList<>(hostile);
        ids.addAll(List.of("-1", "0", "99999999999999999999", "9223372036854775808", "1e3", "0x10", "1.5"));
        for (String p : ids) {
            List<String[]> admin = List.<String[]>of(new String[] {"Authorization", "Bearer " + adminKey});
            cases.add(new Case("webhook path " + abbreviate(p), "DELETE", "/api/v1/admin/webhooks/" + p, admin, null,
                    Expect.REJECT, adminKey, false));
            cases.add(new Case("webhook secret path " + abbreviate(p), "POST", "/api/v1/admin/webhooks/" + p + "/secret",
                    admin, null, Expect.REJECT, adminKey, false));
        }
        // DELETE with shapes close to a real prefix, and with bodies
        for (String p : List.of("agk_AAAAAAAA", "agk_zzzzzzzz", "AGK_AAAAAAAA", "agk_AAAAAAA", "agk_AAAAAAAAA",
                "agk_AAAAAAAA_" + "A".repeat(43), "agk_AAAA%2FAAAA", "agk_" + "A".repeat(5000), "agk_%C3%A9AAAAAAA")) {
            cases.add(new Case("delete key " + abbreviate(p), "DELETE", "/api/v1/admin/keys/" + p,
                    List.<String[]>of(new String[] {"Authorization", "Bearer " + adminKey}), null, Expect.REJECT, adminKey, false));
        }
        List<String[]> withBody = new ArrayList<>(List.<String[]>of(new String[] {"Authorization", "Bearer " + adminKey},
                new String[] {"Content-Type", "application/json"}));
        cases.add(new Case("delete key with a JSON body", "DELETE", "/api/v1/admin/keys/agk_AAAAAAAA", withBody,
                "{\"prefix\":\"x\"}".getBytes(StandardCharsets.UTF_8), Expect.REJECT, adminKey, false));
        cases.add(new Case("delete key with a malformed body", "DELETE", "/api/v1/admin/keys/agk_AAAAAAAA", withBody,
                "{".getBytes(StandardCharsets.UTF_8), Expect.REJECT, adminKey, false));
        for (Map.Entry<String, List<String>> auth : authorizations(endpoints().get(3)).entrySet()) {
            List<String[]> h = new ArrayList<>();
            auth.getValue().forEach(v -> h.add(new String[] {"Authorization", v}));
            cases.add(new Case("delete key auth " + auth.getKey(), "DELETE", "/api/v1/admin/keys/agk_AAAAAAAA", h, null,
                    Expect.REJECT, adminKey, false));
        }
        // raw requests that java.net.http refuses to send: malformed escapes, bare spaces, odd request lines
        for (String target : List.of("/api/v1/admin/keys/%", "/api/v1/admin/keys/%zz", "/api/v1/admin/keys/a%",
                "/api/v1/documents/%/revocation", "/api/v1/admin/departments/A B/keys",
                "/api/v1/admin/departments/%ZZ/keys", "/api/v1/admin/keys/\u00e9", "/api/v1/documents/..;/revocation")) {
            String method = target.contains("/admin/keys/") ? "DELETE" : "POST";
            String auth = target.contains("/admin/") ? adminKey : deptKey;
            cases.add(new Case("raw " + method + " " + target, method, target,
                    List.<String[]>of(new String[] {"Authorization", "Bearer " + auth},
                            new String[] {"Content-Type", "application/json"}),
                    method.equals("POST") ? "{}".getBytes(StandardCharsets.UTF_8) : null, Expect.REJECT, auth, true));
        }
        List<String> rawHeaders = List.of("Authorization: Bearer " + deptKey + "\r\nAuthorization: Bearer " + deptKey,
                "Authorization:Bearer " + deptKey, "Authorization:  \tBearer " + deptKey,
                "Authorization: Bearer\u00a0" + deptKey, "Authorization: Bearer " + deptKey + "\r\n Continued",
                "Content-Type: application/json\r\nContent-Type: text/plain",
                "Content-Length: 5\r\nContent-Length: 6", "Content-Length: -1", "Content-Length: 99999999999999999999",
                "Transfer-Encoding: chunked\r\nContent-Length: 2", "Authorization: Bearer " + "\u00ff".repeat(20));
        for (String h : rawHeaders) {
            cases.add(new Case("raw documents header " + abbreviate(h.replace("\r\n", " | ")), "POST", "/api/v1/documents",
                    List.<String[]>of(new String[] {"X-Raw", h}), validDocument().toString().getBytes(StandardCharsets.UTF_8),
                    Expect.ANY, deptKey, true));
        }
        return cases;
    }

    /** A DER TimeStampReq, built with Bouncy Castle: SHA-256 of 32 random bytes, certReq and a nonce. */
    byte[] timeStampQuery() {
        try {
            org.bouncycastle.tsp.TimeStampRequestGenerator generator = new org.bouncycastle.tsp.TimeStampRequestGenerator();
            generator.setCertReq(true);
            byte[] imprint = new byte[32];
            random.nextBytes(imprint);
            return generator.generate(org.bouncycastle.tsp.TSPAlgorithms.SHA256, imprint,
                    java.math.BigInteger.valueOf(random.nextLong() & Long.MAX_VALUE)).getEncoded();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** DER tag and length of a constructed SEQUENCE around {@code content}. */
    static byte[] sequence(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n & 0xff);
        } else {
            out.write(0x83);
            out.write(n >> 16);
            out.write((n >> 8) & 0xff);
            out.write(n & 0xff);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    /**
     * The time-stamping authority (POST /api/v1/tsa): its body is a DER TimeStampReq, not JSON. Garbage, truncated,
     * bit-flipped, deeply nested and oversized DER, wrong hash algorithms and policies, huge nonces, every content
     * type and credential trick. What reaches the TSA is answered 200 with an RFC 3161 rejection (or a token for a
     * request that is valid after all); what the HTTP layer refuses is a problem document.
     */
    List<Case> tsaCases() {
        List<Case> cases = new ArrayList<>();
        Endpoint tsa = new Endpoint("tsa", "POST", "/api/v1/tsa", Auth.DEPARTMENT, JSON::createObjectNode, List.of());
        String type = "application/timestamp-query";
        byte[] valid = timeStampQuery();
        java.util.function.BiConsumer<String, byte[]> binary = (name, body) -> cases.add(new Case("tsa " + name,
                "POST", "/api/v1/tsa", headers(tsa, type), body, Expect.TSA_REJECTION, deptKey, false));
        binary.accept("empty body", new byte[0]);
        binary.accept("one zero byte", new byte[1]);
        binary.accept("JSON document", validDocument().toString().getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 20; i++) {
            byte[] noise = new byte[1 + random.nextInt(i < 10 ? 64 : 4096)];
            random.nextBytes(noise);
            binary.accept("random bytes " + noise.length, noise);
            byte[] prefixed = noise.clone();
            prefixed[0] = 0x30;
            binary.accept("random bytes after a SEQUENCE tag " + noise.length, prefixed);
        }
        for (int cut : List.of(1, 2, 5, valid.length / 2, valid.length - 1)) {
            binary.accept("valid query truncated to " + cut, java.util.Arrays.copyOf(valid, cut));
        }
        for (int i = 0; i < 40; i++) {
            byte[] flipped = valid.clone();
            flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
            cases.add(new Case("tsa valid query, one bit flipped #" + i, "POST", "/api/v1/tsa", headers(tsa, type),
                    flipped, Expect.TSA_ANY, deptKey, false));
        }
        byte[] twice = java.util.Arrays.copyOf(valid, valid.length * 2);
        System.arraycopy(valid, 0, twice, valid.length, valid.length);
        binary.accept("two queries back to back", twice);
        binary.accept("valid query and a NUL", java.util.Arrays.copyOf(valid, valid.length + 1));
        binary.accept("length 2^32-1", new byte[] {0x30, (byte) 0x84, (byte) 0xff, (byte) 0xff, (byte) 0xff,
                (byte) 0xff, 0x02, 0x01, 0x01});
        binary.accept("length of 127 bytes", java.util.Arrays.copyOf(new byte[] {0x30, (byte) 0xff}, 200));
        ByteArrayOutputStream indefinite = new ByteArrayOutputStream();
        for (int i = 0; i < 10_000; i++) {
            indefinite.write(0x30);
            indefinite.write(0x80);
        }
        indefinite.writeBytes(new byte[20_000]);
        binary.accept("10,000 nested indefinite-length SEQUENCEs", indefinite.toByteArray());
        byte[] nested = new byte[0];
        for (int i = 0; i < 5_000; i++) {
            nested = sequence(nested);
        }
        binary.accept("5,000 nested definite-length SEQUENCEs", nested);
        try {
            byte[] imprint = new byte[32];
            org.bouncycastle.tsp.TimeStampRequestGenerator generator = new org.bouncycastle.tsp.TimeStampRequestGenerator();
            for (org.bouncycastle.asn1.ASN1ObjectIdentifier algorithm : List.of(
                    org.bouncycastle.tsp.TSPAlgorithms.MD5, org.bouncycastle.tsp.TSPAlgorithms.SHA1,
                    org.bouncycastle.tsp.TSPAlgorithms.SHA224, org.bouncycastle.tsp.TSPAlgorithms.SHA3_256,
                    org.bouncycastle.tsp.TSPAlgorithms.RIPEMD160, org.bouncycastle.tsp.TSPAlgorithms.GOST3411,
                    new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.2.3.4.5.6.7.8.9"))) {
                binary.accept("hash algorithm " + algorithm, generator.generate(algorithm, imprint).getEncoded());
            }
            for (int length : List.of(0, 1, 31, 33, 64, 4096)) {
                binary.accept("SHA-256 imprint of " + length + " bytes", generator.generate(
                        org.bouncycastle.tsp.TSPAlgorithms.SHA256, new byte[length]).getEncoded());
            }
            org.bouncycastle.tsp.TimeStampRequestGenerator policy = new org.bouncycastle.tsp.TimeStampRequestGenerator();
            policy.setReqPolicy(new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.2." + "9999999.".repeat(100) + "1"));
            binary.accept("800-character policy OID", policy.generate(org.bouncycastle.tsp.TSPAlgorithms.SHA256,
                    imprint).getEncoded());
            org.bouncycastle.tsp.TimeStampRequestGenerator extended = new org.bouncycastle.tsp.TimeStampRequestGenerator();
            for (int i = 0; i < 500; i++) {
                extended.addExtension(new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.2.3." + i), i % 2 == 0,
                        new org.bouncycastle.asn1.DEROctetString(new byte[50]));
            }
            binary.accept("500 extensions", extended.generate(org.bouncycastle.tsp.TSPAlgorithms.SHA256, imprint)
                    .getEncoded());
            byte[] bigNonce = new byte[30_000];
            random.nextBytes(bigNonce);
            bigNonce[0] = 0x7f;
            cases.add(new Case("tsa 30,000-byte nonce", "POST", "/api/v1/tsa", headers(tsa, type),
                    new org.bouncycastle.tsp.TimeStampRequestGenerator().generate(
                            org.bouncycastle.tsp.TSPAlgorithms.SHA256, imprint, new java.math.BigInteger(bigNonce))
                            .getEncoded(), Expect.TSA_ANY, deptKey, false));
            cases.add(new Case("tsa negative nonce", "POST", "/api/v1/tsa", headers(tsa, type),
                    new org.bouncycastle.tsp.TimeStampRequestGenerator().generate(
                            org.bouncycastle.tsp.TSPAlgorithms.SHA256, imprint, java.math.BigInteger.valueOf(-5))
                            .getEncoded(), Expect.TSA_ANY, deptKey, false));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        cases.add(new Case("tsa 70 KB body", "POST", "/api/v1/tsa", headers(tsa, type), new byte[70_000],
                Expect.REJECT, deptKey, false));
        List<String[]> chunked = headers(tsa, null);
        chunked.add(new String[] {"X-Raw", "Content-Type: " + type + "\r\nTransfer-Encoding: chunked"});
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        for (int i = 0; i < 128; i++) {
            chunks.writeBytes("2000\r\n".getBytes(StandardCharsets.ISO_8859_1));
            chunks.writeBytes(new byte[0x2000]);
            chunks.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        chunks.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        cases.add(new Case("tsa 1 MB chunked", "POST", "/api/v1/tsa", chunked, chunks.toByteArray(), Expect.REJECT,
                deptKey, true));
        Map<String, Expect> types = new LinkedHashMap<>();
        for (String other : List.of("application/json", "application/octet-stream", "application/timestamp-reply",
                "application/timestamp-queryx", "text/plain", "*/*", "application/*", "", "timestamp-query",
                "application/timestamp-query, application/json")) {
            types.put(other, Expect.REJECT);
        }
        types.put(null, Expect.REJECT);
        types.put("APPLICATION/TIMESTAMP-QUERY", Expect.TSA_ANY);
        types.put("application/timestamp-query; charset=utf-8", Expect.TSA_ANY);
        types.put("application/timestamp-query;;;", Expect.TSA_ANY);
        for (Map.Entry<String, Expect> t : types.entrySet()) {
            cases.add(new Case("tsa content-type " + abbreviate(String.valueOf(t.getKey())), "POST", "/api/v1/tsa",
                    headers(tsa, t.getKey()), valid, t.getValue(), deptKey, false));
            cases.add(new Case("tsa content-type " + abbreviate(String.valueOf(t.getKey())) + ", no body", "POST",
                    "/api/v1/tsa", headers(tsa, t.getKey()), null, t.getValue() == Expect.REJECT ? Expect.REJECT
                            : Expect.TSA_REJECTION, deptKey, false));
        }
        for (String accept : List.of("application/json", "text/html", "*/*", "application/timestamp-reply")) {
            List<String[]> h = headers(tsa, type);
            h.add(new String[] {"Accept", accept});
            cases.add(new Case("tsa accept " + accept, "POST", "/api/v1/tsa", h, valid, Expect.TSA_ANY, deptKey,
                    false));
        }
        for (Map.Entry<String, List<String>> auth : authorizations(endpoints().get(0)).entrySet()) {
            List<String[]> h = new ArrayList<>();
            h.add(new String[] {"Content-Type", type});
            auth.getValue().forEach(v -> h.add(new String[] {"Authorization", v}));
            cases.add(new Case("tsa auth " + auth.getKey(), "POST", "/api/v1/tsa", h, valid,
                    auth.getKey().startsWith("ok:") ? Expect.TSA_ANY : Expect.REJECT, deptKey, false));
        }
        List<String[]> admin = new ArrayList<>();
        admin.add(new String[] {"Content-Type", type});
        admin.add(new String[] {"Authorization", "Bearer " + adminKey});
        cases.add(new Case("tsa as admin", "POST", "/api/v1/tsa", admin, valid, Expect.REJECT, adminKey, false));
        return cases;
    }

    /** Null when {@code o} is a DER TimeStampResp answered as application/timestamp-reply; else what is wrong. */
    static String timeStampReply(Outcome o) {
        if (!o.contentType().startsWith("application/timestamp-reply")) {
            return "content type '" + o.contentType() + "' on a 2xx answer of the TSA";
        }
        return timeStampStatus(o) < 0 ? "a 2xx answer of the TSA that is not a TimeStampResp" : null;
    }

    static int timeStampStatus(Outcome o) {
        try {
            return new org.bouncycastle.tsp.TimeStampResponse(o.bytes()).getStatus();
        } catch (Exception e) {
            return -1;
        }
    }

    static int headEnd(byte[] all) {
        for (int i = 0; i + 3 < all.length; i++) {
            if (all[i] == '\r' && all[i + 1] == '\n' && all[i + 2] == '\r' && all[i + 3] == '\n') {
                return i;
            }
        }
        return all.length - 4;
    }

    // ---------------------------------------------------------------------------------------------------------
    // helpers

    String key(Endpoint e) {
        return switch (e.auth()) {
            case DEPARTMENT -> deptKey;
            case ADMIN -> adminKey;
            case PUBLIC -> "";
        };
    }

    List<String[]> headers(Endpoint e, String contentType) {
        List<String[]> h = new ArrayList<>();
        if (contentType != null) {
            h.add(new String[] {"Content-Type", contentType});
        }
        if (e.auth() != Auth.PUBLIC) {
            h.add(new String[] {"Authorization", "Bearer " + key(e)});
        }
        return h;
    }

    Case json(Endpoint e, String name, String path, String body, Expect expect) {
        return new Case(name, e.method(), path, headers(e, "application/json"), body.getBytes(StandardCharsets.UTF_8),
                expect, key(e), false);
    }

    static String withRaw(ObjectNode node, String field, String raw) {
        node.put(field, RAW);
        return node.toString().replace("\"" + RAW + "\"", raw);
    }

    static String quote(String s) {
        return JSON.valueToTree(s).toString();
    }

    static String fullWidth(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            out.append(c >= '!' && c <= '~' ? (char) (c - '!' + '\uFF01') : c);
        }
        return out.toString();
    }

    static String escapeAll(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            out.append(String.format("\\u%04x", (int) c));
        }
        return out.toString();
    }

    static String abbreviate(String s) {
        if (s == null) {
            return "none";
        }
        StringBuilder printable = new StringBuilder();
        s.substring(0, Math.min(s.length(), 60)).codePoints().forEach(c -> printable.append(c < 0x20 || c > 0x7e
                ? String.format("\\u%04x", c) : Character.toString(c)));
        return printable.length() <= 40 && s.length() <= 60 ? printable.toString()
                : printable.substring(0, Math.min(printable.length(), 30)) + "…(" + s.length() + ")";
    }

    // ---------------------------------------------------------------------------------------------------------
    // sending

    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    Outcome send(Case c) throws Exception {
        for (int attempt = 0; ; attempt++) {
            Outcome outcome = c.raw() ? sendRaw(c) : sendHttp(c);
            if (outcome.status() != 429 || attempt == 3) {
                return outcome;
            }
            Thread.sleep(1100); // rate limit of the shared credential: wait and send the same input again
        }
    }

    Outcome sendHttp(Case c) throws Exception {
        HttpRequest.Builder request;
        try {
            URI uri = URI.create(base.toString().replaceAll("/$", "") + c.path());
            request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
            for (String[] h : c.headers()) {
                request.header(h[0], h[1]);
            }
        } catch (IllegalArgumentException e) {
            return sendRaw(c); // a URI or header java.net.http will not send: write it by hand
        }
        request.method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(c.body()));
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            // the server closed the connection (e.g. after a 413 sent before reading the body): retry once raw
            return sendRaw(c);
        }
        return new Outcome(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                new String(response.body(), StandardCharsets.UTF_8), response.body());
    }

    /** Writes the request byte for byte; reads the status line, headers and (Content-Length) body. */
    Outcome sendRaw(Case c) throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            StringBuilder head = new StringBuilder(c.method() + " " + c.path() + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Connection: close\r\n");
            boolean lengthGiven = false;
            for (String[] h : c.headers()) {
                String line = h[0].equals("X-Raw") ? h[1] : h[0] + ": " + h[1];
                lengthGiven |= line.toLowerCase(Locale.ROOT).contains("content-length:")
                        || line.toLowerCase(Locale.ROOT).contains("transfer-encoding:");
                head.append(line).append("\r\n");
                if (h[0].equals("X-Raw") && !line.toLowerCase(Locale.ROOT).contains("content-type")) {
                    head.append("Content-Type: application/json\r\n");
                }
            }
            if (c.body() != null && !lengthGiven) {
                head.append("Content-Length: ").append(c.body().length).append("\r\n");
            }
            head.append("\r\n");
            request.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (c.body() != null) {
                request.writeBytes(c.body());
            }
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.toByteArray());
                out.flush(); // no half-close: Vert.x drops a worker-thread answer when the client sends FIN
            } catch (IOException ignored) {
                // the server may answer and close before the whole body is written
            }
            InputStream in = socket.getInputStream();
            byte[] all;
            try {
                all = in.readAllBytes();
            } catch (IOException e) {
                all = new byte[0];
            }
            String text = new String(all, StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            if (!text.startsWith("HTTP/1.") || end < 0) {
                return new Outcome(-1, "", text);
            }
            int status = Integer.parseInt(text.substring(9, 12));
            String contentType = "";
            for (String line : text.substring(0, end).split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
                    contentType = line.substring(13).strip();
                }
            }
            return new Outcome(status, contentType, text.substring(end + 4),
                    java.util.Arrays.copyOfRange(all, headEnd(all) + 4, all.length));
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // checking

    List<String> check(Case c, Outcome o) {
        List<String> problems = new ArrayList<>();
        int s = o.status();
        if (s == 429) {
            // still rate-limited after the retries: the input was never judged, so the case proves nothing
            problems.add("429 after retries: the case was not judged");
        } else if (s >= 500 || s < 200 || (s >= 300 && s < 400)) {
            problems.add("status " + s);
        } else if (s < 300 && c.expect() == Expect.REJECT) {
            problems.add("accepted (" + s + ") an input that must be refused");
        } else if (s < 300 && (c.expect() == Expect.TSA_REJECTION || c.expect() == Expect.TSA_ANY)) {
            String reply = timeStampReply(o);
            if (reply != null) {
                problems.add(reply);
            } else if (c.expect() == Expect.TSA_REJECTION && timeStampStatus(o) != 2) {
                problems.add("granted (status " + timeStampStatus(o) + ") a time-stamp request that must be refused");
            }
        } else if (s >= 400) {
            if (!o.contentType().startsWith("application/problem+json")) {
                if (!HTTP_LAYER_STATUSES.contains(s) || o.body().startsWith("{")) {
                    problems.add("content type '" + o.contentType() + "' on " + s);
                }
            } else {
                try {
                    JsonNode problem = JSON.readTree(o.body());
                    if (problem == null || !problem.path("type").isTextual() || !problem.path("title").isTextual()
                            || problem.path("status").asInt() != s) {
                        problems.add("incomplete problem document");
                    } else if (asksForChinese(c) && !(HAN.matcher(problem.path("title").asText()).find()
                            && chineseDetail(problem.path("detail").asText()))) {
                        problems.add("asked for Chinese, answered '" + problem.path("title").asText() + "': '"
                                + problem.path("detail").asText() + "'");
                    }
                } catch (IOException e) {
                    problems.add("problem+json that is not JSON");
                }
            }
        }
        String request = new String(c.body() == null ? new byte[0] : c.body(), StandardCharsets.UTF_8) + " " + c.path()
                + " " + c.headers().stream().map(h -> h[1]).reduce("", String::concat);
        // A freshly minted API key is random base64url and may spell "jdbc" by chance: leave keys out of the scan.
        String lowerBody = API_KEY.matcher(o.body()).replaceAll("agk_").toLowerCase(Locale.ROOT);
        for (String internal : INTERNALS) {
            if (lowerBody.contains(internal) && !request.toLowerCase(Locale.ROOT).contains(internal)) {
                problems.add("body names '" + internal + "'");
            }
        }
        if (STACK_FRAME.matcher(o.body()).find()) {
            problems.add("body holds a stack frame");
        }
        if (c.presentedKey() != null && c.presentedKey().length() > 12 && o.body().contains(c.presentedKey())) {
            problems.add("body echoes the presented API key");
        }
        for (String[] h : c.headers()) {
            if (h[0].equals("Authorization") && h[1].length() > 20) {
                String presented = h[1].replaceFirst("(?i)^bearer\\s*", "").strip();
                if (presented.length() > 20 && o.body().contains(presented)) {
                    problems.add("body echoes the presented Authorization value");
                }
            }
        }
        return problems;
    }

    private static final java.util.regex.Pattern HAN = java.util.regex.Pattern.compile("\\p{IsHan}");
    private static final String CHINESE = "zh-CN,zh;q=0.9,en;q=0.5";

    /** {@code c} with {@code Accept-Language} preferring Chinese. */
    static Case inChinese(Case c) {
        List<String[]> headers = new ArrayList<>(c.headers());
        headers.add(new String[] {"Accept-Language", CHINESE});
        return new Case(c.name() + " [zh]", c.method(), c.path(), headers, c.body(), c.expect(), c.presentedKey(),
                c.raw());
    }

    static boolean asksForChinese(Case c) {
        return c.headers().stream().anyMatch(h -> h[0].equals("Accept-Language") && h[1].equals(CHINESE));
    }

    /**
     * A Chinese detail has Chinese words, or is the Chinese "pointer：message" form around a field message quoted
     * as the offline verifier or a key parser wrote it (English in every language).
     */
    static boolean chineseDetail(String detail) {
        return HAN.matcher(detail).find() || detail.contains("\uFF1A");
    }

    @Test
    void everyWriteEndpoint_survivesHostileInput() throws Exception {
        deptCode = "HOSTILE-" + Integer.toString(new Random(SEED).nextInt(1 << 30), 36).toUpperCase()
                + Long.toString(System.nanoTime() % 10_000);
        apiKeys.createDepartment(deptCode, "Hostile input department");
        deptKey = apiKeys.issue(deptCode, List.of(Roles.SUBMITTER, Roles.REVOKER), null, "hostile").key();
        adminKey = apiKeys.issue(null, List.of(Roles.ADMIN), null, "hostile admin").key();
        keyDeptCode = deptCode + "-K";
        apiKeys.createDepartment(keyDeptCode, "Hostile key department");
        existingDigest = "0x" + HexFormat.of().formatHex(new Random(SEED + 1).ints(32, 0, 256)
                .collect(ByteArrayOutputStream::new, ByteArrayOutputStream::write, (a, b) -> { }).toByteArray());

        // Every other case asks for Chinese problem documents, so that every refusal path is checked in both languages.
        List<Case> cases = new ArrayList<>();
        for (Case c : corpus()) {
            cases.add(cases.size() % 2 == 0 ? c : inChinese(c));
        }
        // a real document to revoke, so that on a gateway with the revocation endpoint the body is what is judged
        HttpResponse<String> seeded = client.send(HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "")
                        + "/api/v1/documents")).header("Authorization", "Bearer " + deptKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"digest\":\"" + existingDigest + "\",\"algorithm\":\"sha256\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(seeded.statusCode()).as(seeded.body()).isIn(200, 202);

        long start = System.nanoTime();
        List<String> violations = new ArrayList<>();
        Map<String, Integer> statuses = new TreeMap<>();
        List<String> escaped = new ArrayList<>();
        List<String> accepted = new ArrayList<>();
        for (Case c : cases) {
            Outcome o;
            try {
                o = send(c);
            } catch (Exception e) {
                violations.add(c.name() + ": no answer (" + e.getClass().getSimpleName() + ")");
                continue;
            }
            statuses.merge(o.status() + " " + (o.contentType().isEmpty() ? "-" : o.contentType().split(";")[0]), 1,
                    Integer::sum);
            if (o.status() < 300) {
                accepted.add(c.name() + " -> " + o.status());
            }
            if (o.status() >= 400 && !o.contentType().startsWith("application/problem+json")) {
                escaped.add(c.name() + " -> " + o.status());
            }
            for (String problem : check(c, o)) {
                violations.add(c.name() + ": " + problem + " -> " + o.status() + " " + o.body().substring(0, Math.min(300, o.body().length())).replace("\r\n", " | "));
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("HostileInputTest: %d cases in %d ms; answers %s%n", cases.size(), millis, statuses);
        escaped.forEach(e -> System.out.println("HostileInputTest: outside the problem format: " + e));
        // what was accepted (2xx), for review: hostile-looking input that the gateway takes as valid
        java.nio.file.Files.write(java.nio.file.Path.of("target", "hostile-input-accepted.txt"), accepted);
        violations.stream().limit(200).forEach(v -> System.out.println("HostileInputTest: VIOLATION " + v));
        assertThat(cases).hasSizeGreaterThanOrEqualTo(400);
        assertThat(violations).as("%d of %d hostile cases misbehaved; first 20:%n%s", violations.size(), cases.size(),
                String.join("\n", violations.subList(0, Math.min(20, violations.size())))).isEmpty();
    }
}
