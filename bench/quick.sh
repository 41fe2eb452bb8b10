#!/usr/bin/env bash
# Quick loop for profiling work: the fake upstream and this gateway only (no Portkey, no soak, no start-up runs),
# the same phases as run.sh. Extra JVM flags for the gateway in GATEWAY_JAVA_OPTS, e.g.
#   GATEWAY_JAVA_OPTS="-Xms64m -Xmx256m -XX:StartFlightRecording=filename=/tmp/gw.jfr,settings=profile" bash bench/quick.sh
# (then: jfr print --stack-depth 64 --events jdk.ExecutionSample /tmp/gw.jfr; the default depth of 5 hides callers)
# A/B in one run: GATEWAY_B_JAVA_OPTS (flags) and/or GATEWAY_B_JAR (another build's jar, with its lib/ alongside)
# (GATEWAY_B_ROUTES_DIR: that build's routes/; GATEWAY_B_DIR: the directory it runs in, for a build that reads
# application.properties from its working directory)
# VIRTUAL_KEY=1 adds the same gateway called with a virtual key that has rpm/tpm/budget limits (never reached).
# BARE_PROXY=1 adds the bare relay (bench/src/BareProxy.java): the floor any gateway adds on this machine
# (BARE_PROXY_JAVA_OPTS: its JVM flags, a JFR recording to compare its HTTP work with the gateway's, say).
# NMT=1 prints the gateway's Native Memory Tracking summary after the load (add -XX:NativeMemoryTracking=summary).
# ENDURANCE_MINUTES=N runs N minutes of load on the gateway instead (VmRSS every 30 s; see below).
# start a second gateway, measured after the first in every phase (the ratio line compares the two).
# Does not rebuild the jar (mvn -q -B -DskipTests package first). Logs: bench/target/logs/quick-*.log
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
B="$ROOT/bench"
cd "$ROOT"
GATEWAY_JAVA_OPTS=${GATEWAY_JAVA_OPTS:--Xms64m -Xmx256m -XX:SharedArchiveFile=$ROOT/target/one-llm-api.jsa}
WORKER_POOL_SIZE=${WORKER_POOL_SIZE:-2048}
LOGS="$B/target/logs"; mkdir -p "$LOGS" "$B/target/classes" "$B/target/gw"
PIDS=()
DATA_DIRS=()
# the gateways' ledgers (H2 files, 100-300 MB after a run) go with the run
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true
  for d in "${DATA_DIRS[@]}"; do rm -rf "$d"; done; }
trap cleanup EXIT
if [[ ! -f "$B/target/cp.txt" ]]; then
  mvn -q -B -f "$B/pom.xml" dependency:build-classpath -Dmdep.outputFile="$B/target/cp.txt" >&2
fi
CP="$(cat "$B/target/cp.txt"):$B/target/classes"
javac -cp "$CP" -d "$B/target/classes" "$B"/src/*.java
free_port() { local p; for _ in $(seq 1 200); do p=$(( 20000 + RANDOM % 40000 ));
  if ! (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then echo "$p"; return; fi; done; exit 1; }
P_FAKE=$(free_port); P_GW=$(free_port)
java -cp "$CP" FakeUpstream "$P_FAKE:${STREAM_CHUNKS:-10}:${STREAM_GAP_MS:-5}" > "$LOGS/quick-fake.log" 2>&1 &
FAKE_PID=$!; PIDS+=("$FAKE_PID")
for _ in $(seq 1 300); do grep -q READY "$LOGS/quick-fake.log" && break; sleep 0.05; done
ln -sfn "$ROOT/target/one-llm-api.jar" "$B/target/gw/bench-gateway.jar"
T0=$(( $(date +%s%N) / 1000000 ))
DATA_DIRS+=("$B/target/gw-data-$P_GW")
# shellcheck disable=SC2086
DATABASE_URL="jdbc:h2:file:$B/target/gw-data-$P_GW/one-llm-api" \
ONE_API_KEY=k OPENAI_API_KEY=x OPENAI_API_BASE="http://127.0.0.1:$P_FAKE/v1" PORT=$P_GW WORKER_POOL_SIZE=$WORKER_POOL_SIZE \
MANAGEMENT_PORT=$(free_port) java $GATEWAY_JAVA_OPTS -jar "$B/target/gw/bench-gateway.jar" > "$LOGS/quick-gateway.log" 2>&1 &
GW_PID=$!; PIDS+=("$GW_PID")
TARGETS=("one-llm-api|http://127.0.0.1:$P_GW/v1/chat/completions|$GW_PID|-|Authorization:Bearer k")
if [[ -n "${GATEWAY_B_JAVA_OPTS:-}${GATEWAY_B_JAR:-}" ]]; then
  P_GWB=$(free_port); DATA_DIRS+=("$B/target/gw-data-$P_GWB")
  # a fresh ledger of its own, as A has (not the data/ of the directory it runs in)
  # shellcheck disable=SC2086
  (cd "${GATEWAY_B_DIR:-$ROOT}" && DATABASE_URL="jdbc:h2:file:$B/target/gw-data-$P_GWB/one-llm-api" ROUTES_DIR=${GATEWAY_B_ROUTES_DIR:-routes} ONE_API_KEY=k OPENAI_API_KEY=x \
    OPENAI_API_BASE="http://127.0.0.1:$P_FAKE/v1" PORT=$P_GWB WORKER_POOL_SIZE=$WORKER_POOL_SIZE MANAGEMENT_PORT=$(free_port) \
    exec java ${GATEWAY_B_JAVA_OPTS:-$GATEWAY_JAVA_OPTS} -jar "${GATEWAY_B_JAR:-$B/target/gw/bench-gateway.jar}") \
    > "$LOGS/quick-gateway-b.log" 2>&1 &
  GWB_PID=$!; PIDS+=("$GWB_PID")
  for _ in $(seq 1 6000); do
    [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$P_GWB/health" 2>/dev/null)" == 200 ]] && break; sleep 0.01
  done
  TARGETS+=("B|http://127.0.0.1:$P_GWB/v1/chat/completions|$GWB_PID|-|Authorization:Bearer k")
fi
if [[ "${BARE_PROXY:-0}" == 1 ]]; then
  # the floor: a bare Vert.x pass-through (bench/src/BareProxy.java), measured in the same run
  P_BARE=$(free_port)
  # shellcheck disable=SC2086
  java ${BARE_PROXY_JAVA_OPTS:-} -cp "$CP" BareProxy "$P_BARE" "$P_FAKE" > "$LOGS/quick-bare.log" 2>&1 &
  BARE_PID=$!; PIDS+=("$BARE_PID")
  for _ in $(seq 1 300); do grep -q READY "$LOGS/quick-bare.log" && break; sleep 0.05; done
  TARGETS+=("bare relay|http://127.0.0.1:$P_BARE/v1/chat/completions|$BARE_PID|-|Authorization:Bearer k")
fi
for _ in $(seq 1 6000); do
  [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$P_GW/health" 2>/dev/null)" == 200 ]] && break; sleep 0.01
done
if [[ "${VIRTUAL_KEY:-0}" == 1 ]]; then
  VKEY=$(curl -s -X POST "http://127.0.0.1:$P_GW/admin/keys" -H 'Authorization: Bearer k' -H 'content-type: application/json' \
    -d '{"name":"bench","rpm_limit":1000000000,"tpm_limit":1000000000000,"max_budget_usd":1000000000,"budget_period":"monthly"}' \
    | sed -E 's/.*"key":"([^"]+)".*/\1/')
  TARGETS+=("virtual-key|http://127.0.0.1:$P_GW/v1/chat/completions|$GW_PID|-|Authorization:Bearer $VKEY")
