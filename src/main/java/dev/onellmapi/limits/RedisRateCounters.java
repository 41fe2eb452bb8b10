package dev.onellmapi.limits;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Response;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * {@link RateCounters} shared by every instance through Redis ({@code REDIS_URL}): one Lua script decides and
 * counts atomically, sent with Vert.x's Redis client on the gateway's own Vert.x (no thread waits for Redis). When
 * Redis does not answer within {@code REDIS_TIMEOUT_MS}, or cannot be reached, this instance counts alone
 * ({@link LocalRateCounters}), says so in its log and in {@code /health}, and tries Redis again a second later, by
 * itself. The local counters follow every answer of Redis, so counting alone, or in a Redis that restarted and lost
 * the minute, goes on from the last shared count this instance saw instead of from zero.
 */
public final class RedisRateCounters extends ServiceSupport implements RateCounters {
    private static final Logger LOG = LoggerFactory.getLogger(RedisRateCounters.class);
    private static final long RETRY_MS = 1000;
    /** Per key, the nano-dollars its requests in flight hold on every instance (an hour after the last, gone). */
    private static final String HELD = "one-llm-api:held:";
    /** A minute's counts Redis lost (a restart) start from what this instance last saw, ARGV[5] and ARGV[6]. */
    private static final String RESERVE = """
            local req = tonumber(redis.call('GET', KEYS[1]) or ARGV[5])
            local tok = tonumber(redis.call('GET', KEYS[2]) or ARGV[6])
            local rpm = tonumber(ARGV[1])
            local tpm = tonumber(ARGV[2])
            if rpm >= 0 and req >= rpm then return {0, req, tok, 1} end
            if tpm >= 0 and (tok >= tpm or tok + tonumber(ARGV[3]) > tpm) then return {0, req, tok, 2} end
            local room = tonumber(ARGV[7])
            if room >= 0 then
                if tonumber(redis.call('GET', KEYS[3]) or '0') >= room then return {0, req, tok, 3} end
                redis.call('INCRBY', KEYS[3], ARGV[8])
                redis.call('EXPIRE', KEYS[3], 3600)
            end
            req = req + 1
            redis.call('SET', KEYS[1], req, 'EX', 120)
            tok = tok + tonumber(ARGV[4])
            redis.call('SET', KEYS[2], tok, 'EX', 120)
            return {1, req, tok, 0}
            """;
    /** A settlement of a minute Redis lost is dropped: the count carried over already holds its reservation. */
    private static final String SETTLE = """
            if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('INCRBY', KEYS[1], ARGV[1]) end
            return 0
            """;

    private final Vertx vertx;
    private final long timeoutMillis;
    private final Redis client;
    private final RedisAPI redis;
    private final LocalRateCounters local = new LocalRateCounters();
    private volatile boolean down;
    private volatile long retryAt;

    public RedisRateCounters(Vertx vertx, String url, long timeoutMillis) {
        this.vertx = vertx;
        this.timeoutMillis = timeoutMillis;
        this.client = Redis.createClient(vertx, new RedisOptions().setConnectionString(url)
                .setMaxPoolSize(16).setMaxPoolWaiting(1024));
        this.redis = RedisAPI.api(client);
    }

    @Override
    public void reserve(String keyId, long minute, Long rpm, Long tpm, long promptTokens, long reservedTokens,
                        SpendHold hold, Consumer<RateDecision> then) {
        if (down && System.currentTimeMillis() < retryAt) {
            then.accept(local.decide(keyId, minute, rpm, tpm, promptTokens, reservedTokens));
            return;
        }
        AtomicBoolean answered = new AtomicBoolean();
        long timer = vertx.setTimer(timeoutMillis, t -> {
            if (answered.compareAndSet(false, true)) {
                unreachable("no answer within " + timeoutMillis + " ms");
                then.accept(local.decide(keyId, minute, rpm, tpm, promptTokens, reservedTokens));
            }
        });
        String prefix = "one-llm-api:rl:" + keyId + ":" + minute;
        RateDecision carried = local.counted(keyId, minute);
        redis.eval(List.of(RESERVE, "3", prefix + ":r", prefix + ":t", HELD + keyId,
                String.valueOf(rpm == null ? -1 : rpm), String.valueOf(tpm == null ? -1 : tpm),
                String.valueOf(promptTokens), String.valueOf(reservedTokens), String.valueOf(carried.requests()),
                String.valueOf(carried.tokens()), String.valueOf(hold == null ? -1 : Math.max(0, hold.roomNanos())),
                String.valueOf(hold == null ? 0 : hold.nanos())))
                .onComplete(result -> {
                    if (!answered.compareAndSet(false, true)) { // decided here already: a hold Redis took goes back
                        if (hold != null && result.succeeded() && result.result().get(0).toInteger() == 1) {
                            release(keyId, hold);
                        }
                        return;
                    }
                    vertx.cancelTimer(timer);
                    if (result.failed()) {
                        unreachable(result.cause().toString());
                        then.accept(local.decide(keyId, minute, rpm, tpm, promptTokens, reservedTokens));
                        return;
                    }
                    reachable();
                    Response r = result.result();
                    int refused = r.get(3).toInteger();
                    local.seen(keyId, minute, r.get(1).toLong(), r.get(2).toLong());
                    boolean allowed = r.get(0).toInteger() == 1;
                    then.accept(new RateDecision(allowed, refused == 1 ? "requests" : refused == 2 ? "tokens"
                            : refused == 3 ? "budget" : null, r.get(1).toLong(), r.get(2).toLong(),
                            allowed && hold != null));
                });
    }

    @Override
    public void settle(String keyId, long minute, long delta) {
        local.settle(keyId, minute, delta);
        if (delta == 0 || (down && System.currentTimeMillis() < retryAt)) {
            return;
        }
        redis.eval(List.of(SETTLE, "1", "one-llm-api:rl:" + keyId + ":" + minute + ":t", String.valueOf(delta)))
                .onFailure(e -> unreachable(e.toString()));
    }

    @Override
    public boolean holdsSpend() {
        return true;
    }

    @Override
    public void release(String keyId, SpendHold hold) {
        redis.decrby(HELD + keyId, String.valueOf(hold.nanos())).onFailure(e -> unreachable(e.toString()));
    }

    @Override
    public String mode() {
        return down ? "local (redis unreachable)" : "redis";
    }

    private void unreachable(String why) {
        retryAt = System.currentTimeMillis() + RETRY_MS;
        if (!down) {
            down = true;
            LOG.warn("Redis (REDIS_URL) cannot be reached ({}): rate limits are counted by this instance alone "
                    + "until it answers again", why);
        }
    }

    private void reachable() {
        if (down) {
            down = false;
            LOG.info("Redis (REDIS_URL) answers again: rate limits are shared by every instance");
        }
    }

    @Override
    protected void doStart() {
        // connects on the first request; a Redis that is down at start is the fallback's case, not a failed start
    }

    @Override
    protected void doStop() {
        client.close();
    }
}
