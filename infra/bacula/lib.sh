# Shared helpers for infra/bacula scripts (sourced, not run).
# The daemons of an instance are recorded as DIR/run/{sd,fd,fd-raw,dir}.pid.
DAEMONS=(sd fd fd-raw dir)

# recorded_pid DIR NAME: the recorded PID if that process is alive and still ours, else nothing
recorded_pid() {
  local f="$1/run/$2.pid" pid
  [ -s "$f" ] || return 1
  pid=$(<"$f")
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  # guard against PID reuse: the process must run a config from this instance
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$1/etc/" || return 1
  echo "$pid"
}

all_running() { local d; for d in "${DAEMONS[@]}"; do recorded_pid "$1" "$d" >/dev/null || return 1; done; }
any_running() { local d; for d in "${DAEMONS[@]}"; do recorded_pid "$1" "$d" >/dev/null && return 0; done; return 1; }
any_dead() { ! all_running "$1"; }
