package org.docanchor.gateway.identity;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issues and checks API keys. A key reads {@code agk_<8 id characters>_<secret>}; the first two parts are its
 * public prefix, and only the SHA-256 of the whole key is stored. A department holds at most two active keys, so
 * a key can be rotated without downtime: issue the new one, switch, revoke the old one.
 */
@ApplicationScoped
public class ApiKeys {

    /** Active keys a department may hold at once. */
    public static final int MAX_ACTIVE_PER_DEPARTMENT = 2;

    static final Pattern FORMAT = Pattern.compile("(agk_[A-Za-z0-9]{8})_([A-Za-z0-9_-]{32,64})");
    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Who presented a valid key: its prefix, roles and department (null for operator keys). */
    public record Credential(String prefix, List<String> roles, Long departmentId, String departmentCode) {
    }

    /** A key just issued: the plaintext (shown once) and its public prefix. */
    public record IssuedKey(String key, String prefix) {
    }

    /** Creates a department (tests, bootstrap and the admin API). */
    @Transactional
    public Department createDepartment(String code, String name) {
        Department department = new Department();
        department.code = code;
        department.name = name;
        department.persist();
        return department;
    }

    /** Issues a submitter key for the department (tests). */
    @Transactional
    public String issue(String departmentCode, Instant expiresAt) {
        return issue(departmentCode, List.of(Roles.SUBMITTER), expiresAt, null).key();
    }

