#!/usr/bin/env bash
# Platform figures (issue: platform): embedded broker start time and RSS; `vmferry vms` wall time
# cold (embedded stack started for the command) and against a running stack. Median of N runs.
# Usage: infra/bench/platform.sh [RUNS]   (default 3)
set -euo pipefail
. "$(dirname "$(readlink -f "$0")")/lib.sh"
bench_init
RUNS=${1:-3}
VMF="$VMFERRY_ROOT/infra/bin/vmferry"
WORK=$(mktemp -d /tmp/vmferry-bench-XXXX)
STACK_PID=""
cleanup() {
  local rc=$?
  stop_pid "$STACK_PID"
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT

echo "== embedded broker (child JVM: -Xmx256m SerialGC C1), $RUNS runs" >&2
starts=(); rss=()
for i in $(seq "$RUNS"); do
  d="$WORK/broker$i"; p=$(free_port); c=$(free_port)
  t0=$(now_ms)
  coproc BROKER { exec "$JAVA" $(jvm_flags) -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
      -Dorg.slf4j.simpleLogger.defaultLogLevel=error -cp "$CP" io.vmferry.bus.broker.EmbeddedBrokerMain "$d" "$p" "$c" 6; }
  bpid=$BROKER_PID
  read -r line <&"${BROKER[0]}"
  t1=$(now_ms)
  case "$line" in KAFKA_READY*) ;; *) echo "broker did not start: $line" >&2; exit 1;; esac
  sleep 2
  r=$(awk '/VmRSS/ {print $2}' "/proc/$bpid/status")
  starts+=($((t1 - t0))); rss+=($((r / 1024)))
  eval "exec ${BROKER[1]}>&-"   # close its stdin: the watchdog stops it
  wait "$bpid" 2>/dev/null || true
done
BROKER_START=$(printf '%s\n' "${starts[@]}" | median); BROKER_RSS=$(printf '%s\n' "${rss[@]}" | median)
echo "broker start ms: ${starts[*]} (median $BROKER_START); RSS MiB: ${rss[*]} (median $BROKER_RSS)" >&2

echo "== vmferry vms on a throw-away VM" >&2


# the demo VM is gone after demo; start one again for the timing runs
"$JAVA" $(jvm_flags) -cp "$CP" io.vmferry.infra.demo.DemoVmMain "$WORK/node" > "$WORK/vm.log" 2>&1 &
VM_PID=$!
for _ in $(seq 200); do [ -S "$WORK/node/run/9001.qmp" ] && break; sleep 0.05; done

CFG="$WORK/node/vmferry.yaml"
cold=()
for i in $(seq "$RUNS"); do
  t0=$(now_ms); "$VMF" --config "$CFG" vms >/dev/null 2>&1; t1=$(now_ms); cold+=($((t1 - t0)))
done
COLD=$(printf '%s\n' "${cold[@]}" | median)
echo "vms cold (embedded stack per command) ms: ${cold[*]} (median $COLD)" >&2

"$VMF" --config "$CFG" stack > "$WORK/stack.out" 2> "$WORK/stack.err" &
STACK_PID=$!
for _ in $(seq 600); do grep -q "stack ready" "$WORK/stack.out" 2>/dev/null && break; sleep 0.1; done
BOOT=$(sed -n 's/.*bootstrap=//p' "$WORK/stack.out")
sed "s|^bus:.*||" "$CFG" > "$WORK/client.yaml"; echo "bus: {bootstrap-servers: \"$BOOT\"}" >> "$WORK/client.yaml"
warm=()
for i in $(seq "$RUNS"); do
  t0=$(now_ms); "$VMF" --config "$WORK/client.yaml" vms >/dev/null 2>&1; t1=$(now_ms); warm+=($((t1 - t0)))
done
WARM=$(printf '%s\n' "${warm[@]}" | median)
echo "vms against a running stack ms: ${warm[*]} (median $WARM)" >&2
kill "$VM_PID" 2>/dev/null || true

printf '| %s | %s | %s | %s | %s |\n' "$(date -u +%F)" "$BROKER_START" "$BROKER_RSS" "$COLD" "$WARM"
