# Shared by the infra/bench scripts: start-up, statistics, timing, ports, stopping what a script
# started, and writing one section of docs/benchmarks.md.
# shellcheck shell=bash
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../bin/common.sh"

# bench_init: JDK >= 21 selected, the CLI built; sets CP (the CLI's class path) and JAVA.
bench_init() {
  select_jdk
  ensure_built
  CP="$VMFERRY_CP"
  JAVA="$JAVA_HOME/bin/java"
}

# stop_pid PID...: SIGTERM each non-empty PID this script started and wait for it; never fails.
stop_pid() {
  local p
  for p in "$@"; do
    if [ -n "$p" ]; then kill "$p" 2>/dev/null; wait "$p" 2>/dev/null || true; fi
  done
  return 0
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
now_ms() { date +%s%3N; }
load() { cut -d' ' -f1 /proc/loadavg; }
# mbps BYTES SECONDS -> 10^6 B/s, rounded
mbps() { awk -v b="$1" -v s="$2" 'BEGIN {printf "%.0f", (s > 0 ? b / 1e6 / s : 0)}'; }
# ratio A B -> A/B with two decimals
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}'; }
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

# disk_dev PATH -> the kernel name of the block device holding PATH (as in /proc/diskstats), or nothing
disk_dev() { local s; s=$(df --output=source "$1" | tail -1); s=${s#/dev/}; [ -e "/sys/class/block/$s" ] && echo "$s"; }
# disk_writes DEV -> "requests sectors": writes the device completed so far (0 0 without a device)
disk_writes() { awk -v d="$1" '$3 == d {r = $8; s = $10} END {print r + 0, s + 0}' /proc/diskstats; }
# kib_per_write "R0 S0" "R1 S1" -> KiB per write request between two disk_writes samples
kib_per_write() {
  awk -v a="$1" -v b="$2" 'BEGIN {split(a, x, " "); split(b, y, " "); r = y[1] - x[1]
    printf "%.0f", (r > 0 ? (y[2] - x[2]) / 2 / r : 0)}'
}

# write_section TITLE TEXT: replaces the "## TITLE" section of docs/benchmarks.md (up to the next
# "## " heading) with TEXT, or appends it; other sections are left as they are.
write_section() {
  local doc="$VMFERRY_ROOT/docs/benchmarks.md"
  mkdir -p "$(dirname "$doc")"
  [ -f "$doc" ] || printf '# Benchmarks\n' > "$doc"
  TITLE="$1" SECTION="$2" python3 - "$doc" <<'PY'
import os, re, sys
doc = open(sys.argv[1]).read()
section = os.environ["SECTION"].strip() + "\n"
pattern = re.compile(r"^## " + re.escape(os.environ["TITLE"]) + r"\n.*?(?=^## |\Z)", re.S | re.M)
doc = pattern.sub(lambda m: section + "\n", doc) if pattern.search(doc) else doc.rstrip("\n") + "\n\n" + section
open(sys.argv[1], "w").write(doc.rstrip("\n") + "\n")
PY
  echo "updated $doc" >&2
}