fi
echo "[quick] load $(cut -d' ' -f1-3 /proc/loadavg); gateway /health after $(( $(date +%s%N) / 1000000 - T0 )) ms" >&2
# ENDURANCE_MINUTES=10: instead of the phases, that long a load on the gateway (the virtual key with VIRTUAL_KEY=1),
# its VmRSS after every 30 s window: memory flat over a long run
if [[ -n "${ENDURANCE_MINUTES:-}" ]]; then
  IFS='|' read -r -a LAST <<< "${TARGETS[${#TARGETS[@]}-1]}"
  java -cp "$CP" Bench endurance "${LAST[1]}" "$GW_PID" "$ENDURANCE_MINUTES" "${LAST[@]:4}"
  exit 0
fi
cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
CPU0=$(cpu_ticks "$GW_PID"); CPUB0=$( [[ -n "${GWB_PID:-}" ]] && cpu_ticks "$GWB_PID" || echo 0)
java -cp "$CP" Bench compare c1Requests="${C1_REQUESTS:-20000}" c1Rounds="${C1_ROUNDS:-4}" c50Rounds="${C50_ROUNDS:-3}" c50Seconds="${C50_SECONDS:-10}" gapSeconds="${GAP_SECONDS:-8}" streams="${STREAMS:-200}" \
  warmupSeconds="${WARMUP_SECONDS:-5}" concurrency=50 \
  "direct|http://127.0.0.1:$P_FAKE/v1/chat/completions|$FAKE_PID|-|Authorization:Bearer x" \
  "${TARGETS[@]}"
echo "[quick] gateway CPU during the phases: $(( ( $(cpu_ticks "$GW_PID") - CPU0 ) * 1000 / $(getconf CLK_TCK) )) ms" >&2
[[ -n "${GWB_PID:-}" ]] && echo "[quick] gateway B CPU during the phases: $(( ( $(cpu_ticks "$GWB_PID") - CPUB0 ) * 1000 / $(getconf CLK_TCK) )) ms" >&2
# CPU by thread group (names with digits folded), seconds
for t in /proc/"$GW_PID"/task/*; do
  echo "$(awk '{print $14+$15}' "$t/stat") $(tr -d '0-9' < "$t/comm")"
done | awk -v hz="$(getconf CLK_TCK)" '{c[$2" "$3" "$4]+=$1} END{for(k in c) if (c[k] > 0) printf "[quick]   %7.2f s  %s\n", c[k]/hz, k}' | sort -k2 -nr >&2
# NMT=1 (with -XX:NativeMemoryTracking=summary in GATEWAY_JAVA_OPTS): where the gateway's memory is, after the load
if [[ "${NMT:-0}" == 1 ]]; then
  grep -E 'VmRSS|VmHWM' "/proc/$GW_PID/status" | tr -s ' \t' ' ' | sed 's/^/[quick] /' >&2
  jcmd "$GW_PID" VM.native_memory summary > "$LOGS/quick-nmt.txt" 2>&1 || true
  grep -E '^-|committed=' "$LOGS/quick-nmt.txt" | grep -E '^-|^Total' | sed -E 's/\(reserved=[0-9]+KB, //; s/^/[quick] /' >&2
fi
# the spread across event loops: CPU seconds of each event-loop thread (the management server's Vert.x has its own,
# nearly idle ones)
echo "[quick] event loops (CPU s): $(for t in /proc/"$GW_PID"/task/*; do grep -q eventloo "$t/comm" \
  && awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f ", ($14+$15)/hz}' "$t/stat"; done)" >&2
echo "[quick] load at the end $(cut -d' ' -f1-3 /proc/loadavg)" >&2
