package org.docanchor.verifier.receipt;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The receipt keys a verifier trusts: an RFC 7517 JWK set of P-256 public keys ({@code kty} EC, {@code crv} P-256),
 * each named by its RFC 7638 thumbprint ({@code kid}). The gateway publishes its own at {@code GET
 * /.well-known/jwks.json}: the key it signs with now, then the keys it signed with before.
 */
public final class ReceiptKeySet {

    /** P-256's parameters (secp256r1). */
    static final ECParameterSpec P256;

    static {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            P256 = parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Members a key may have besides kty, crv, x, y and kid; each with its one allowed value. */
    private static final Map<String, String> OPTIONAL = Map.of("alg", "ES256", "use", "sig");

    private final Map<String, ECPublicKey> keys;

    private ReceiptKeySet(Map<String, ECPublicKey> keys) {
        this.keys = keys;
    }

    /** The set of these keys, in this order (the signing key first). */
    public static ReceiptKeySet of(List<ECPublicKey> keys) {
        Map<String, ECPublicKey> byKid = new LinkedHashMap<>();
        for (ECPublicKey key : keys) {
            if (!onP256(key.getW()) || !key.getParams().getCurve().equals(P256.getCurve())) {
                throw new IllegalArgumentException("a receipt key is a P-256 key");
            }
            byKid.putIfAbsent(thumbprint(key), key);
        }
        return new ReceiptKeySet(byKid);
    }

    /** Reads a JWK set strictly: every key a P-256 public key whose {@code kid} is its RFC 7638 thumbprint. */
    public static ReceiptKeySet parse(String json) throws MalformedReceiptException {
        JsonNode tree;
        try {
            tree = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MalformedReceiptException("the key set is not " + ReceiptJws.jsonProblem(e));
        }
        if (tree == null || !tree.isObject() || !tree.path("keys").isArray() || tree.size() != 1) {
            throw new MalformedReceiptException("a key set is a JSON object with one member, keys, an array");
        }
        Map<String, ECPublicKey> keys = new LinkedHashMap<>();
        int i = 0;
        for (JsonNode jwk : tree.get("keys")) {
            String at = "/keys/" + i++;
            if (!jwk.isObject()) {
                throw new MalformedReceiptException(at + ": a key is a JSON object");
            }
            for (Iterator<String> names = jwk.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!Set.of("kty", "crv", "x", "y", "kid").contains(name) && !OPTIONAL.containsKey(name)) {
                    throw new MalformedReceiptException(at + ": unexpected member " + name
                            + " (a receipt key has kty, crv, x, y, kid, and optionally alg ES256 and use sig)");
                }
            }
            for (Map.Entry<String, String> optional : OPTIONAL.entrySet()) {
                if (jwk.has(optional.getKey()) && !optional.getValue().equals(jwk.get(optional.getKey()).asText(null))) {
                    throw new MalformedReceiptException(at + "/" + optional.getKey() + ": must be "
                            + optional.getValue());
                }
            }
            if (!"EC".equals(text(jwk, "kty")) || !"P-256".equals(text(jwk, "crv"))) {
                throw new MalformedReceiptException(at + ": a receipt key is kty EC, crv P-256");
            }
            byte[] x = Base64Url.decode(nonNull(text(jwk, "x")));
            byte[] y = Base64Url.decode(nonNull(text(jwk, "y")));
            if (x == null || y == null || x.length != 32 || y.length != 32) {
                throw new MalformedReceiptException(at + ": x and y are 32 bytes each, base64url without padding");
            }
            ECPoint point = new ECPoint(new BigInteger(1, x), new BigInteger(1, y));
            if (!onP256(point)) {
                throw new MalformedReceiptException(at + ": the point (x, y) is not on P-256");
            }
            ECPublicKey key = publicKey(point);
            String kid = text(jwk, "kid");
            String thumbprint = thumbprint(key);
            if (!thumbprint.equals(kid)) {
                throw new MalformedReceiptException(at + "/kid: must be the key's RFC 7638 thumbprint " + thumbprint);
            }
            if (keys.putIfAbsent(kid, key) != null) {
                throw new MalformedReceiptException(at + ": key " + kid + " is listed twice");
            }
        }
        if (keys.isEmpty()) {
            throw new MalformedReceiptException("the key set has no key");
        }
        return new ReceiptKeySet(keys);
    }

    /** The key named {@code kid}. */
    public Optional<ECPublicKey> key(String kid) {
        return Optional.ofNullable(keys.get(kid));
    }

    /** The key ids, in the set's order. */
    public List<String> kids() {
        return List.copyOf(keys.keySet());
    }

    /** The set as RFC 7517 JSON, each key with {@code kid}, {@code alg} ES256 and {@code use} sig. */
    public String toJson() {
        StringBuilder out = new StringBuilder("{\"keys\":[");
        String separator = "";
        for (Map.Entry<String, ECPublicKey> key : keys.entrySet()) {
            ECPoint w = key.getValue().getW();
            out.append(separator).append("{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"").append(coordinate(w.getAffineX()))
                    .append("\",\"y\":\"").append(coordinate(w.getAffineY())).append("\",\"kid\":\"")
                    .append(key.getKey()).append("\",\"alg\":\"ES256\",\"use\":\"sig\"}");
            separator = ",";
        }
        return out.append("]}").toString();
    }

    /** RFC 7638: base64url of the SHA-256 of {@code {"crv":"P-256","kty":"EC","x":…,"y":…}}. */
    public static String thumbprint(ECPublicKey key) {
        String canonical = "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + coordinate(key.getW().getAffineX())
                + "\",\"y\":\"" + coordinate(key.getW().getAffineY()) + "\"}";
        try {
            return Base64Url.encode(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /** A coordinate as 32 big-endian bytes, base64url (RFC 7518 section 6.2.1.2: the full length, zeros kept). */
    static String coordinate(BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] fixed = new byte[32];
        int length = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - length, fixed, 32 - length, length);
        return Base64Url.encode(fixed);
    }

    static ECPublicKey publicKey(ECPoint point) {
        try {
            return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, P256));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a P-256 public key", e);
        }
    }

    /** y^2 = x^3 - 3x + b (mod p), both coordinates below p: the JDK does not check it when a key is made. */
    static boolean onP256(ECPoint point) {
        if (point.equals(ECPoint.POINT_INFINITY)) {
            return false;
        }
        BigInteger p = ((java.security.spec.ECFieldFp) P256.getCurve().getField()).getP();
        BigInteger x = point.getAffineX();
        BigInteger y = point.getAffineY();
        if (x.signum() < 0 || y.signum() < 0 || x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            return false;
        }
        BigInteger right = x.pow(3).add(P256.getCurve().getA().multiply(x)).add(P256.getCurve().getB()).mod(p);
        return y.modPow(BigInteger.TWO, p).equals(right);
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static String nonNull(String text) {
        return text == null ? "" : text;
    }

    @Override
    public String toString() {
        return "receipt keys " + Arrays.toString(keys.keySet().toArray());
    }
}
