#!/usr/bin/env bash
# Conversion throughput (issue 4): vmferry vs `qemu-img convert` in the same run, on a 2 GiB disk
# holding 1 GiB of random data in 16 MiB chunks with 16 MiB holes between them.
# Cases: vmdk -> qcow2, vhdx -> raw, qcow2 -> vhdx, raw -> streamOptimized vmdk.
# Per case and run, in turn: qemu-img convert; the engine (ConvertBenchMain, a fresh JVM with -Xmx256m,
# timed inside so JVM start-up is excluded); the CLI (`vmferry convert` with the launcher's JVM flags,
# C1 only and SerialGC, wall time including
# JVM start and the SHA-256 of the output; "CLI copy only" is the "seconds" of its --json summary).
# "CLI wall, C2 JIT" is the CLI without the launcher's -XX:TieredStopAtLevel=1.
# Medians of RUNS runs; MB/s = 2 GiB / median seconds; ratio = qemu-img seconds / vmferry seconds.
# Usage: infra/bench/convert.sh [RUNS]   (default 3; BENCH_DIR=... to choose the scratch directory)
set -euo pipefail
. "$(dirname "$(readlink -f "$0")")/../bin/common.sh"
. "$(dirname "$(readlink -f "$0")")/lib.sh"
select_jdk
ensure_built
RUNS=${1:-3}
CP="$VMFERRY_ROOT/infra/target/classes:$VMFERRY_ROOT/infra/target/lib/*"
JAVA="$JAVA_HOME/bin/java"
# the CLI exactly as infra/bin/vmferry starts it, minus its rebuild check (other work may touch the tree)
vmferry() {
  # shellcheck disable=SC2046
  "$JAVA" $(jvm_flags) -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$CP" io.vmferry.cli.Main "$@"
}
# the same with the default JIT (C2): SHA-256 and the copy loops get their intrinsics
vmferry_c2() {
  # shellcheck disable=SC2046
  "$JAVA" $(jvm_flags) -XX:+UseSerialGC -cp "$CP" io.vmferry.cli.Main "$@"
}
WORK=$(mktemp -d "${BENCH_DIR:-/var/tmp}/vmferry-convert-bench-XXXX")
trap 'rm -rf "$WORK"' EXIT
SIZE=$((2 << 30))
max() { sort -n | tail -1; }
mbps() { awk -v s="$1" -v b="$SIZE" 'BEGIN {printf "%.0f", b / s / 1e6}'; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", (b - a) / 1e9}'; }

echo "== sources in $WORK (load: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
truncate -s "$SIZE" "$WORK/src.raw"
for i in $(seq 0 2 127); do
  dd if=/dev/urandom of="$WORK/src.raw" bs=16M count=1 seek="$i" conv=notrunc status=none
done
qemu-img convert -f raw -O vmdk "$WORK/src.raw" "$WORK/src.vmdk"
qemu-img convert -f raw -O vhdx "$WORK/src.raw" "$WORK/src.vhdx"
qemu-img convert -f raw -O qcow2 "$WORK/src.raw" "$WORK/src.qcow2"
sync

# name | source | output format | output options (qemu-img -o style, may be empty)
CASES=("vmdk → qcow2|src.vmdk|qcow2|"
       "vhdx → raw|src.vhdx|raw|"
       "qcow2 → vhdx|src.qcow2|vhdx|"
       "raw → vmdk streamOptimized|src.raw|vmdk|subformat=streamOptimized")

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
ROWS=()
for c in "${CASES[@]}"; do
  IFS='|' read -r name src fmt opts <<<"$c"
  q=(); e=(); cli=(); clic=(); c2=(); heap=(); rss=(); qrss=()
  for r in $(seq "$RUNS"); do
    rm -f "$WORK"/out.*
    t0=$(date +%s%N)
    /usr/bin/time -f %M -o "$WORK/rss" qemu-img convert -f "${src#src.}" -O "$fmt" ${opts:+-o "$opts"} "$WORK/$src" "$WORK/out.q.$fmt"
    t1=$(date +%s%N); q+=("$(secs "$t0" "$t1")"); qrss+=("$(cat "$WORK/rss")")
    # shellcheck disable=SC2046
    line=$(/usr/bin/time -f %M -o "$WORK/rss" "$JAVA" $(jvm_flags) -Xmx256m -XX:+UseSerialGC -cp "$CP" \
        io.vmferry.convert.ConvertBenchMain "$WORK/$src" "$WORK/out.e.$fmt" "$fmt" ${opts:+"$opts"})
    e+=("$(sed -n 's/.*seconds=\([0-9.]*\).*/\1/p' <<<"$line")")
    heap+=("$(sed -n 's/.*peak_heap=\([0-9]*\).*/\1/p' <<<"$line")"); rss+=("$(cat "$WORK/rss")")
    rm -f "$WORK/out.e.$fmt"
    t0=$(date +%s%N)
    vmferry convert --force --format "$fmt" ${opts:+-o "$opts"} --json "$WORK/$src" "$WORK/out.c.$fmt" \
        > "$WORK/cli.json" 2> "$WORK/cli.err" || { cat "$WORK/cli.err" >&2; exit 1; }
    t1=$(date +%s%N); cli+=("$(secs "$t0" "$t1")")
    clic+=("$(sed -n 's/.*"seconds" : \([0-9.]*\).*/\1/p' "$WORK/cli.json")")
    rm -f "$WORK/out.c2.$fmt"
    t0=$(date +%s%N)
    vmferry_c2 convert --format "$fmt" ${opts:+-o "$opts"} --json "$WORK/$src" "$WORK/out.c2.$fmt" \
        > /dev/null 2> "$WORK/cli.err" || { cat "$WORK/cli.err" >&2; exit 1; }
    t1=$(date +%s%N); c2+=("$(secs "$t0" "$t1")")
    if [ "$r" = 1 ]; then
      qemu-img compare -q "$WORK/src.raw" "$WORK/out.c.$fmt" || { echo "$name: vmferry output differs" >&2; exit 1; }
      [ "$fmt" = raw ] || qemu-img check -q "$WORK/out.c.$fmt" || { echo "$name: qemu-img check failed" >&2; exit 1; }
    fi
    echo "$name run $r: qemu-img ${q[-1]} s, engine ${e[-1]} s, cli ${cli[-1]} s (convert ${clic[-1]} s), cli C2 ${c2[-1]} s" >&2
  done
  Q=$(printf '%s\n' "${q[@]}" | median); E=$(printf '%s\n' "${e[@]}" | median); C=$(printf '%s\n' "${cli[@]}" | median)
  CC=$(printf '%s\n' "${clic[@]}" | median); C2=$(printf '%s\n' "${c2[@]}" | median)
  H=$(printf '%s\n' "${heap[@]}" | max); R=$(printf '%s\n' "${rss[@]}" | max); QR=$(printf '%s\n' "${qrss[@]}" | max)
  ROWS+=("$(printf '| %s | %s s (%s MB/s) | %s s (%s MB/s) | %s× | %s s (%s MB/s) | %s× | %s s | %s s | %s MiB | %s MiB | %s MiB |' \
    "$name" "$Q" "$(mbps "$Q")" "$E" "$(mbps "$E")" "$(awk -v q="$Q" -v e="$E" 'BEGIN {printf "%.2f", q / e}')" \
    "$C" "$(mbps "$C")" "$(awk -v q="$Q" -v c="$C" 'BEGIN {printf "%.2f", q / c}')" "$CC" "$C2" \
    "$((H >> 20))" "$((R >> 10))" "$((QR >> 10))")")
done
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

echo "$(date -u +%F), $RUNS runs, $(nproc) CPUs, load average $LOAD_START at start and $LOAD_END at the end, \
$("$JAVA" -version 2>&1 | head -1), $(qemu-img --version | head -1)"
echo
echo "| case | qemu-img convert | vmferry engine | ratio | vmferry CLI (wall) | ratio | CLI copy only | CLI wall, C2 JIT | engine peak heap | engine max RSS | qemu-img max RSS |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${ROWS[@]}"
