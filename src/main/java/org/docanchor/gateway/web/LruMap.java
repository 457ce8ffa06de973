package org.docanchor.gateway.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A thread-safe map of at most {@code capacity} entries that forgets the least recently used one first: memory stays
 * bounded whatever keys callers make up (client addresses, chain reads).
 */
public final class LruMap<K, V> {

    private final int capacity;
    private final LinkedHashMap<K, V> entries;

    public LruMap(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        }
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > LruMap.this.capacity;
            }
        };
    }

    /** The value for {@code key}, made by {@code create} (while the map is locked: keep it cheap) when absent. */
    public synchronized V computeIfAbsent(K key, Function<? super K, ? extends V> create) {
        return entries.computeIfAbsent(key, create);
    }

    /** The value for {@code key}, or null. */
    public synchronized V get(K key) {
        return entries.get(key);
    }

    public synchronized void put(K key, V value) {
        entries.put(key, value);
    }

    public synchronized int size() {
        return entries.size();
    }

    public int capacity() {
        return capacity;
    }
}
