#!/usr/bin/env bash
# Bacula figures (issue 5, Measure), all in ONE run on this machine, against a private Bacula
# (infra/bacula/start in a temp dir on free loopback ports) and a QEMU demo VM with a 1 GiB qcow2
# disk holding ~1 GiB of random data:
#  (a) a Bacula Full job whose FileSet is vmferry's generated plugin lines (`vmferry bacula plugins`,
#      readers `vmferry bacula read`, after-job `vmferry bacula check`) for the VM: wall time
#      (bconsole `run` until the job's catalog row shows its end, polled every 50 ms) and the catalog's
#      JobBytes / (EndTime - StartTime);
#  (b) the same Bacula backing up a 1 GiB raw file (the VM disk converted to raw) through bpipe with
#      `cat FILE` as reader (Bacula's own ceiling), same measurements;
#  (c) `vmferry bacula restore --vm 9001 --jobid N --to DIR` of a job of (a) against a bconsole restore
#      of the `cat` job into the writer `cat > FILE`: wall times (the vmferry restore output is
#      compared with the raw file by `qemu-img compare`).
# Both FileSets use `Signature = MD5`. A warm-up cat job (not counted) labels the volume; then the two kinds
# alternate (vm cat, cat vm, ...), each after a `sync`. Medians of RUNS; MB/s = 10^6 B/s. Prints a markdown table
# and appends (or replaces) the "## Bacula" section at the end of docs/benchmarks.md.
# Usage: infra/bench/bacula.sh [RUNS]   (default 3; env SIZE=1G DATA_MIB=1024 KEEP=1)
set -euo pipefail
. "$(dirname "$(readlink -f "$0")")/lib.sh"
bench_init
RUNS=${1:-3}
SIZE=${SIZE:-1G}
DATA_MIB=${DATA_MIB:-1024}
VMF="$VMFERRY_ROOT/infra/bin/vmferry"
BAC="$VMFERRY_ROOT/infra/bacula"
WORK=$(mktemp -d /tmp/vmferry-bench-bacula-XXXX)
BDIR="$WORK/bacula"
VM_PID=""
cleanup() {
  local rc=$?
  set +e   # a failing kill/wait must not abort the cleanup
  [ -f "$BDIR/etc/bconsole.conf" ] && "$BAC/stop" "$BDIR" >/dev/null 2>&1
  stop_pid "$VM_PID"
  # SIGTERM skips DemoVmMain's try-with-resources: stop its QEMU by the pidfile
  [ -f "$WORK/node/run/9001.pid" ] && kill "$(cat "$WORK/node/run/9001.pid")" 2>/dev/null
  for f in "$WORK"/agents/*.pid; do [ -f "$f" ] && stop_pid "$(cat "$f")"; done # the job agent the first job started
  if [ -z "${KEEP:-}" ]; then rm -rf "$WORK"; else echo "kept $WORK" >&2; fi
  [ "$rc" -eq 0 ] || echo "bacula bench FAILED (exit $rc)" >&2
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
port_free() { # nothing listens on 127.0.0.1/any:PORT (read /proc, as infra/bacula/start does)
  local hex; hex=$(printf '%04X' "$1")
  ! awk -v p=":$hex" '$4 == "0A" && substr($2, length($2) - 4) == p { f = 1 } END { exit !f }' /proc/net/tcp /proc/net/tcp6 2>/dev/null
}
bcon() { "$BAC/bconsole" "$BDIR" "$@"; }
sql() { sqlite3 -separator ' ' "$BDIR/catalog/bacula.db" "$1"; }
LOADS=("$(load)")

echo "== demo VM: $SIZE qcow2 with $DATA_MIB MiB random data (work dir $WORK)" >&2
NODE="$WORK/node"
"$JAVA" $(jvm_flags) -cp "$CP" io.vmferry.infra.demo.DemoVmMain "$NODE" "$SIZE" "$DATA_MIB" > "$WORK/vm.log" 2>&1 &
VM_PID=$!
for _ in $(seq 1200); do grep -q VM_READY "$WORK/vm.log" 2>/dev/null && break; kill -0 "$VM_PID" || { cat "$WORK/vm.log" >&2; exit 1; }; sleep 0.1; done
grep -q VM_READY "$WORK/vm.log" || { echo "demo VM not ready" >&2; exit 1; }
IMG="$NODE/storage/images/9001/vm-9001-disk-0.qcow2"
DATA_BYTES=$(qemu-img map -U --output=json -f qcow2 "$IMG" | jq '[.[] | select(.data) | .length] | add')
RAW="$WORK/disk.raw"   # the cat job's input: the same disk as a raw file (the VM is idle)
qemu-img convert -U -q -f qcow2 -O raw "$IMG" "$RAW"
RAW_BYTES=$(stat -c %s "$RAW")
echo "data bytes in the image: $DATA_BYTES; raw file $RAW_BYTES bytes" >&2

echo "== private Bacula" >&2
BASE=""
for _ in $(seq 50); do
  b=$((30000 + 4 * (RANDOM % 1500)))
  if port_free "$b" && port_free $((b + 1)) && port_free $((b + 2)) && port_free $((b + 3)); then BASE=$b; break; fi
done
[ -n "$BASE" ] || { echo "no free base port" >&2; exit 1; }
"$BAC/start" "$BDIR" --base-port "$BASE" >&2

# vmferry for Bacula: the launcher with this run's config (what the generated bpipe lines run)
CFG="$WORK/vmferry.yaml"
WRAP="$WORK/bin/vmferry"
mkdir -p "$WORK/bin" "$WORK/state"
{ cat "$NODE/vmferry.yaml"
  echo "bacula: {command: $WRAP, state-dir: $WORK/state, bconsole-config: $BDIR/etc/bconsole.conf, client: vf-fd}"
} > "$CFG"
# its job agent's socket (and the agent's log) in the work dir, so that the cleanup finds it
printf '#!/bin/sh\nVMFERRY_AGENT_DIR=%s\nexport VMFERRY_AGENT_DIR\nexec %s --config %s "$@"\n' "$WORK/agents" "$VMF" "$CFG" > "$WRAP"
chmod 755 "$WRAP"

# the cat job (Bacula's ceiling): reader `cat RAW`, writer `cat > FILE`; add-job then lists conf.d
cat > "$BDIR/etc/conf.d/bench-cat.conf" <<EOF
FileSet {
  Name = "bench-cat-fs"
  Include {
    Options { Signature = MD5 }
    Plugin = "bpipe:/@bench/disk.raw:cat $RAW:cat > $WORK/cat-restored.raw"
  }
}
Job {
  Name = "bench-cat"
  Type = Backup
  Level = Full
  Client = vf-fd
  FileSet = "bench-cat-fs"
  Storage = File1
  Pool = VfPool
  Messages = Standard
  Maximum Concurrent Jobs = 4
}
EOF
"$BAC/add-job" "$BDIR" bench-vm --cmd "$WRAP" --params "host=demo vm=9001" >&2

# Waits until job ID has ended, polling its catalog row every 50 ms from one process (bconsole `wait` polls once a
# second, which made every wall time a whole second plus a constant; a sqlite3 and a sleep process per poll took
# ~10 % of the CPU the jobs need). The catalog is this machine's SQLite, opened read-only.
await_job() {
  python3 - "$BDIR/catalog/bacula.db" "$1" <<'PY'
import sqlite3, sys, time
db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True, timeout=2)
deadline = time.monotonic() + 3600
while time.monotonic() < deadline:
    try:
        row = db.execute("SELECT JobStatus FROM Job WHERE JobId=?", (int(sys.argv[2]),)).fetchone()
    except sqlite3.OperationalError:
        row = None  # the Director is writing: ask again
    if row and row[0] and row[0] in "TEefA":
        sys.exit(0)
    time.sleep(0.05)
sys.exit("job %s did not end within an hour" % sys.argv[2])
PY
}

run_job() { # JOBNAME -> prints "jobid wall_ms jobbytes catalog_s"; fails unless T with 0 errors
  local out id t0 t1 row
  t0=$(now_ms)
  out=$(bcon "run job=$1 level=Full yes")
  id=$(sed -n 's/.*Job queued\. JobId=\([0-9]*\).*/\1/p' <<<"$out")
  [ -n "$id" ] || { echo "run $1: $out" >&2; return 1; }
  await_job "$id"
  t1=$(now_ms)
  row=$(sql "SELECT JobStatus, JobErrors, JobBytes, strftime('%s',EndTime) - strftime('%s',StartTime) FROM Job WHERE JobId=$id")
  read -r st err bytes secs <<<"$row"
  if [ "$st" != T ] || [ "$err" != 0 ]; then
    echo "job $id ($1) ended $st with $err errors" >&2; timeout 10 "$BAC/bconsole" "$BDIR" messages >&2 || true; return 1
  fi
  echo "$id $((t1 - t0)) $bytes $secs"
}

