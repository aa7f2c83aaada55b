#!/usr/bin/env bash
# Backup data-path figures (issue: backup throughput), all in ONE run on this machine:
#  (a) `vmferry backup --level full` of a 4 GiB qcow2 holding ~2 GiB random data (QEMU demo VM,
#      fleecing export, mutual TLS, CRC-32C, SHA-256, LZ4 as configured), against a running
#      `vmferry stack`: wall time of the client command and the reader's own seconds (--json); the
#      stack's first two jobs (JIT warm-up) reported apart, WARMUPS more (default 2) unreported while its
#      compilers still work through the data path, then RUNS fulls; the compiler threads' CPU per job is logged;
#  (b) nbdcopy from the same export to a raw file, --flush: the VM's fleecing export, made by the snapshot
#      service's code (ExportHoldMain holds it); with the CPU seconds of nbdcopy + QEMU per GiB of data, against
#      those of the vmferry stack + QEMU during a full;
#  (c) incrementals with 1 % of the disk's 64 KiB blocks dirtied through the VM's private monitor
#      (qemu-io, as guest writes): bytes read vs dirty bytes, wall time vs the full;
#  (d) `vmferry restore` of full + 3 incrementals to raw vs `qemu-img convert` to raw of the
#      equivalent qcow2 chain (base + 3 overlays filled by qemu-io with the same writes); both
#      outputs are compared with `qemu-img compare`.
#  (e) `vmferry verify` of every point the run left vs `openssl dgst -sha256` of the same stream files.
# Medians of RUNS; MB/s = 10^6 B/s of data bytes. Prints a markdown table and replaces the
# "## Backup" section of docs/benchmarks.md.
# Usage: infra/bench/backup.sh [RUNS]   (default 3; env SIZE=4G DATA_MIB=2048 DIRTY_PCT=1 WARMUPS=2 KEEP=1)
set -euo pipefail
. "$(dirname "$(readlink -f "$0")")/lib.sh"
bench_init
RUNS=${1:-3}
SIZE=${SIZE:-4G}
DATA_MIB=${DATA_MIB:-2048}
DIRTY_PCT=${DIRTY_PCT:-1}
WARMUPS=${WARMUPS:-2}
INCS=$(( RUNS > 3 ? RUNS : 3 ))
VMF=${VMF:-"$VMFERRY_ROOT/infra/bin/vmferry"}
WORK=$(mktemp -d /tmp/vmferry-bench-backup-XXXX)
DEV=$(disk_dev "$WORK") # the disk everything is written to: its write requests are counted
STACK_PID=""; VM_PID=""; HOLD_PID=""
cleanup() {
  local rc=$?
  set +e   # a failing kill/wait must not abort the cleanup, nor become the script's status
  exec 3>&-
  stop_pid "$HOLD_PID" "$STACK_PID" "$VM_PID"
  # SIGTERM skips DemoVmMain's try-with-resources: stop its QEMU by the pidfile
  [ -f "$WORK/node/run/9001.pid" ] && kill "$(cat "$WORK/node/run/9001.pid")" 2>/dev/null
  if [ -z "${KEEP:-}" ]; then rm -rf "$WORK"; else echo "kept $WORK" >&2; fi
  [ "$rc" -eq 0 ] || echo "backup bench FAILED (exit $rc; client log: $WORK/client.err with KEEP=1)" >&2
  exit "$rc"
}
trap cleanup EXIT
LOADS=("$(load)")

