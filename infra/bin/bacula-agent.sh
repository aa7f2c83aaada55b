# The launcher's side of the Bacula job agent (AgentCommand.java): a Bacula job runs the launcher once per bpipe
# file and once each for the generator and the check; with an agent serving this configuration and build, each of
# those is a thin client (bacula-agent-client, perl) instead of a JVM start. The generator starts the agent when
# none runs. VMFERRY_BACULA_AGENT=no turns it off; VMFERRY_BACULA_AGENT_IDLE (seconds, default 3600) is how long
# an agent stays without requests; VMFERRY_AGENT_DIR is where the sockets live (default /run/vmferry for root).
# shellcheck shell=bash

# The agent socket for the launcher's ARGS: one agent per configuration file (and its version), class path, JDK,
# JVM options and build, so that an update or a changed configuration gets an agent of its own.
agent_socket() {
  local config="" next="" a dir stamp id
  for a in "$@"; do
    if [ -n "$next" ]; then config=$a; break; fi
    case "$a" in --config) next=1 ;; --config=*) config=${a#--config=}; break ;; bacula) break ;; esac
  done
  [ -n "$config" ] || config=${VMFERRY_CONFIG:-}
  if [ -n "$config" ]; then config="$(readlink -f "$config" 2>/dev/null || echo "$config") $(stat -c %Y "$config" 2>/dev/null)"; fi
  dir=${VMFERRY_AGENT_DIR:-}
  if [ -z "$dir" ]; then
    if [ "$EUID" = 0 ]; then dir=/run/vmferry; else dir=${XDG_RUNTIME_DIR:-/tmp}/vmferry-$EUID; fi
  fi
  stamp=$(stat -c %Y "$VMFERRY_ROOT/infra/target/vmferry.stamp" 2>/dev/null) || true
  id=$(printf '%s\n' "$config" "$VMFERRY_CP" "$JAVA_HOME" "${VMFERRY_JAVA_OPTS:-}" "${stamp:-none}" | md5sum)
  id=${id:0:16}
  echo "$dir/agent-$id.sock"
}

# Runs `bacula SUB ...` through the agent and exits with its code; returns when the command must run in a JVM of
# its own (no agent, or the agent does not serve it). The generator starts an agent first when none runs.
bacula_via_agent() {
  local sub=$1; shift
  local sock seen="" a
  local rest=() # from "bacula" on
  sock=$(agent_socket "$@")
  for a in "$@"; do if [ -n "$seen" ] || [ "$a" = bacula ]; then rest+=("$a"); seen=1; fi; done
  if [ -S "$sock" ]; then ask_agent "$sock" "${rest[@]}"; fi
  [ "$sub" = plugins ] || return 0
  start_agent "$sock" "$@" 2>/dev/null || return 0
  ask_agent "$sock" "${rest[@]}"
}

# SOCK ARGS: runs ARGS through the agent at SOCK and exits with their code, unless it does not serve them (75).
ask_agent() {
  local rc=0
  perl "$VMFERRY_ROOT/infra/bin/bacula-agent-client" "$@" || rc=$?
  [ "$rc" = 75 ] || exit "$rc"
}

# Starts the agent for SOCK (detached: own session, no pipes of the caller, output to SOCK.log) unless one
# answers there, and waits until it listens. One start at a time per socket (flock).
start_agent() {
  local sock=$1; shift
  local globals=() a
  agent_dir "$sock" || return 1
  for a in "$@"; do [ "$a" = bacula ] && break; globals+=("$a"); done
  (
    flock 9
    agent_answers "$sock" && exit 0
    rm -f "$sock" # a dead agent's: from now on the socket file means the new agent listens
    huge_page_buffers # the agent runs bpipe writers (restores)
    # shellcheck disable=SC2046,SC2086
    setsid "$JAVA_HOME/bin/java" $(jvm_flags) -XX:+UseG1GC ${VMFERRY_JAVA_OPTS:-} -cp "$VMFERRY_CP" \
      io.vmferry.cli.Main "${globals[@]}" bacula agent --socket "$sock" \
      --idle-seconds "${VMFERRY_BACULA_AGENT_IDLE:-3600}" </dev/null >>"$sock.log" 2>&1 9>&- &
    local pid=$! i
    for i in $(seq 1 600); do # a test of the file, not a connection (a perl each 50 ms slowed the JVM's start)
      [ -S "$sock" ] && exit 0
      kill -0 "$pid" 2>/dev/null || exit 1
      sleep 0.05
    done
    exit 1
  ) 9>"$sock.lock"
}

agent_dir() { # SOCK: creates the socket's directory, only its owner may use it (anyone who connects runs commands)
  mkdir -p "$(dirname "$1")" && chmod 700 "$(dirname "$1")"
}

agent_answers() { # SOCK: true when something accepts connections there
  [ -S "$1" ] && perl -MIO::Socket::UNIX -e 'exit(IO::Socket::UNIX->new(Type => SOCK_STREAM(), Peer => $ARGV[0]) ? 0 : 1)' "$1"
}
