#!/usr/bin/env bash
# Conversion throughput (issue 4): vmferry vs `qemu-img convert` in the same run, on a 2 GiB disk holding 1 GiB of
# random data in 16 MiB chunks with 16 MiB holes between them. Cases: vmdk -> qcow2, vhdx -> raw, qcow2 -> vhdx, raw
# -> streamOptimized vmdk. Per case and run, in turn, each after `fresh` (previous output removed, sync): qemu-img
# convert (its default target cache mode, "unsafe", never flushes), then `sync -d` of its output ("+ fdatasync": the
# durability vmferry gives); the engine (ConvertBenchMain, a fresh JVM with -Xmx256m, timed inside so JVM start-up
# is excluded, output forced to disk as always); the CLI (`vmferry convert` with the launcher's JVM flags, wall time
# including JVM start, no --sha256; "CLI copy only" is the "seconds" of its --json summary). Medians of RUNS runs;
# MB/s = 2 GiB / median seconds; ratio = qemu-img seconds / vmferry seconds. Rewrites the "## Conversion" section of
# docs/benchmarks.md.
# Usage: infra/bench/convert.sh [RUNS]   (default 3; BENCH_DIR=... to choose the scratch directory)
set -euo pipefail
. "$(dirname "$(readlink -f "$0")")/lib.sh"
bench_init
RUNS=${1:-3}
# the CLI exactly as infra/bin/vmferry starts `convert` (C2, SerialGC), minus its rebuild check
vmferry() {
  # shellcheck disable=SC2046
  "$JAVA" $(jvm_flags) -XX:+UseSerialGC -cp "$CP" io.vmferry.cli.Main "$@"
}
WORK=$(mktemp -d "${BENCH_DIR:-/var/tmp}/vmferry-convert-bench-XXXX")
trap 'rm -rf "$WORK"' EXIT
SIZE=$((2 << 30))
max() { sort -n | tail -1; }
# Before each timed conversion: the previous output removed and everything written back, so that each tool starts
# from the same page-cache state. (Without it the tool that ran right after another one's 1 GiB output had to find
# fresh page-cache pages while the first could reuse the ones a removal had just freed; on the 2-core VM box that
# moved a run by up to 3 s of kernel time.)
fresh() { rm -f "$WORK"/out.*; sync; }
rate() { mbps "$SIZE" "$1"; }
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
  q=(); qs=(); e=(); cli=(); clic=(); heap=(); rss=(); qrss=()
  for r in $(seq "$RUNS"); do
    fresh
    t0=$(date +%s%N)
    /usr/bin/time -f %M -o "$WORK/rss" qemu-img convert -f "${src#src.}" -O "$fmt" ${opts:+-o "$opts"} "$WORK/$src" "$WORK/out.q.$fmt"
    t1=$(date +%s%N)
    sync -d "$WORK/out.q.$fmt"
    t2=$(date +%s%N); q+=("$(secs "$t0" "$t1")"); qs+=("$(secs "$t0" "$t2")"); qrss+=("$(cat "$WORK/rss")")
    fresh
    # shellcheck disable=SC2046
    line=$(/usr/bin/time -f %M -o "$WORK/rss" "$JAVA" $(jvm_flags) -Xmx256m -XX:+UseSerialGC -cp "$CP" \
        io.vmferry.convert.ConvertBenchMain "$WORK/$src" "$WORK/out.e.$fmt" "$fmt" ${opts:+"$opts"})
    e+=("$(sed -n 's/.*seconds=\([0-9.]*\).*/\1/p' <<<"$line")")
    heap+=("$(sed -n 's/.*peak_heap=\([0-9]*\).*/\1/p' <<<"$line")"); rss+=("$(cat "$WORK/rss")")
    fresh
    t0=$(date +%s%N)
    vmferry convert --force --format "$fmt" ${opts:+-o "$opts"} --json "$WORK/$src" "$WORK/out.c.$fmt" \
        > "$WORK/cli.json" 2> "$WORK/cli.err" || { cat "$WORK/cli.err" >&2; exit 1; }
    t1=$(date +%s%N); cli+=("$(secs "$t0" "$t1")")
    clic+=("$(sed -n 's/.*"seconds" : \([0-9.]*\).*/\1/p' "$WORK/cli.json")")
    if [ "$r" = 1 ]; then
      qemu-img compare -q "$WORK/src.raw" "$WORK/out.c.$fmt" || { echo "$name: vmferry output differs" >&2; exit 1; }
      [ "$fmt" = raw ] || qemu-img check -q "$WORK/out.c.$fmt" || { echo "$name: qemu-img check failed" >&2; exit 1; }
    fi
    echo "$name run $r: qemu-img ${q[-1]} s (+ fdatasync ${qs[-1]} s), engine ${e[-1]} s, cli ${cli[-1]} s (convert ${clic[-1]} s), load $(load)" >&2
  done
  Q=$(printf '%s\n' "${q[@]}" | median); QS=$(printf '%s\n' "${qs[@]}" | median); E=$(printf '%s\n' "${e[@]}" | median)
  C=$(printf '%s\n' "${cli[@]}" | median); CC=$(printf '%s\n' "${clic[@]}" | median)
  H=$(printf '%s\n' "${heap[@]}" | max); R=$(printf '%s\n' "${rss[@]}" | max); QR=$(printf '%s\n' "${qrss[@]}" | max)
  ROWS+=("$(printf '| %s | %s s (%s MB/s) | %s s (%s MB/s) | %s s (%s MB/s) | %s× | %s× | %s s (%s MB/s) | %s s | %s MiB | %s MiB | %s MiB |' \
    "$name" "$Q" "$(rate "$Q")" "$QS" "$(rate "$QS")" "$E" "$(rate "$E")" "$(ratio "$Q" "$E")" "$(ratio "$QS" "$E")" \
    "$C" "$(rate "$C")" "$CC" "$((H >> 20))" "$((R >> 10))" "$((QR >> 10))")")
