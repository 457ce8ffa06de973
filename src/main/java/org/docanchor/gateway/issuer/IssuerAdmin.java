package org.docanchor.gateway.issuer;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.docanchor.gateway.chain.ChainClient;
import org.docanchor.gateway.chain.ChainConfig;
import org.docanchor.gateway.chain.ChainRejectedException;
import org.docanchor.gateway.chain.IssuerCall;
import org.docanchor.gateway.chain.TransactionOutcome;
import org.docanchor.gateway.web.Message;
import org.docanchor.gateway.web.Problem;
import org.docanchor.gateway.web.ProblemException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Writes to the issuer registry on behalf of the admin API. With an issuer-admin key (dev, test, or an operator
 * who chose to hold it) the transaction is signed, sent, and followed until its event is applied to the database;
 * without one (the production default) it is prepared, unsigned, for the accrediting body to sign.
 */
@ApplicationScoped
public class IssuerAdmin {

    /** What became of a write. */
    public sealed interface Outcome {
    }

    /** Mined in {@code blockNumber}, and its event is in the database. */
    public record Applied(String txHash, long blockNumber) implements Outcome {
    }

    /** Sent; its event is not in the database yet (mined too recently, or not yet mined). */
    public record Pending(String txHash) implements Outcome {
    }

    /** Not sent: the accrediting body signs and sends it. */
    public record Prepared(PreparedTransaction transaction) implements Outcome {
    }

    /**
     * An unsigned issuer registry transaction: send {@code data} to {@code to} on chain {@code chainId} from an
     * account holding ISSUER_ADMIN_ROLE, for instance with the {@code cast} line.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PreparedTransaction(long chainId, String to, String data, String function, String signature,
            List<String> arguments, String cast) {
    }

    private final ChainClient chain;
    private final ChainConfig config;
    private final IssuerFollower follower;
    private final Duration landingTimeout;

    public IssuerAdmin(ChainClient chain, ChainConfig config, IssuerFollower follower,
            @ConfigProperty(name = "anchor.issuer.landing-timeout", defaultValue = "20s") Duration landingTimeout) {
        this.chain = chain;
        this.config = config;
        this.follower = follower;
        this.landingTimeout = landingTimeout;
    }

    /** Whether the gateway signs issuer registry changes itself (else it prepares them). */
    public boolean holdsKey() {
        return chain.issuerAdminAddress().isPresent();
    }

    /** The issuer registry's address, or a 409 problem when the anchor registry names none. */
    public String registry() {
        return chain.issuerRegistryAddress().orElseThrow(() -> ProblemException.conflict("no-issuer-registry",
                "no-issuer-registry.none"));
    }

    /**
     * The earliest time a new key, a reinstatement or a supersession may be dated: the contract refuses times
     * before the block that records them, so this leaves a block period and two seconds for it to be mined.
     */
    public Instant earliest() {
        Instant head = chain.head().time();
        Instant now = Instant.now();
        return (head.isAfter(now) ? head : now).plus(config.blockPeriod())
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusSeconds(2);
    }

    /** Waits until {@code time} has come (bounded by the landing timeout), then brings statuses up to date. */
    public void awaitTime(Instant time) {
        Instant deadline = Instant.now().plus(landingTimeout);
        while (Instant.now().isBefore(time) && Instant.now().isBefore(deadline)) {
            sleep(100);
        }
        follower.catchUp();
    }

    /** Builds the call against the registry, then sends or prepares it. */
    public Outcome submit(java.util.function.Function<ChainClient, IssuerCall> build) {
        registry();
        IssuerCall call = build.apply(chain);
        if (!holdsKey()) {
            return new Prepared(prepare(call));
        }
        return send(call);
    }

    private synchronized Outcome send(IssuerCall call) {
        String txHash;
        try {
            txHash = chain.sendIssuerCall(call);
        } catch (ChainRejectedException e) {
            throw refused(call, Message.verbatim(e.getMessage()));
        }
        Instant deadline = Instant.now().plus(landingTimeout);
        long block = -1;
        while (Instant.now().isBefore(deadline)) {
            if (block < 0) {
                Optional<TransactionOutcome> outcome = chain.outcome(txHash);
                if (outcome.isPresent()) {
                    if (!outcome.get().succeeded()) {
                        throw refused(call, outcome.get().revertReason() == null
                                ? Message.of("issuer-registry-refused.reverted", txHash)
                                : Message.of("issuer-registry-refused.reverted-because", txHash,
                                        outcome.get().revertReason()));
                    }
                    block = outcome.get().blockNumber();
                }
            }
            if (block >= 0 && follower.catchUp() > block) {
                return new Applied(txHash, block);
            }
            sleep(200);
        }
        return new Pending(txHash);
    }

    private static ProblemException refused(IssuerCall call, Message why) {
        return new ProblemException(Problem.of(409, "issuer-registry-refused", "issuer-registry-refused.call",
                call.function(), why));
    }

    private PreparedTransaction prepare(IssuerCall call) {
        String to = registry();
        String cast = "cast send --rpc-url \"$RPC_URL\" --account accreditor " + to + " " + quote(call.signature())
                + " " + call.arguments().stream().map(IssuerAdmin::quote).collect(Collectors.joining(" "));
        return new PreparedTransaction(chain.chainId(), to, call.data(), call.function(), call.signature(),
                call.arguments(), cast);
    }

    /** One shell word, single-quoted. */
    static String quote(String argument) {
        return "'" + argument.replace("'", "'\\''") + "'";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