# A warm-up cat job, not counted: the first job of a fresh Bacula labels the volume and warms the daemons.
sync
r=$(run_job bench-cat); read -r id w b s <<<"$r"
echo "warm-up cat job $id: wall $w ms (not counted)" >&2
echo "== (a) vmferry Bacula Full and (b) bpipe cat Full, $RUNS runs each (order alternating: vm cat, cat vm, ...)" >&2
vm_wall=(); vm_cat=(); cat_wall=(); cat_cat=(); VM_JOB=""; CAT_JOB=""; VM_BYTES=0; CAT_BYTES=0
vm_run() {
  sync
  r=$(run_job bench-vm); read -r id w b s <<<"$r"   # command substitution: synchronous, fails the script
  VM_JOB=$id; VM_BYTES=$b; vm_wall+=("$w"); vm_cat+=("$(awk -v b="$b" -v s="$s" 'BEGIN {printf "%.0f", (s > 0 ? b / 1e6 / s : 0)}')")
  echo "vmferry job $id: wall $w ms, JobBytes $b, catalog $s s" >&2
}
cat_run() {
  sync
  r=$(run_job bench-cat); read -r id w b s <<<"$r"
  CAT_JOB=$id; CAT_BYTES=$b; cat_wall+=("$w"); cat_cat+=("$(awk -v b="$b" -v s="$s" 'BEGIN {printf "%.0f", (s > 0 ? b / 1e6 / s : 0)}')")
  echo "cat job $id: wall $w ms, JobBytes $b, catalog $s s" >&2
}
for i in $(seq "$RUNS"); do
  if [ $((i % 2)) = 1 ]; then vm_run; cat_run; else cat_run; vm_run; fi