echo "== demo VM: $SIZE qcow2 with $DATA_MIB MiB random data (work dir $WORK)" >&2
NODE="$WORK/node"
"$JAVA" $(jvm_flags) -cp "$CP" io.vmferry.infra.demo.DemoVmMain "$NODE" "$SIZE" "$DATA_MIB" > "$WORK/vm.log" 2>&1 &
VM_PID=$!
for _ in $(seq 1200); do grep -q VM_READY "$WORK/vm.log" 2>/dev/null && break; kill -0 "$VM_PID" || { cat "$WORK/vm.log" >&2; exit 1; }; sleep 0.1; done
IMG="$NODE/storage/images/9001/vm-9001-disk-0.qcow2"
QEMU_PID=$(cat "$NODE/run/9001.pid")
HZ=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
jit_ticks() { # PID -> CPU ticks of its JIT compiler threads (C1, C2)
  local t; for t in /proc/"$1"/task/*; do if grep -q '^C[12] CompilerThre' "$t/comm" 2>/dev/null; then cat "$t/stat"; fi; done |
      awk '{s += $14 + $15} END {print s + 0}'
}
per_gib() { awk -v c="$1" -v b="$DATA_BYTES" 'BEGIN {printf "%.2f", c / (b / 1073741824)}'; } # CPU-S -> per GiB of data
CFG="$NODE/vmferry.yaml"
# the base of the reference chain, taken before any guest write (the VM is idle until step (c))
qemu-img convert -U -q -f qcow2 -O qcow2 "$IMG" "$WORK/chain0.qcow2"
DATA_BYTES=$(qemu-img map -U --output=json -f qcow2 "$IMG" | jq '[.[] | select(.data) | .length] | add')
echo "data bytes in the image: $DATA_BYTES" >&2

echo "== (b) nbdcopy from the backup's own export (the VM's fleecing export) -> raw file --flush, $RUNS runs" >&2
# ExportHoldMain takes a full snapshot with the snapshot service's code and holds its NBD export until its stdin ends
mkfifo "$WORK/hold.in"
"$JAVA" $(jvm_flags) -XX:TieredStopAtLevel=1 -cp "$CP" io.vmferry.infra.demo.ExportHoldMain "$CFG" 9001 \
    < "$WORK/hold.in" > "$WORK/hold.out" 2> "$WORK/hold.err" &
HOLD_PID=$!
exec 3> "$WORK/hold.in"
for _ in $(seq 600); do grep -q HOLD_READY "$WORK/hold.out" 2>/dev/null && break; kill -0 "$HOLD_PID" || { cat "$WORK/hold.err" >&2; exit 1; }; sleep 0.1; done
URI=$(awk '$1 == "EXPORT" && $2 == "scsi0" {print $3}' "$WORK/hold.out")
echo "export: $URI" >&2
nbd_ms=(); nbd_cpu=(); nbd_kib=()
for i in $(seq "$RUNS"); do
  rm -f "$WORK/nbdcopy.raw"; sync
  q0=$(cpu_ticks "$QEMU_PID"); d0=$(disk_writes "$DEV"); t0=$(now_ms)
  /usr/bin/time -f "%U %S" -o "$WORK/nbdcopy.time" nbdcopy --flush "$URI" "$WORK/nbdcopy.raw"
  t1=$(now_ms); q1=$(cpu_ticks "$QEMU_PID")
  nbd_ms+=($((t1 - t0))); nbd_kib+=("$(kib_per_write "$d0" "$(disk_writes "$DEV")")")
  nbd_cpu+=("$(awk -v q=$((q1 - q0)) -v hz="$HZ" '{print $1 + $2 + q / hz}' "$WORK/nbdcopy.time")")
done
rm -f "$WORK/nbdcopy.raw"
exec 3>&-; wait "$HOLD_PID" || { cat "$WORK/hold.err" >&2; exit 1; }; HOLD_PID=""
NBD_S=$(printf '%s\n' "${nbd_ms[@]}" | median | awk '{print $1/1000}')
NBD_MBPS=$(mbps "$DATA_BYTES" "$NBD_S")
NBD_CPU=$(per_gib "$(printf '%s\n' "${nbd_cpu[@]}" | median)")
NBD_KIB=$(printf '%s\n' "${nbd_kib[@]}" | median)
echo "nbdcopy ms: ${nbd_ms[*]} -> $NBD_MBPS MB/s; CPU s (nbdcopy + QEMU): ${nbd_cpu[*]}" >&2
LOADS+=("$(load)")

echo "== vmferry stack" >&2
"$VMF" --config "$CFG" stack > "$WORK/stack.out" 2> "$WORK/stack.err" &
STACK_PID=$!
for _ in $(seq 900); do grep -q "stack ready" "$WORK/stack.out" 2>/dev/null && break; kill -0 "$STACK_PID" || { cat "$WORK/stack.err" >&2; exit 1; }; sleep 0.1; done
BOOT=$(sed -n 's/.*bootstrap=//p' "$WORK/stack.out")
sed "s|^bus:.*||" "$CFG" > "$WORK/client.yaml"; echo "bus: {bootstrap-servers: \"$BOOT\"}" >> "$WORK/client.yaml"
VMC=("$VMF" --config "$WORK/client.yaml")

backup() { # LEVEL OUT.json -> prints "wall_ms reader_s bytes_read bytes_stored cpu_s kib_per_write jit_s"
  # (cpu: stack + QEMU; jit: the stack's compiler threads)
  local t0 t1 c0 c1 d0 k j0 j1
  c0=$(( $(cpu_ticks "$STACK_PID") + $(cpu_ticks "$QEMU_PID") )); d0=$(disk_writes "$DEV"); j0=$(jit_ticks "$STACK_PID")
  t0=$(now_ms)
  "${VMC[@]}" backup --vm 9001 --level "$1" --json > "$2" 2>> "$WORK/client.err"
  t1=$(now_ms); c1=$(( $(cpu_ticks "$STACK_PID") + $(cpu_ticks "$QEMU_PID") )); j1=$(jit_ticks "$STACK_PID")
  k=$(kib_per_write "$d0" "$(disk_writes "$DEV")")
  jq -r --arg w $((t1 - t0)) --arg c "$(awk -v t=$((c1 - c0)) -v hz="$HZ" 'BEGIN {print t / hz}')" --arg k "$k" \
      --arg j "$(awk -v t=$((j1 - j0)) -v hz="$HZ" 'BEGIN {print t / hz}')" \
      '.vms[] | [$w, ([.disks[].seconds] | max), ([.disks[].bytesRead] | add), ([.disks[].bytesStored] | add), $c,
      $k, $j] | @tsv' "$2"
}

echo "== (a) full backups: the stack's first two jobs (JIT warm-up, reported apart), $WARMUPS more, then $RUNS runs" >&2
WARM_S=(); WARM_CPU=(); WARM_JIT=()
for i in $(seq $((2 + WARMUPS))); do
  sync
  read -r w s _ _ c _ j < <(backup full "$WORK/warm$i.json")
  WARM_S+=("$(awk -v s="$s" 'BEGIN {printf "%.2f", s}')"); WARM_CPU+=("$(per_gib "$c")"); WARM_JIT+=("$j")
  echo "warm-up full $i of the stack: wall $w ms, reader $s s, CPU s (stack + QEMU) $c, of which JIT $j" >&2
done
full_wall=(); full_s=(); full_cpu=(); full_kib=(); full_jit=(); FULL_READ=0; FULL_STORED=0
for i in $(seq "$RUNS"); do
  sync
  read -r w s r st c k j < <(backup full "$WORK/full$i.json")
  full_wall+=("$w"); full_s+=("$s"); full_cpu+=("$c"); full_kib+=("$k"); full_jit+=("$j"); FULL_READ=$r; FULL_STORED=$st
  echo "full $i: wall $w ms, reader $s s, read $r, stored $st, CPU s (stack + QEMU) $c, of which JIT $j," \
      "KiB per disk write $k" >&2
done
FULL_JIT=$(printf '%s\n' "${full_jit[@]}" | median)
WARM_JIT_LIST=$(printf '%s\n' "${WARM_JIT[@]}" | awk '{printf "%s%.1f", (NR > 1 ? ", " : ""), $1}')
FULL_KIB=$(printf '%s\n' "${full_kib[@]}" | median)
if [ "${FULL_KIB%.*}" -lt 1024 ] && grep -q '\[madvise\]\|\[always\]' /sys/kernel/mm/transparent_hugepage/enabled; then
  echo "WARNING: the fulls wrote $FULL_KIB KiB per disk request with THP available: the stage buffers did not get" \
      "huge pages (see huge_page_buffers in infra/bin/common.sh)" >&2
fi
FULL_CPU=$(per_gib "$(printf '%s\n' "${full_cpu[@]}" | median)")
FULL_WALL_S=$(printf '%s\n' "${full_wall[@]}" | median | awk '{print $1/1000}')
FULL_S=$(printf '%s\n' "${full_s[@]}" | median | awk '{printf "%.2f", $1}')
FULL_MBPS=$(mbps "$FULL_READ" "$FULL_S"); FULL_WALL_MBPS=$(mbps "$FULL_READ" "$FULL_WALL_S")
LOADS+=("$(load)")

echo "== (c) $INCS incrementals, $DIRTY_PCT % of the 64 KiB blocks dirty each" >&2
# distinct 64 KiB blocks per incremental, same seeds for the VM writes and the reference chain
python3 - "$NODE/run/9001.demo.qmp" "$WORK" "$INCS" "$DIRTY_PCT" "$(qemu-img info -U --output=json "$IMG" | jq '."virtual-size"')" <<'PY'
import json, random, socket, sys
sock, work, incs, pct, size = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
blocks = size // 65536
for n in range(1, incs + 1):
    rnd = random.Random(1000 + n)
    picked = sorted(rnd.sample(range(blocks), int(blocks * pct / 100)))
    with open(f"{work}/writes{n}.txt", "w") as f:
        for b in picked:
            f.write(f"write -P 0x{(n * 37 + b) % 255 + 1:02x} {b * 65536} 64k\n")
PY
guest_writes() { # N: the writes of incremental N through the VM's private QMP monitor
  python3 - "$NODE/run/9001.demo.qmp" "$WORK/writes$1.txt" <<'PY'
import json, socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); f = s.makefile("rw")
def call(cmd):
    f.write(json.dumps(cmd) + "\n"); f.flush()
    while True:
        r = json.loads(f.readline())
        if "event" not in r:
            if "error" in r or "Error" in str(r.get("return", "")):
                raise SystemExit(f"qemu-io failed: {r}")
            return r
f.readline(); call({"execute": "qmp_capabilities"})
lines = [l.strip() for l in open(sys.argv[2]) if l.strip()] + ["flush"]
for l in lines:
    call({"execute": "human-monitor-command", "arguments": {"command-line": f'qemu-io drive-scsi0 "{l}"'}})
PY
}
inc_wall=(); inc_s=(); inc_ratio=(); DIRTY=0; INC_READ=0
for n in $(seq "$INCS"); do
  guest_writes "$n"
  DIRTY=$(( $(wc -l < "$WORK/writes$n.txt") * 65536 ))
  read -r w s r st _ < <(backup incremental "$WORK/inc$n.json")
  inc_wall+=("$w"); inc_s+=("$s"); inc_ratio+=("$(ratio "$r" "$DIRTY")"); INC_READ=$r
  echo "incremental $n: wall $w ms, reader $s s, read $r, dirty $DIRTY, stored $st" >&2
  qemu-img create -q -f qcow2 -F qcow2 -b "$WORK/chain$((n - 1)).qcow2" "$WORK/chain$n.qcow2"
  args=(); while read -r l; do args+=(-c "$l"); done < "$WORK/writes$n.txt"
  qemu-io -f qcow2 "${args[@]}" "$WORK/chain$n.qcow2" > /dev/null
done
INC_WALL_S=$(printf '%s\n' "${inc_wall[@]}" | median | awk '{print $1/1000}')
INC_S=$(printf '%s\n' "${inc_s[@]}" | median | awk '{printf "%.2f", $1}')
INC_RATIO=$(printf '%s\n' "${inc_ratio[@]}" | median)
LOADS+=("$(load)")
stop_pid "$STACK_PID"; STACK_PID=""

echo "== (d) restore of full + 3 incrementals vs qemu-img convert of the qcow2 chain, $RUNS runs" >&2
POINT=$(jq -r '.vms[].pointId' "$WORK/inc3.json")
# vmferry's restore is durable when it exits (O_DIRECT writes, fsync); qemu-img convert's default target cache mode
# (unsafe) never flushes, so it is measured both ways: as is, and with -t none (O_DIRECT, flushed at the end)
rs_ms=(); qc_ms=(); qd_ms=(); rs_kib=(); qd_kib=()
for i in $(seq "$RUNS"); do
  rm -f "$WORK/restored.raw" "$WORK/converted.raw" "$WORK/durable.raw"; sync
  d0=$(disk_writes "$DEV"); t0=$(now_ms)
  "$VMF" --config "$CFG" restore --vm 9001 --disk scsi0 --point "$POINT" --to "$WORK/restored.raw" \
      --format raw > /dev/null 2>> "$WORK/client.err"; t1=$(now_ms); rs_ms+=($((t1 - t0)))
  rs_kib+=("$(kib_per_write "$d0" "$(disk_writes "$DEV")")")
  sync; d0=$(disk_writes "$DEV"); t0=$(now_ms)
  qemu-img convert -q -t none -f qcow2 -O raw "$WORK/chain3.qcow2" "$WORK/durable.raw"; t1=$(now_ms)
  qd_ms+=($((t1 - t0))); qd_kib+=("$(kib_per_write "$d0" "$(disk_writes "$DEV")")")
  sync; t0=$(now_ms); qemu-img convert -q -f qcow2 -O raw "$WORK/chain3.qcow2" "$WORK/converted.raw"; t1=$(now_ms)
  qc_ms+=($((t1 - t0)))
done
if qemu-img compare -q -f raw -F raw "$WORK/restored.raw" "$WORK/converted.raw" \
    && qemu-img compare -q -f raw -F raw "$WORK/restored.raw" "$WORK/durable.raw"; then SAME=identical; else SAME=DIFFERENT; fi
RESTORE_DATA=$(qemu-img map --output=json -f raw "$WORK/converted.raw" | jq '[.[] | select(.data) | .length] | add')
RS_S=$(printf '%s\n' "${rs_ms[@]}" | median | awk '{print $1/1000}')
QC_S=$(printf '%s\n' "${qc_ms[@]}" | median | awk '{print $1/1000}')
QD_S=$(printf '%s\n' "${qd_ms[@]}" | median | awk '{print $1/1000}')
RS_KIB=$(printf '%s\n' "${rs_kib[@]}" | median); QD_KIB=$(printf '%s\n' "${qd_kib[@]}" | median)
LOADS+=("$(load)")
LOAD_RANGE=$(printf '%s\n' "${LOADS[@]}" | sort -n | sed -n '1p;$p' | paste -sd- | sed 's/-/–/')
echo "restore ms: ${rs_ms[*]}; qemu-img convert -t none ms: ${qd_ms[*]}; qemu-img convert ms: ${qc_ms[*]};"\
  "outputs $SAME" >&2

echo "== (e) vmferry verify of the whole repository vs openssl dgst -sha256 of its stream files, $RUNS runs" >&2
REPO=$(sed -n 's/.*repository: {path: \([^},]*\).*/\1/p' "$CFG" | head -1)
STREAMS=$(find "$REPO" -name '*.vfs' | sort)
VERIFY_BYTES=$(echo "$STREAMS" | xargs stat -c %s | awk '{s += $1} END {print s}')
vf_ms=(); os_ms=()
for i in $(seq "$RUNS"); do   # warm page cache for both: each reads what the other just read
  t0=$(now_ms); "$VMF" --config "$CFG" verify --json > "$WORK/verify.json" 2>> "$WORK/client.err"; t1=$(now_ms)
  vf_ms+=($((t1 - t0)))
  t0=$(now_ms); echo "$STREAMS" | xargs openssl dgst -sha256 > /dev/null; t1=$(now_ms); os_ms+=($((t1 - t0)))
done
VERIFIED=$(jq -r '"\(.verified) points, \(.damaged) damaged"' "$WORK/verify.json")
VF_S=$(printf '%s\n' "${vf_ms[@]}" | median | awk '{print $1/1000}')
OS_S=$(printf '%s\n' "${os_ms[@]}" | median | awk '{print $1/1000}')
echo "verify ms: ${vf_ms[*]} ($VERIFIED); openssl ms: ${os_ms[*]}; $VERIFY_BYTES bytes" >&2

GIB=$(awk -v b="$DATA_BYTES" 'BEGIN {printf "%.2f", b / 1073741824}')
TABLE=$(cat <<EOF
| measurement ($SIZE disk, $GIB GiB random data, median of $RUNS) | seconds | MB/s of data | ratio | CPU s per GiB | KiB per disk write |
|---|---:|---:|---|---:|---:|
| nbdcopy from the same fleecing export → raw file \`--flush\` | $NBD_S | $NBD_MBPS | 1.00 (reference) | $NBD_CPU (nbdcopy + QEMU) | $NBD_KIB |
| vmferry full, reader seconds (TLS, CRC-32C, SHA-256, LZ4 on) | $FULL_S | $FULL_MBPS | $(ratio "$FULL_MBPS" "$NBD_MBPS") × nbdcopy | $FULL_CPU (stack + QEMU) | $FULL_KIB |
| vmferry full, client wall time (against a running stack) | $FULL_WALL_S | $FULL_WALL_MBPS | $(ratio "$FULL_WALL_MBPS" "$NBD_MBPS") × nbdcopy | | |
| vmferry full, the first job of a freshly started stack (JIT warm-up), reader seconds | ${WARM_S[0]} | $(mbps "$DATA_BYTES" "${WARM_S[0]}") | $(ratio "$(mbps "$DATA_BYTES" "${WARM_S[0]}")" "$NBD_MBPS") × nbdcopy | ${WARM_CPU[0]} (stack + QEMU) | |
| vmferry full, the stack's second job (JIT still compiling), reader seconds | ${WARM_S[1]} | $(mbps "$DATA_BYTES" "${WARM_S[1]}") | $(ratio "$(mbps "$DATA_BYTES" "${WARM_S[1]}")" "$NBD_MBPS") × nbdcopy | ${WARM_CPU[1]} (stack + QEMU) | |
| vmferry incremental, $DIRTY_PCT % of 64 KiB blocks dirty ($DIRTY bytes), reader seconds | $INC_S | – | read/dirty $INC_RATIO | | |
| vmferry incremental, client wall time | $INC_WALL_S | – | $(ratio "$INC_WALL_S" "$FULL_WALL_S") × full wall | | |
| vmferry restore full + 3 incrementals → raw (CLI wall; on disk when it exits) | $RS_S | $(mbps "$RESTORE_DATA" "$RS_S") | $(ratio "$QD_S" "$RS_S") × qemu-img \`-t none\`, $(ratio "$QC_S" "$RS_S") × default | | $RS_KIB |
| qemu-img convert \`-t none\` of the equivalent qcow2 chain (base + 3 overlays) → raw (on disk when it exits) | $QD_S | $(mbps "$RESTORE_DATA" "$QD_S") | outputs $SAME | | $QD_KIB |
| qemu-img convert of the same chain, default cache mode (unsafe: no flush, in the page cache when it exits) | $QC_S | $(mbps "$RESTORE_DATA" "$QC_S") | | | |
| vmferry verify of the repository, $(awk -v b="$VERIFY_BYTES" 'BEGIN {printf "%.2f", b / 1073741824}') GiB of streams (CLI wall, $VERIFIED) | $VF_S | $(mbps "$VERIFY_BYTES" "$VF_S") | $(ratio "$OS_S" "$VF_S") × openssl speed | | |
| openssl dgst -sha256 of the same stream files | $OS_S | $(mbps "$VERIFY_BYTES" "$OS_S") | (reference) | | |
EOF
)
echo "$TABLE"

SECTION=$(cat <<EOF
## Backup

Measured by \`infra/bench/backup.sh $RUNS\` on $(date -u +%F), $(nproc) cores, load average $LOAD_RANGE during the run
(1-minute figures sampled between the steps). One QEMU demo VM (\`-machine none\`, TCG) with a $SIZE qcow2 disk holding
$DATA_MIB MiB of random data in 4 MiB runs; \`vmferry stack\` started once, commands run as clients. The full's
bytes read: $FULL_READ, stored: $FULL_STORED. Reader seconds = the disk result's \`seconds\` (NBD connect to sink
ACK); wall = the client command including its JVM start and the snapshot. A freshly started stack's JIT compiles
the data path during its first jobs: its compiler threads spent $WARM_JIT_LIST CPU-s on the $((2 + WARMUPS)) warm-up
fulls of this run and $FULL_JIT (median) on each measured one. The first two are reported apart, the $RUNS measured
fulls follow the $((2 + WARMUPS)) (a service's steady state). nbdcopy reads the export a backup reads (the
VM's fleecing export, taken and held by the snapshot service's code). CPU s per GiB = user + system seconds of
nbdcopy and QEMU (reference) or of the stack JVM and QEMU (vmferry, the whole client command) per GiB of data. KiB
per disk write = sectors written / write requests the disk holding the work dir ($DEV) completed during the step
(/proc/diskstats; other writers on the box count too): a direct write goes to the device in requests of physically
contiguous memory up to its segment limit, so buffers of scattered 4 KiB pages made several small requests of each
4 MiB write. Restore is compared with
\`qemu-img convert\` of a qcow2 chain built with \`qemu-img create -b\` overlays and the same \`qemu-io\` writes (not a
proxy); the raw outputs are checked with \`qemu-img compare\`. vmferry's restore is on disk when it exits (direct
writes, then fsync); \`qemu-img convert\` never flushes in its default cache mode for the target (unsafe), so it is
measured that way and with \`-t none\` (direct writes, flushed at the end), the like-for-like reference. Verify (every point of the repository the run
left, every frame's CRC-32C and each stream's SHA-256) is compared with \`openssl dgst -sha256\` of the same files,
both with a warm page cache.

$TABLE
EOF
)
write_section "Backup" "$SECTION"