done
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

TABLE=$(printf '%s\n' \
  "| case | qemu-img convert | qemu-img + fdatasync | vmferry engine | ratio | ratio vs + fdatasync | vmferry CLI (wall) | CLI copy only | engine peak heap | engine max RSS | qemu-img max RSS |" \
  "|---|---|---|---|---|---|---|---|---|---|---|" "${ROWS[@]}")
echo "$TABLE"

SECTION=$(cat <<EOF
## Conversion

\`infra/bench/convert.sh $RUNS\`: a 2 GiB raw disk holding 1 GiB of random data in 16 MiB chunks with 16 MiB
holes between them, made into \`src.vmdk\` (monolithicSparse), \`src.vhdx\` and \`src.qcow2\` by \`qemu-img convert\`;
then, per case and run, in turn, each after the previous output was removed and \`sync\` wrote everything back (the
same page-cache state for every tool): \`qemu-img convert -f SRC -O FMT\` (the reference, with the target cache mode
\`qemu-img convert\` defaults to, \`unsafe\`: it never flushes the output), then \`sync -d\` of that output, timed
together as "qemu-img + fdatasync" (the durability vmferry gives: its writers force the output before it is
renamed into place); the **engine** (\`io.vmferry.convert.ConvertBenchMain\`: a fresh JVM, \`-Xmx256m
-XX:+UseSerialGC\`, timed inside so JVM start-up is excluded; \`ImageConverter\` with the two-thread
\`PipelinedCopier\`, no hashing) and the **CLI** (\`vmferry convert --json\` with the launcher's JVM flags, C2 and
SerialGC; wall time including JVM start; the output's SHA-256 only with \`--sha256\`, which the bench does not
ask for, as \`qemu-img\` computes none; "CLI copy only" is the \`seconds\` of that summary). Every vmferry output of run 1 is checked with \`qemu-img compare\`
against the source and with \`qemu-img check\`. Medians of $RUNS; MB/s = 2 GiB (virtual size) / seconds;
ratio = qemu-img seconds / vmferry engine seconds (> 1 is faster than qemu-img). Peak heap = sum of the heap
pools' peak usage reported by the engine JVM (an upper bound); max RSS from \`/usr/bin/time -f %M\`. What the
figures mean: "Conversion: findings" below.

$(date -u +%F), $(nproc) cores, load average $LOAD_START at the start and $LOAD_END at the end (1/5/15 min),
$("$JAVA" -version 2>&1 | head -1 | sed 's/.*version "\([^"]*\)".*/JDK \1/'), $(qemu-img --version | head -1 | cut -d' ' -f1-3):

$TABLE
EOF
)
write_section "Conversion" "$SECTION"
