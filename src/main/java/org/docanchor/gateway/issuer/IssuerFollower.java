package org.docanchor.gateway.issuer;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.docanchor.gateway.chain.ChainClient;
import org.docanchor.gateway.chain.ChainConfig;
import org.docanchor.gateway.chain.ChainRejectedException;
import org.docanchor.gateway.chain.ChainUnavailableException;
import org.docanchor.gateway.chain.IssuerEvent;
import org.docanchor.verifier.merkle.Hash32;
import org.docanchor.verifier.signature.DepartmentKey;
import org.jboss.logging.Logger;

/**
 * Keeps the database in step with the issuer registry: reads its events ({@code eth_getLogs}) from the block that
 * deployed it up to {@code confirmations} below the head, applies them in chain order to the {@code issuer_*}
 * tables, and from those to the gateway's own {@code department} and {@code department_key} rows. The chain is the
 * record: the cursor (next block, and the hash of the last block read) is stored with the changes in one
 * transaction, so a crash re-reads at most one range, and a block hash that changed under the cursor (a
 * reorganisation deeper than the confirmations) empties the tables and rebuilds them from the events.
 */
@ApplicationScoped
public class IssuerFollower {

    private static final Logger LOG = Logger.getLogger(IssuerFollower.class);
    /** Blocks per eth_getLogs request: nodes bound the range they answer. */
    static final long RANGE = 2_000;

    private final ChainClient chain;
    private final ChainConfig config;

    public IssuerFollower(ChainClient chain, ChainConfig config) {
        this.chain = chain;
        this.config = config;
    }