done
LOADS+=("$(load)")
VM_WALL_S=$(printf '%s\n' "${vm_wall[@]}" | median | awk '{print $1/1000}')
CAT_WALL_S=$(printf '%s\n' "${cat_wall[@]}" | median | awk '{print $1/1000}')
VM_CAT_MBPS=$(printf '%s\n' "${vm_cat[@]}" | median)
CAT_CAT_MBPS=$(printf '%s\n' "${cat_cat[@]}" | median)
VM_WALL_MBPS=$(mbps "$RAW_BYTES" "$VM_WALL_S"); CAT_WALL_MBPS=$(mbps "$RAW_BYTES" "$CAT_WALL_S")
BK_RATIO_WALL=$(ratio "$CAT_WALL_S" "$VM_WALL_S"); BK_RATIO_CAT=$(ratio "$VM_CAT_MBPS" "$CAT_CAT_MBPS")

echo "== (c) restores: vmferry bacula restore of job $VM_JOB vs bconsole restore of cat job $CAT_JOB, $RUNS runs each" >&2
vr_ms=(); cr_ms=()
for i in $(seq "$RUNS"); do
  rm -rf "$WORK/vr"; sync
  t0=$(now_ms)
  "$WRAP" bacula restore --vm 9001 --jobid "$VM_JOB" --to "$WORK/vr" > "$WORK/vr.out" 2> "$WORK/vr.err" \
    || { cat "$WORK/vr.out" "$WORK/vr.err" >&2; exit 1; }
  t1=$(now_ms); vr_ms+=($((t1 - t0)))
  [ "$i" -lt "$RUNS" ] || cp "$WORK/vr/9001-scsi0.raw" "$WORK/vr-last.raw" 2>/dev/null || true
  rm -f "$WORK/cat-restored.raw"; sync
  t0=$(now_ms)
  out=$(bcon "restore jobid=$CAT_JOB client=vf-fd restorejob=RestoreFiles where=$WORK/cr all done yes")
  id=$(sed -n 's/.*Job queued\. JobId=\([0-9]*\).*/\1/p' <<<"$out")
  [ -n "$id" ] || { echo "restore: $out" >&2; exit 1; }
  bcon "wait jobid=$id" > /dev/null   # as `vmferry bacula restore` waits for its restore job
  t1=$(now_ms); cr_ms+=($((t1 - t0)))
  r=$(sql "SELECT JobStatus, JobErrors FROM Job WHERE JobId=$id"); read -r st err <<<"$r"
  [ "$st" = T ] && [ "$err" = 0 ] || { echo "cat restore job $id ended $st with $err errors" >&2; exit 1; }
  echo "restore $i: vmferry ${vr_ms[-1]} ms, bconsole cat ${cr_ms[-1]} ms" >&2
done
LOADS+=("$(load)")
if qemu-img compare -q -f raw -F raw "$RAW" "$WORK/vr-last.raw"; then VSAME=identical; else VSAME=DIFFERENT; fi
if cmp -s "$RAW" "$WORK/cat-restored.raw"; then CSAME=identical; else CSAME=DIFFERENT; fi
rm -f "$WORK/vr-last.raw"
VR_S=$(printf '%s\n' "${vr_ms[@]}" | median | awk '{print $1/1000}')
CR_S=$(printf '%s\n' "${cr_ms[@]}" | median | awk '{print $1/1000}')
RS_RATIO=$(ratio "$CR_S" "$VR_S")
LOAD_RANGE=$(printf '%s\n' "${LOADS[@]}" | sort -n | sed -n '1p;$p' | paste -sd- | sed 's/-/–/')
echo "restore ms: vmferry ${vr_ms[*]}; cat ${cr_ms[*]}; outputs: vmferry $VSAME, cat $CSAME" >&2

