package org.docanchor.gateway.identity;

/**
 * A token bucket: holds up to {@code burst} tokens and gains {@code perSecond} a second. Waits are whole seconds
 * (as Retry-After states them), at least 1.
 */
final class TokenBucket {

    private final double perSecond;
    private final double burst;
    private double tokens;
    private long last = System.nanoTime();

    TokenBucket(double perSecond, double burst) {
        if (!(perSecond > 0) || !(burst >= 1)) {
            throw new IllegalArgumentException("a rate limit needs per-second > 0 and burst >= 1, not " + perSecond
                    + " and " + burst);
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.tokens = burst;
    }

    /** Takes a token: 0 when there was one, else the seconds until there is. */
    synchronized long take() {
        refill();
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return secondsToNextToken();
    }

    /** 0 when a token is there, else the seconds until there is; takes nothing. */
    synchronized long waitSeconds() {
        refill();
        return tokens >= 1 ? 0 : secondsToNextToken();
    }

    /** Takes a token if there is one (the event already happened; there is nothing to refuse). */
    synchronized void spend() {
        refill();
        tokens = Math.max(0, tokens - 1);
    }

    private void refill() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - last) / 1e9 * perSecond);
        last = now;
    }

    private long secondsToNextToken() {
        return Math.max(1, (long) Math.ceil((1 - tokens) / perSecond));
    }
}