    /**
     * Issues a new random key; {@code departmentCode} null makes an operator key. Fails when the department
     * already has {@link #MAX_ACTIVE_PER_DEPARTMENT} active keys.
     */
    @Transactional
    public IssuedKey issue(String departmentCode, List<String> roles, Instant expiresAt, String label) {
        StringBuilder id = new StringBuilder("agk_");
        for (int i = 0; i < 8; i++) {
            id.append(ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length())));
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String key = id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        register(departmentCode, key, roles, expiresAt, label);
        return new IssuedKey(key, id.toString());
    }

    /** Registers a submitter key whose plaintext the caller chose (the dev demo key, tests). */
    @Transactional
    public void register(String departmentCode, String key, Instant expiresAt) {
        register(departmentCode, key, List.of(Roles.SUBMITTER), expiresAt, null);
    }

    /** Registers a key whose plaintext the caller chose (the dev demo key, the bootstrap admin key). */
    @Transactional
    public void register(String departmentCode, String key, List<String> roles, Instant expiresAt, String label) {
        Matcher matcher = FORMAT.matcher(key);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("an API key must read agk_<8 letters or digits>_<32-64 characters>");
        }
        Department department = null;
        if (departmentCode != null) {
            department = Department.findByCode(departmentCode);
            if (department == null) {
                throw new IllegalArgumentException("no department " + departmentCode);
            }
            if (!Roles.DEPARTMENT.containsAll(roles)) {
                throw new IllegalArgumentException("a department key holds only " + Roles.DEPARTMENT);
            }
            long active = ApiKey.<ApiKey>list("department", department).stream()
                    .filter(k -> k.activeAt(Instant.now())).count();
            if (active >= MAX_ACTIVE_PER_DEPARTMENT) {
                throw new IllegalStateException("department " + departmentCode + " already has "
                        + MAX_ACTIVE_PER_DEPARTMENT + " active keys: revoke one first");
            }
        } else if (!Roles.OPERATOR.containsAll(roles)) {
            throw new IllegalArgumentException("an operator key holds only " + Roles.OPERATOR);
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("a key needs at least one role");
        }
        ApiKey row = new ApiKey();
        row.department = department;
        row.prefix = matcher.group(1);
        row.hash = sha256(key);
        row.roles = roles.stream().distinct().toArray(String[]::new);
        row.expiresAt = expiresAt;
        row.label = label;
        row.persist();
    }

    /** Revokes the key with this prefix; true when it existed (revoking twice is harmless). */
    @Transactional
    public boolean revoke(String prefix) {
        ApiKey key = ApiKey.find("prefix", prefix).firstResult();
        if (key == null) {
            return false;
        }
        if (key.revokedAt == null) {
            key.revokedAt = Instant.now();
        }
        return true;
    }

    /** The prefix of the dev profile's documented demo key, which is public (README) and so never valid elsewhere. */
    static final String DEMO_PREFIX = "agk_demo0001";

    /**
     * Whether this is the dev demo key presented outside the dev profile: refused even if its row reached a shared
     * database (a dev gateway pointed at it once).
     */
    static boolean isDemoKeyOutsideDev(String prefix) {
        return DEMO_PREFIX.equals(prefix) && io.quarkus.runtime.LaunchMode.current()
                != io.quarkus.runtime.LaunchMode.DEVELOPMENT;
    }

    /** Whether the prefix of {@code key} is registered already, whatever the state of that key. */
    @Transactional
    public boolean prefixExists(String key) {
        Matcher matcher = FORMAT.matcher(key);
        return matcher.matches() && ApiKey.count("prefix", matcher.group(1)) > 0;
    }

    /** Whether an active admin key exists (the bootstrap key is only taken when none does). */
    @Transactional
    public boolean hasActiveAdmin() {
        return ApiKey.<ApiKey>list("department is null").stream()
                .anyMatch(k -> k.activeAt(Instant.now()) && List.of(k.roles).contains(Roles.ADMIN));
    }

    /** The row of a key, with its department, in one query on a connection of its own (no transaction). */
    private static final String KEY_ROW = """
            select k.key_hash, k.roles, k.expires_at, k.revoked_at, d.id, d.code, d.status
              from api_key k left join department d on d.id = k.department_id
             where k.key_prefix = ?""";

    @Inject
    AgroalDataSource dataSource;

    /**
     * The credential a presented key stands for, when it is well formed, known, active and its department too. One
     * indexed query per request; every column but the hash is read only once the secret matched.
     */
    public Optional<Credential> authenticate(String presented) {
        Matcher matcher = FORMAT.matcher(presented);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        ApiKey key;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(KEY_ROW)) {
            select.setString(1, matcher.group(1));
            try (ResultSet row = select.executeQuery()) {
                byte[] storedHash = row.next() ? row.getBytes(1) : null;
                if (!secretMatches(storedHash, presented, SHA256_CHECK) || isDemoKeyOutsideDev(matcher.group(1))) {
                    return Optional.empty();
                }
                key = keyOf(row, matcher.group(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read API key " + matcher.group(1) + " (SQLState "
                    + e.getSQLState() + ")", e);
        }
        Instant now = Instant.now();
        if (key.activeAt(now) && !key.usableAt(now)) {
            // The secret is right: its holder may know why it does not work.
            throw CredentialRefused.because("unauthenticated.suspended", key.department.code);
        }
        if (!key.usableAt(now)) {
            return Optional.empty();
        }
        return Optional.of(new Credential(key.prefix, List.of(key.roles),
                key.department == null ? null : key.department.id,
                key.department == null ? null : key.department.code));
    }

    /** The key on {@code row}, as a detached entity, for its rules ({@link ApiKey#usableAt}). */
    private static ApiKey keyOf(ResultSet row, String prefix) throws SQLException {
        ApiKey key = new ApiKey();
        key.prefix = prefix;
        key.roles = (String[]) row.getArray(2).getArray();
        java.sql.Timestamp expires = row.getTimestamp(3);
        java.sql.Timestamp revoked = row.getTimestamp(4);
        key.expiresAt = expires == null ? null : expires.toInstant();
        key.revokedAt = revoked == null ? null : revoked.toInstant();
        long departmentId = row.getLong(5);
        if (!row.wasNull()) {
            key.department = new Department();
            key.department.id = departmentId;
            key.department.code = row.getString(6);
            key.department.status = Department.Status.valueOf(row.getString(7));
        }
        return key;
    }

    /** The public part of a presented key, safe to log; "malformed" when it does not look like a key. */
    public static String prefixOf(String presented) {
        Matcher matcher = FORMAT.matcher(presented);
        return matcher.matches() ? matcher.group(1) : "malformed";
    }

    /** Whether a presented key's hash equals a stored hash: the one comparison every presented key goes through. */
    interface SecretCheck {
        boolean equal(byte[] storedHash, String presented);
    }

    /** SHA-256 of the presented key, compared in constant time. */
    static final SecretCheck SHA256_CHECK = (storedHash, presented) -> MessageDigest.isEqual(storedHash,
            sha256(presented));

    /**
     * Stands in for the stored hash when no key has the presented prefix: the hash of a random key nobody holds, so
     * the check below never succeeds by it.
     */
    static final byte[] NO_SUCH_KEY_HASH;

    static {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        NO_SUCH_KEY_HASH = sha256("agk_00000000_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /**
     * Whether {@code presented} is the secret whose hash is {@code storedHash}. An unknown prefix ({@code storedHash}
     * null) is checked against {@link #NO_SUCH_KEY_HASH} with the same hashing and comparison, so that it costs what
     * a wrong secret for a known prefix costs and the answer time does not tell which prefixes exist.
     */
    static boolean secretMatches(byte[] storedHash, String presented, SecretCheck check) {
        boolean equal = check.equal(storedHash != null ? storedHash : NO_SUCH_KEY_HASH, presented);
        return storedHash != null && equal;
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
