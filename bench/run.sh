#!/usr/bin/env bash
# One-command benchmark: bash bench/run.sh   (from anywhere; see bench/README.md)
# Starts a fake OpenAI upstream, this gateway and Portkey's gateway on free 127.0.0.1 ports, drives the same load
# generator at all three in one run, prints a table (also bench/results.md), then runs the 1,000-stream soak.
# Everything it starts is stopped on exit.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
B="$ROOT/bench"
cd "$ROOT"

# knobs (env)
# the README's run command: the AppCDS archive the build writes (target/one-llm-api.jsa), heap capped
GATEWAY_JAVA_OPTS=${GATEWAY_JAVA_OPTS:--Xms64m -Xmx256m -XX:SharedArchiveFile=$ROOT/target/one-llm-api.jsa}
WORKER_POOL_SIZE=${WORKER_POOL_SIZE:-2048}
C1_REQUESTS=${C1_REQUESTS:-20000}
C50_SECONDS=${C50_SECONDS:-10}
STREAMS=${STREAMS:-200}
STREAM_CHUNKS=${STREAM_CHUNKS:-10}
STREAM_GAP_MS=${STREAM_GAP_MS:-5}
SOAK_STREAMS=${SOAK_STREAMS:-1000}
SOAK_CHUNKS=${SOAK_CHUNKS:-20}
SOAK_GAP_MS=${SOAK_GAP_MS:-50}
WARMUP_SECONDS=${WARMUP_SECONDS:-20}