met() { awk -v r="$1" 'BEGIN {exit !(r >= 0.8)}'; }
verdict() {
  local parts=()
  if met "$BK_RATIO_WALL" && met "$BK_RATIO_CAT"; then parts+=("Backup meets the 0.8× target (${BK_RATIO_WALL}× wall, ${BK_RATIO_CAT}× catalog rate)")
  else parts+=("Backup does NOT meet the 0.8× target (${BK_RATIO_WALL}× wall, ${BK_RATIO_CAT}× catalog rate)"); fi
  if met "$RS_RATIO"; then parts+=("restore meets it (${RS_RATIO}×)"); else parts+=("restore does NOT meet it (${RS_RATIO}×)"); fi
  echo "${parts[0]}; ${parts[1]}."
}
VERDICT=$(verdict)

GIB=$(awk -v b="$DATA_BYTES" 'BEGIN {printf "%.2f", b / 1073741824}')
TABLE=$(cat <<EOF
| measurement ($SIZE disk, $GIB GiB random data, median of $RUNS) | wall s | MB/s (1 GiB / wall) | catalog MB/s (JobBytes / End−Start) | ratio vmferry / cat |
|---|---:|---:|---:|---|
| Bacula Full, vmferry plugin lines (\`bacula read\`, JobBytes $VM_BYTES) | $VM_WALL_S | $VM_WALL_MBPS | $VM_CAT_MBPS | ${BK_RATIO_WALL}× wall, ${BK_RATIO_CAT}× catalog |
| first of those jobs alone (its generator starts the job agent) | $(awk -v m="${vm_wall[0]}" 'BEGIN {print m/1000}') | $(mbps "$RAW_BYTES" "$(awk -v m="${vm_wall[0]}" 'BEGIN {print m/1000}')") | ${vm_cat[0]} | – |
| Bacula Full, bpipe \`cat\` of the 1 GiB raw file (JobBytes $CAT_BYTES) | $CAT_WALL_S | $CAT_WALL_MBPS | $CAT_CAT_MBPS | 1.00 (reference) |
| \`vmferry bacula restore --jobid\` → raw (CLI wall: bvfs, restore job writing the image) | $VR_S | $(mbps "$RAW_BYTES" "$VR_S") | – | ${RS_RATIO}× (output $VSAME) |
| bconsole restore of the \`cat\` job into \`cat > file\` (run → wait) | $CR_S | $(mbps "$RAW_BYTES" "$CR_S") | – | 1.00 (reference, output $CSAME) |
EOF
)
echo "$TABLE"
echo "$VERDICT"

SECTION=$(cat <<EOF
## Bacula

Measured by \`infra/bench/bacula.sh $RUNS\` on $(date -u +%F), $(nproc) cores, load average $LOAD_RANGE during the run
(1-minute figures sampled between the steps). A private Bacula 9.6.7 (\`infra/bacula/start\`, SQLite catalog, file
volumes, loopback) and one QEMU demo VM with a $SIZE qcow2 disk holding $DATA_MIB MiB of random data. The vmferry job is
\`infra/bacula/add-job\` with \`host=demo vm=9001\` (generator, \`bacula read\` per disk plus the config, after-job
\`bacula check\`, each a thin client of vmferry's job agent, which the first job's generator starts and which then
stays; \`VMFERRY_BACULA_AGENT=no\` runs a JVM per command instead); the reference job backs up the same disk as a 1 GiB raw file with the bpipe line
\`bpipe:/@bench/disk.raw:cat FILE:cat > FILE\`. Both FileSets use \`Signature = MD5\`; a warm-up \`cat\` job (not counted) labels the volume first, then jobs of
the two kinds alternate (vm cat, cat vm, ...), each after a \`sync\`.
Wall = bconsole \`run\` until the job's catalog row shows it ended (polled every 50 ms) (restores: the \`vmferry bacula restore\` command, which also looks up the
chain with \`.bvfs_*\` and whose restore job writes the raw image, vs bconsole \`restore\` → \`wait\`). Catalog seconds have 1 s
resolution. Ratio = vmferry speed / cat speed. $VERDICT

$TABLE
EOF
)
write_section "Bacula" "$SECTION"
