package org.docanchor.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The signing keys the verifier trusts each listed department to hold, by SHA-256 fingerprint of the key's
 * SubjectPublicKeyInfo. A department the list does not name is not covered: its signatures verify but are reported
 * as not tied to it.
 *
 * @param fingerprints department code to {@code sha256:<64 lower-case hex>} fingerprints
 */
public record DepartmentKeyList(Map<String, Set<String>> fingerprints) {

    public DepartmentKeyList {
        Map<String, Set<String>> copy = new LinkedHashMap<>();
        fingerprints.forEach((department, keys) -> {
            if (department == null || !department.matches("[A-Z0-9][A-Z0-9-]{0,31}")) {
                throw new IllegalArgumentException("department code \"" + department
                        + "\" is not 1 to 32 characters from A-Z 0-9 -, the first not -");
            }
            Set<String> normalized = new LinkedHashSet<>();
            for (String key : keys) {
                if (key == null || !key.matches("sha256:[0-9a-fA-F]{64}")) {
                    throw new IllegalArgumentException("key fingerprint \"" + key + "\" of department " + department
                            + " is not sha256: and 64 hex digits");
                }
                normalized.add(key.toLowerCase(Locale.ROOT));
            }
            copy.put(department, Set.copyOf(normalized));
        });
        fingerprints = Map.copyOf(copy);
    }

    /**
     * Reads {@code {"DEPT": ["sha256:…", …], …}}.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static DepartmentKeyList parse(String json) {
        JsonNode tree = StrictJson.read(json, "the department key list");
        if (!tree.isObject()) {
            throw new IllegalArgumentException("the department key list is a JSON object {\"DEPT\": [\"sha256:…\"]}");
        }
        Map<String, Set<String>> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isArray()) {
                throw new IllegalArgumentException("the keys of department " + entry.getKey()
                        + " must be an array of fingerprints");
            }
            Set<String> keys = new LinkedHashSet<>();
            for (JsonNode key : entry.getValue()) {
                if (!key.isTextual()) {
                    throw new IllegalArgumentException("key fingerprint " + key + " of department " + entry.getKey()
                            + " is not a string");
                }
                keys.add(key.textValue());
            }
            map.put(entry.getKey(), keys);
        }
        return new DepartmentKeyList(map);
    }

    /** Whether the list says which keys {@code department} holds. */
    public boolean covers(String department) {
        return fingerprints.containsKey(department);
    }

    /** Whether the list holds {@code fingerprint} for {@code department}. */
    public boolean holds(String department, String fingerprint) {
        return fingerprints.getOrDefault(department, Set.of()).contains(fingerprint.toLowerCase(Locale.ROOT));
    }

    /** How many keys the list holds for {@code department}. */
    public int count(String department) {
        return fingerprints.getOrDefault(department, Set.of()).size();
    }
}