LOGS="$B/target/logs"
mkdir -p "$LOGS" "$B/target/classes"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$p" 2>/dev/null || true
  done
  rm -rf "$B"/target/gw-data-* # the run's ledgers (H2 files, 100-300 MB each)
}
trap cleanup EXIT
log() { echo "[run] $*" >&2; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

ulimit -n 20000 2>/dev/null || true

# 1. the gateway jar
# always: a jar older than routes/ would miss the classes the routes name (quick when up to date)
log "building the gateway (mvn -q -B -DskipTests package)"
mvn -q -B -DskipTests package
# 2. Portkey (pinned by bench/portkey/package-lock.json)
if [[ ! -f "$B/portkey/node_modules/@portkey-ai/gateway/build/start-server.js" ]]; then
  log "installing @portkey-ai/gateway under bench/portkey"
  npm ci --prefix "$B/portkey" --ignore-scripts --no-audit --no-fund >&2
fi
PORTKEY_JS="$B/portkey/node_modules/@portkey-ai/gateway/build/start-server.js"
# 3. the bench tools (fake upstream + load generator)
if [[ ! -f "$B/target/cp.txt" ]]; then
  mvn -q -B -f "$B/pom.xml" dependency:build-classpath -Dmdep.outputFile="$B/target/cp.txt" >&2
fi
CP="$(cat "$B/target/cp.txt"):$B/target/classes"
javac -cp "$CP" -d "$B/target/classes" "$B"/src/*.java

free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$(( 20000 + RANDOM % 40000 ))
    if ! (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then echo "$p"; return; fi
  done
  echo "no free port" >&2; exit 1
}
CHAT_BODY='{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hello"}]}'
# wait_200 URL [curl args...]: polls every 10 ms (at most 60 s) until the URL answers 200
wait_200() {
  local url=$1; shift
  for _ in $(seq 1 6000); do
    [[ "$(curl -s -o /dev/null -w '%{http_code}' "$@" "$url" 2>/dev/null)" == 200 ]] && return 0
    sleep 0.01
  done
  log "timed out waiting for $url"; return 1
}

P_FAKE=$(free_port); P_SOAKFAKE=$(free_port); P_GW=$(free_port); P_PK=$(free_port); P_GWSOAK=$(free_port)

# fake upstream: one listener for the comparison, one for the soak
java -cp "$CP" FakeUpstream "$P_FAKE:$STREAM_CHUNKS:$STREAM_GAP_MS" "$P_SOAKFAKE:$SOAK_CHUNKS:$SOAK_GAP_MS" \
  > "$LOGS/fake.log" 2>&1 &
FAKE_PID=$!; PIDS+=("$FAKE_PID")
for _ in $(seq 1 300); do grep -q READY "$LOGS/fake.log" && break; sleep 0.05; done
grep -q READY "$LOGS/fake.log" || { log "fake upstream did not start"; cat "$LOGS/fake.log"; exit 1; }
log "fake upstream pid $FAKE_PID on :$P_FAKE (stream $STREAM_CHUNKS events, ${STREAM_GAP_MS} ms gap) and :$P_SOAKFAKE (soak)"

# the bare relay (bench/src/BareProxy.java: one more HTTP hop, no auth, parsing or routing; a server per event loop),
# measured in the same run: the gateway's budget is a ratio to it
P_RELAY=$(free_port)
java -cp "$CP" BareProxy "$P_RELAY" "$P_FAKE" > "$LOGS/relay.log" 2>&1 &
RELAY_PID=$!; PIDS+=("$RELAY_PID")
for _ in $(seq 1 300); do grep -q READY "$LOGS/relay.log" && break; sleep 0.05; done
grep -q READY "$LOGS/relay.log" || { log "bare relay did not start"; cat "$LOGS/relay.log"; exit 1; }

# The gateway runs from a symlink (bench/target/gw/bench-gateway.jar -> target/one-llm-api.jar, self-contained) so that
# a broad "pkill -f one-llm-api.jar" by someone else on a shared machine does not stop it mid-run (this happened).
mkdir -p "$B/target/gw"
ln -sfn "$ROOT/target/one-llm-api.jar" "$B/target/gw/bench-gateway.jar"
start_gateway() { # port upstream-port logfile
  # shellcheck disable=SC2086
  # the ledger is on for every request (master keys' rows too), in an H2 file of the run's own
  DATABASE_URL="jdbc:h2:file:$B/target/gw-data-$1/one-llm-api" \
  ONE_API_KEY=k OPENAI_API_KEY=x OPENAI_API_BASE="http://127.0.0.1:$2/v1" PORT=$1 WORKER_POOL_SIZE=$WORKER_POOL_SIZE \
  MANAGEMENT_PORT=$(free_port) java $GATEWAY_JAVA_OPTS -jar "$B/target/gw/bench-gateway.jar" > "$3" 2>&1 &
}

# this gateway: start-up = launch to first 200 on /health, and to first served chat request
T0=$(now_ms)
start_gateway "$P_GW" "$P_FAKE" "$LOGS/gateway.log"
GW_PID=$!; PIDS+=("$GW_PID")
wait_200 "http://127.0.0.1:$P_GW/health"
GW_HEALTH_MS=$(( $(now_ms) - T0 ))
wait_200 "http://127.0.0.1:$P_GW/v1/chat/completions" -H 'Authorization: Bearer k' -H 'content-type: application/json' -d "$CHAT_BODY"
GW_CHAT_MS=$(( $(now_ms) - T0 ))
log "gateway pid $GW_PID on :$P_GW: /health after $GW_HEALTH_MS ms, first chat after $GW_CHAT_MS ms"

# A virtual key with limits (rpm, tpm, a budget: every check runs, none refuses) for the same load beside the master key
VKEY=$(curl -s -X POST "http://127.0.0.1:$P_GW/admin/keys" -H 'Authorization: Bearer k' -H 'content-type: application/json' \
  -d '{"name":"bench","rpm_limit":1000000000,"tpm_limit":1000000000000,"max_budget_usd":1000000000,"budget_period":"monthly"}' \
  | sed -E 's/.*"key":"([^"]+)".*/\1/')
[[ "$VKEY" == sk-one-* ]] || { log "could not make the bench's virtual key"; exit 1; }
log "virtual key for the keyed phase: ${VKEY:0:9}..."

# For reference: the same gateway started as plain "java -jar" (no AppCDS archive), start-up only.
# GATEWAY_PLAIN_STARTUP=0 skips it.
GW_PLAIN_HEALTH_MS=n/a; GW_PLAIN_CHAT_MS=n/a
if [[ "${GATEWAY_PLAIN_STARTUP:-1}" == 1 ]]; then
  P_PLAIN=$(free_port)
  T0=$(now_ms)
  GATEWAY_JAVA_OPTS="-Xms64m -Xmx256m" start_gateway "$P_PLAIN" "$P_FAKE" "$LOGS/gateway-plain.log"
  PL_PID=$!; PIDS+=("$PL_PID")
  wait_200 "http://127.0.0.1:$P_PLAIN/health"
  GW_PLAIN_HEALTH_MS=$(( $(now_ms) - T0 ))
  wait_200 "http://127.0.0.1:$P_PLAIN/v1/chat/completions" -H 'Authorization: Bearer k' -H 'content-type: application/json' -d "$CHAT_BODY"
  GW_PLAIN_CHAT_MS=$(( $(now_ms) - T0 ))
  kill "$PL_PID"; for _ in $(seq 1 300); do kill -0 "$PL_PID" 2>/dev/null || break; sleep 0.1; done
  log "gateway as plain java -jar: /health after $GW_PLAIN_HEALTH_MS ms, first chat after $GW_PLAIN_CHAT_MS ms"
fi

# Portkey (node, headless, production mode: no dev UI/log stream)
PK_HDRS=(-H 'Authorization: Bearer x' -H 'x-portkey-provider: openai' -H "x-portkey-custom-host: http://127.0.0.1:$P_FAKE/v1")
T0=$(now_ms)
NODE_ENV=production node "$PORTKEY_JS" --port="$P_PK" --headless > "$LOGS/portkey.log" 2>&1 &
PK_PID=$!; PIDS+=("$PK_PID")
wait_200 "http://127.0.0.1:$P_PK/v1/chat/completions" "${PK_HDRS[@]}" -H 'content-type: application/json' -d "$CHAT_BODY"
PK_CHAT_MS=$(( $(now_ms) - T0 ))
log "portkey pid $PK_PID on :$P_PK: first chat after $PK_CHAT_MS ms"

{
  echo "# one-llm-api benchmark results"
  echo
  echo "Run $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo);"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (the machine may be shared: figures are noisy, ratios come from one run)."
  echo "java $(java -version 2>&1 | head -1 | cut -d'"' -f2), node $(node -v), @portkey-ai/gateway $(node -p "require('$B/portkey/node_modules/@portkey-ai/gateway/package.json').version")."
  echo "Gateway: \`java $GATEWAY_JAVA_OPTS -jar target/one-llm-api.jar\`, WORKER_POOL_SIZE=$WORKER_POOL_SIZE."
  echo "Load: closed loop, keep-alive, Vert.x client on one event loop; warm-up ${WARMUP_SECONDS} s at c=50 per target;"
  echo "c=1: $C1_REQUESTS requests; c=50: $C50_SECONDS s; streams: $STREAMS at c=1, $STREAM_CHUNKS SSE events ${STREAM_GAP_MS} ms apart."
  echo "Phases run target after target (direct, one-llm-api, one-llm-api virtual key, bare relay, Portkey) for each phase."
  echo "\"bare relay\" is bench/src/BareProxy.java: a Vert.x server per event loop that forwards the request and pipes the answer"
  echo "back (no auth, parsing or routing): the cost of one more HTTP hop on this machine."
  echo "\"one-llm-api\" sends the master key; \"one-llm-api virtual key\" is the same process with a virtual key that has"
  echo "rpm, tpm and budget limits (never reached), so every check and the ledger (H2 file) run on each request."
  echo
  echo "Start-up (launch to first 200, polled every 10 ms with curl): one-llm-api /health after $GW_HEALTH_MS ms, first chat after $GW_CHAT_MS ms"
  echo "(with the AppCDS archive the build writes, as the README runs it); as plain \`java -jar\` (no archive) /health after $GW_PLAIN_HEALTH_MS ms,"
  echo "first chat after $GW_PLAIN_CHAT_MS ms; Portkey first chat after $PK_CHAT_MS ms."
  echo
} > "$B/results.md"

java -cp "$CP" Bench compare c1Requests="$C1_REQUESTS" c1Rounds="${C1_ROUNDS:-4}" c50Rounds="${C50_ROUNDS:-3}" c50Seconds="$C50_SECONDS" gapSeconds="${GAP_SECONDS:-8}" streams="$STREAMS" warmupSeconds="$WARMUP_SECONDS" concurrency=50 \
  "direct|http://127.0.0.1:$P_FAKE/v1/chat/completions|$FAKE_PID|-|Authorization:Bearer x" \
  "one-llm-api|http://127.0.0.1:$P_GW/v1/chat/completions|$GW_PID|$GW_CHAT_MS (health $GW_HEALTH_MS)|Authorization:Bearer k" \
  "one-llm-api virtual key|http://127.0.0.1:$P_GW/v1/chat/completions|$GW_PID|-|Authorization:Bearer $VKEY" \
  "bare relay|http://127.0.0.1:$P_RELAY/v1/chat/completions|$RELAY_PID|-|Authorization:Bearer x" \
  "Portkey|http://127.0.0.1:$P_PK/v1/chat/completions|$PK_PID|$PK_CHAT_MS|Authorization:Bearer x|x-portkey-provider:openai|x-portkey-custom-host:http://127.0.0.1:$P_FAKE/v1" \
  | tee -a "$B/results.md"

# requests spread across the gateway's event loops: CPU seconds of each event-loop thread over the whole run
# (the management server's Vert.x has its own, nearly idle ones)
LOOPS_CPU=$(for t in /proc/"$GW_PID"/task/*; do grep -q eventloo "$t/comm" \
  && awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f s, ", ($14+$15)/hz}' "$t/stat"; done)
{ echo; echo "The gateway's event-loop threads, CPU over the run: ${LOOPS_CPU%, } (one server per loop; the near-zero ones are the management server's)."; } | tee -a "$B/results.md"
for p in "$FAKE_PID" "$GW_PID" "$RELAY_PID" "$PK_PID"; do
  kill -0 "$p" 2>/dev/null || { log "WARNING: process $p exited during the run (see $LOGS): its figures are void"; echo "**WARNING: process $p exited during the run; its figures are void.**" >> "$B/results.md"; }
done
# soak: a fresh gateway (so its VmHWM is the soak's), the other gateways stopped
kill "$GW_PID" "$PK_PID" "$RELAY_PID" 2>/dev/null || true
T0=$(now_ms)
start_gateway "$P_GWSOAK" "$P_SOAKFAKE" "$LOGS/gateway-soak.log"
GWS_PID=$!; PIDS+=("$GWS_PID")
wait_200 "http://127.0.0.1:$P_GWSOAK/health"
log "soak gateway pid $GWS_PID up after $(( $(now_ms) - T0 )) ms"
{
  echo
  echo "## Soak: $SOAK_STREAMS concurrent streams through one-llm-api ($SOAK_CHUNKS SSE events ${SOAK_GAP_MS} ms apart, fresh gateway process, 3 s warm-up first)"
  echo
} | tee -a "$B/results.md"
java -Dsoak.direct="http://127.0.0.1:$P_SOAKFAKE/v1/chat/completions" -cp "$CP" Bench soak "http://127.0.0.1:$P_GWSOAK/v1/chat/completions" "$GWS_PID" "$SOAK_STREAMS" "Authorization:Bearer k" \
  | tee -a "$B/results.md"
kill -0 "$GWS_PID" 2>/dev/null || { log "WARNING: the soak gateway exited during the soak"; echo "**WARNING: the soak gateway exited during the soak.**" >> "$B/results.md"; }
echo >> "$B/results.md"; echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)." >> "$B/results.md"
log "written $B/results.md"