    @Scheduled(every = "${anchor.issuer.poll-interval:1s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        try {
            catchUp();
        } catch (ChainUnavailableException | ChainRejectedException e) {
            LOG.debugf("Issuer registry not followed this round: %s", e.getMessage());
        }
    }

    /**
     * Applies every event up to {@code confirmations} below the head and brings department statuses to now;
     * returns the first block not applied yet (-1 when the anchor registry names no issuer registry).
     */
    public synchronized long catchUp() {
        Optional<String> registry = chain.issuerRegistryAddress();
        if (registry.isEmpty()) {
            return -1;
        }
        String address = registry.get().toLowerCase();
        long safe = chain.blockNumber() - config.confirmations();
        Cursor cursor = QuarkusTransaction.requiringNew().call(() -> cursor(address));
        if (cursor.lastBlockHash() != null && cursor.next() > cursor.from()) {
            Optional<Hash32> now = chain.blockHash(cursor.next() - 1);
            if (now.isPresent() && !now.get().equals(cursor.lastBlockHash())) {
                LOG.warnf("Block %d changed under the issuer registry follower (reorganisation): rebuilding the "
                        + "department and key tables from the events", cursor.next() - 1);
                QuarkusTransaction.requiringNew().run(() -> reset(address, cursor.from()));
                return catchUp();
            }
        }
        long next = cursor.next();
        while (next <= safe) {
            long from = next;
            long to = Math.min(safe, from + RANGE - 1);
            Hash32 toHash = chain.blockHash(to).orElseThrow(() -> new ChainRejectedException("no block " + to));
            List<IssuerEvent.Logged> events = chain.issuerEvents(from, to);
            Map<Long, Hash32> canonical = new HashMap<>();
            canonical.put(to, toHash);
            for (IssuerEvent.Logged event : events) {
                Hash32 hash = canonical.computeIfAbsent(event.blockNumber(),
                        n -> chain.blockHash(n).orElseThrow(() -> new ChainRejectedException("no block " + n)));
                if (!hash.equals(event.blockHash())) {
                    throw new ChainRejectedException("an event of block " + event.blockNumber() + " is not in the "
                            + "canonical block (reorganisation while reading); read again next round");
                }
            }
            boolean applied = QuarkusTransaction.requiringNew().call(() -> {
                EntityManager em = Panache.getEntityManager();
                Object current = em.createNativeQuery("select next_block from issuer_follower where registry = ?1 "
                        + "for update").setParameter(1, address).getSingleResult();
                if (((Number) current).longValue() != from) {
                    return false; // another replica applied this range first
                }
                for (IssuerEvent.Logged event : events) {
                    apply(em, event);
                }
                em.createNativeQuery("update issuer_follower set next_block = ?1, last_block_hash = ?2 "
                        + "where registry = ?3").setParameter(1, to + 1).setParameter(2, toHash.bytes())
                        .setParameter(3, address).executeUpdate();
                return true;
            });
            if (!applied) {
                next = QuarkusTransaction.requiringNew().call(() -> cursor(address)).next();
                continue;
            }
            if (!events.isEmpty()) {
                LOG.infof("Applied %d issuer registry events of blocks %d-%d", events.size(), from, to);
            }
            next = to + 1;
        }
        QuarkusTransaction.requiringNew().run(() -> projectStatuses(Panache.getEntityManager()));
        return next;
    }

    /** Empties the issuer tables and puts the cursor back to the deployment block; the next round rebuilds. */
    public void reset(String registryAddress, long fromBlock) {
        EntityManager em = Panache.getEntityManager();
        em.createNativeQuery("delete from issuer_department").executeUpdate();
        em.createNativeQuery("update issuer_follower set next_block = ?1, last_block_hash = null where registry = ?2")
                .setParameter(1, fromBlock).setParameter(2, registryAddress.toLowerCase()).executeUpdate();
    }

    private record Cursor(long from, long next, Hash32 lastBlockHash) {
    }

    private Cursor cursor(String address) {
        EntityManager em = Panache.getEntityManager();
        List<?> rows = em.createNativeQuery("select from_block, next_block, last_block_hash from issuer_follower "
                + "where registry = ?1").setParameter(1, address).getResultList();
        if (rows.isEmpty()) {
            long from = chain.issuerRegistryFromBlock();
            em.createNativeQuery("insert into issuer_follower (registry, from_block, next_block) values (?1, ?2, ?2) "
                    + "on conflict do nothing").setParameter(1, address).setParameter(2, from).executeUpdate();
            return new Cursor(from, from, null);
        }
        Object[] row = (Object[]) rows.get(0);
        return new Cursor(((Number) row[0]).longValue(), ((Number) row[1]).longValue(),
                row[2] == null ? null : new Hash32((byte[]) row[2]));
    }

    static String algorithm(int code) {
        return switch (code) {
            case 1 -> "ecdsa-p256";
            case 2 -> "ed25519";
            case 3 -> "sm2";
            default -> throw new ChainRejectedException("unknown key algorithm " + code + " in an issuer event");
        };
    }

    static String keyRevocationReason(int code) {
        return switch (code) {
            case 1 -> "superseded";
            case 2 -> "compromised";
            default -> throw new ChainRejectedException("unknown key revocation reason " + code + " in an issuer event");
        };
    }

    static String fingerprint(Hash32 fingerprint) {
        return "sha256:" + fingerprint.toHex().substring(2);
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }

    private void apply(EntityManager em, IssuerEvent.Logged logged) {
        long block = logged.blockNumber();
        switch (logged.event()) {
            case IssuerEvent.DepartmentRegistered e -> {
                em.createNativeQuery("insert into issuer_department (code, name_zh, name_en, registered_at, "
                        + "block_number) values (?1, ?2, ?3, ?4, ?5) on conflict do nothing")
                        .setParameter(1, e.code()).setParameter(2, e.nameZh()).setParameter(3, e.nameEn())
                        .setParameter(4, ts(e.registeredAt())).setParameter(5, block).executeUpdate();
                appendStatus(em, e.code(), true, e.registeredAt(), block);
                // The gateway's own row (API keys, documents) follows; a department created before the issuer
                // registry existed is taken over by its code.
                em.createNativeQuery("insert into department (code, name, name_zh, status, created_at) "
                        + "values (?1, ?2, ?3, 'ACTIVE', ?4) on conflict (code) do update set name = excluded.name, "
                        + "name_zh = excluded.name_zh").setParameter(1, e.code()).setParameter(2, e.nameEn())
                        .setParameter(3, e.nameZh()).setParameter(4, ts(e.registeredAt())).executeUpdate();
            }
            case IssuerEvent.DepartmentRenamed e -> {
                em.createNativeQuery("update issuer_department set name_zh = ?2, name_en = ?3 where code = ?1")
                        .setParameter(1, e.code()).setParameter(2, e.nameZh()).setParameter(3, e.nameEn())
                        .executeUpdate();
                em.createNativeQuery("update department set name_zh = ?2, name = ?3 where code = ?1")
                        .setParameter(1, e.code()).setParameter(2, e.nameZh()).setParameter(3, e.nameEn())
                        .executeUpdate();
            }
            case IssuerEvent.DepartmentStatus e -> appendStatus(em, e.code(), e.active(), e.from(), block);
            case IssuerEvent.KeyRegistered e -> {
                String fingerprint = fingerprint(e.fingerprint());
                String algorithm = algorithm(e.algorithm());
                em.createNativeQuery("insert into issuer_key (code, fingerprint, algorithm, spki, valid_from, "
                        + "registered_at, block_number) values (?1, ?2, ?3, ?4, ?5, ?6, ?7) on conflict do nothing")
                        .setParameter(1, e.code()).setParameter(2, fingerprint).setParameter(3, algorithm)
                        .setParameter(4, e.spki()).setParameter(5, ts(e.validFrom()))
                        .setParameter(6, ts(e.registeredAt())).setParameter(7, block).executeUpdate();
                List<?> material = em.createNativeQuery("select pem, certificate from issuer_key_material "
                        + "where code = ?1 and fingerprint = ?2").setParameter(1, e.code())
                        .setParameter(2, fingerprint).getResultList();
                String pem;
                boolean certificate = false;
                if (material.isEmpty()) {
                    pem = spkiPem(e.spki());
                } else {
                    Object[] row = (Object[]) material.get(0);
                    pem = (String) row[0];
                    certificate = (Boolean) row[1];
                }
                em.createNativeQuery("insert into department_key (department_id, algorithm, fingerprint, pem, "
                        + "certificate, created_at, valid_from) select d.id, ?2, ?3, ?4, ?5, ?6, ?7 from department d "
                        + "where d.code = ?1 on conflict on constraint department_key_unique do update set "
                        + "algorithm = excluded.algorithm, pem = excluded.pem, certificate = excluded.certificate, "
                        + "valid_from = excluded.valid_from, revoked_at = null, revocation_reason = null")
                        .setParameter(1, e.code()).setParameter(2, algorithm).setParameter(3, fingerprint)
                        .setParameter(4, pem).setParameter(5, certificate).setParameter(6, ts(e.registeredAt()))
                        .setParameter(7, ts(e.validFrom())).executeUpdate();
                // From its first key on, the department's submissions must be signed (see Department).
                em.createNativeQuery("update department set signatures_required = true where code = ?1 "
                        + "and not signatures_required").setParameter(1, e.code()).executeUpdate();
            }
            case IssuerEvent.KeyRevoked e -> {
                String fingerprint = fingerprint(e.fingerprint());
                String reason = keyRevocationReason(e.reason());
                em.createNativeQuery("update issuer_key set revocation_reason = ?3, effective_at = ?4, revoked_at = ?5 "
                        + "where code = ?1 and fingerprint = ?2").setParameter(1, e.code()).setParameter(2, fingerprint)
                        .setParameter(3, reason).setParameter(4, ts(e.effectiveAt())).setParameter(5, ts(e.revokedAt()))
                        .executeUpdate();
                // department_key.revoked_at is when the key stops signing for the department.
                em.createNativeQuery("update department_key k set revoked_at = ?3, revocation_reason = ?4 from "
                        + "department d where d.id = k.department_id and d.code = ?1 and k.fingerprint = ?2")
                        .setParameter(1, e.code()).setParameter(2, fingerprint).setParameter(3, ts(e.effectiveAt()))
                        .setParameter(4, reason).executeUpdate();
            }
            case IssuerEvent.DocumentType e -> {
                if (e.allowed()) {
                    em.createNativeQuery("insert into issuer_document_type (code, doc_type) values (?1, ?2) "
                            + "on conflict do nothing").setParameter(1, e.code()).setParameter(2, e.docType())
                            .executeUpdate();
                } else {
                    em.createNativeQuery("delete from issuer_document_type where code = ?1 and doc_type = ?2")
                            .setParameter(1, e.code()).setParameter(2, e.docType()).executeUpdate();
                }
            }
        }
    }

    private static void appendStatus(EntityManager em, String code, boolean active, Instant from, long block) {
        em.createNativeQuery("insert into issuer_department_status (code, position, active, from_at, block_number) "
                + "select ?1, coalesce(max(position) + 1, 0), ?2, ?3, ?4 from issuer_department_status where code = ?1")
                .setParameter(1, code).setParameter(2, active).setParameter(3, ts(from)).setParameter(4, block)
                .executeUpdate();
    }

    /**
     * The gateway's department status is the chain's status now: the last history entry in force (a suspension
     * dated in the future takes effect when its time comes).
     */
    private static void projectStatuses(EntityManager em) {
        em.createNativeQuery("update department d set status = s.status from (select i.code, case when coalesce("
                + "(select h.active from issuer_department_status h where h.code = i.code and h.from_at <= now() "
                + "order by h.position desc limit 1), true) then 'ACTIVE' else 'SUSPENDED' end as status "
                + "from issuer_department i) s where d.code = s.code and d.status <> s.status").executeUpdate();
    }

    private static String spkiPem(byte[] spki) {
        String body = java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(spki);
        String pem = "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----";
        return DepartmentKey.parse(pem).toPem();
    }
}
