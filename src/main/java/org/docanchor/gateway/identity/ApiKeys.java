package org.docanchor.gateway.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issues and checks department API keys. A key reads {@code agk_<8 id characters>_<secret>}; the first two
 * parts are its public prefix, and only the SHA-256 of the whole key is stored.
 */
@ApplicationScoped
public class ApiKeys {

    static final Pattern FORMAT = Pattern.compile("(agk_[A-Za-z0-9]{8})_([A-Za-z0-9_-]{32,64})");
    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Creates a department (test and bootstrap use). */
    @Transactional
    public Department createDepartment(String code, String name) {
        Department department = new Department();
        department.code = code;
        department.name = name;
        department.persist();
        return department;
    }

    /** Issues a new random key for the department and returns it; this is the only time it is visible. */
    @Transactional
    public String issue(String departmentCode, Instant expiresAt) {
        StringBuilder id = new StringBuilder("agk_");
        for (int i = 0; i < 8; i++) {
            id.append(ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length())));
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String key = id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        register(departmentCode, key, expiresAt);
        return key;
    }

    /** Registers a key whose plaintext the caller chose (the dev profile's documented demo key). */
    @Transactional
    public void register(String departmentCode, String key, Instant expiresAt) {
        Matcher matcher = FORMAT.matcher(key);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("an API key must read agk_<8 letters or digits>_<32-64 characters>");
        }
        Department department = Department.findByCode(departmentCode);
        if (department == null) {
            throw new IllegalArgumentException("no department " + departmentCode);
        }
        ApiKey row = new ApiKey();
        row.department = department;
        row.prefix = matcher.group(1);
        row.hash = sha256(key);
        row.expiresAt = expiresAt;
        row.persist();
    }

    /** The department a presented key belongs to, when the key is well formed, known, unexpired and unrevoked. */
    @Transactional
    public Optional<Department> authenticate(String presented) {
        Matcher matcher = FORMAT.matcher(presented);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        ApiKey key = ApiKey.find("prefix", matcher.group(1)).firstResult();
        if (key == null || !MessageDigest.isEqual(key.hash, sha256(presented)) || !key.usableAt(Instant.now())) {
            return Optional.empty();
        }
        return Optional.of(key.department);
    }

    /** The public part of a presented key, safe to log; "malformed" when it does not look like a key. */
    public static String prefixOf(String presented) {
        Matcher matcher = FORMAT.matcher(presented);
        return matcher.matches() ? matcher.group(1) : "malformed";
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
