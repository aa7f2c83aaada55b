# Shared by infra/bin scripts: repository root, a JDK >= 21, Debian packages, the build.
# shellcheck shell=bash
_vmferry_bin=$(readlink -f "${BASH_SOURCE[0]}")
VMFERRY_ROOT=${_vmferry_bin%/infra/bin/*}
# Class path of the CLI as `ensure_built` leaves it (its jar + copied dependencies), or VMFERRY_CLASSPATH: a
# class path built elsewhere (the tests'), which is then used as it is, without a build.
VMFERRY_JAR="$VMFERRY_ROOT/infra/target/vmferry-infra.jar"
VMFERRY_CP="${VMFERRY_CLASSPATH:-$VMFERRY_JAR:$VMFERRY_ROOT/infra/target/lib/*}"
# Class-data sharing archive of the built CLI (`make_cds`); empty when the JDK could not make one.
VMFERRY_CDS="$VMFERRY_ROOT/infra/target/vmferry.jsa"

# Debian packages the product and its tests use.
VMFERRY_PACKAGES="qemu-system-x86 qemu-utils qemu-guest-agent libnbd-bin nbdkit socat lz4 maven"

java_major() { # JAVA_BIN -> major version, or 0
  # the JDK's `release` file names it without starting a JVM (each start costs ~0.1 s, and every command and
  # every Bacula plugin call goes through here); older layouts without it are asked directly
  local release="${1%/bin/java}/release" line
  if [ -r "$release" ]; then
    while IFS= read -r line; do
      if [[ $line =~ ^JAVA_VERSION=\"([0-9]+) ]]; then echo "${BASH_REMATCH[1]}"; return 0; fi
    done < "$release"
  fi
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1 | head -1
}

# Sets JAVA_HOME to a JDK >= 21: $JAVA_HOME if it qualifies, else the newest under /usr/lib/jvm.
select_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(java_major "$JAVA_HOME/bin/java")" -ge 21 ]; then
    export JAVA_HOME; return 0
  fi
  local best="" best_v=0 d v
  for d in /usr/lib/jvm/*/; do
    d=${d%/}
    [ -x "$d/bin/javac" ] || continue
    [ -L "$d" ] && continue
    v=$(java_major "$d/bin/java"); v=${v:-0}
    if [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best=$d; best_v=$v; fi
  done
  if [ -z "$best" ]; then
    echo "vmferry: no JDK >= 21 found (set JAVA_HOME or install one under /usr/lib/jvm)" >&2
    exit 2
  fi
  export JAVA_HOME=$best
}

# For a JVM that moves disk data: it writes images and streams with O_DIRECT from 2 MiB-aligned buffers. Backed by
# 4 KiB pages scattered over physical memory, each 4 MiB write reached the disk as eight requests of 512 KiB (the
# device's segment limit) and took 1.5-2x as long; glibc's hugetlb tunable has large allocations madvised for
# transparent huge pages, which are physically contiguous (a 4 MiB write: one request). Ignored where THP is off.
# glibc madvises only memory it maps for one allocation (or the main arena's): with its default, dynamic mmap
# threshold, one large block freed early (a JVM with the class-data archive frees one at start) raised the threshold
# above the 18 MiB stage buffers, which then came from a thread arena without huge pages (a full: 580 KiB per disk
# request and 25 % slower). A fixed threshold of 4 MiB keeps every block of that size mapped on its own.
huge_page_buffers() {
  export GLIBC_TUNABLES="${GLIBC_TUNABLES:+$GLIBC_TUNABLES:}glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=4194304"
}

# JVM flags: JDK 24+ warns about Unsafe (kafka-clients) and native access (netty-tcnative); the built CLI's
# class-data sharing archive when there is one (a stale or unreadable archive is ignored by the JVM, silently).
jvm_flags() {
  local flags=""
  if [ "$(java_major "$JAVA_HOME/bin/java")" -ge 24 ]; then
    flags="--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
  fi
  if [ -z "${VMFERRY_CLASSPATH:-}" ] && [ -s "$VMFERRY_CDS" ]; then
    flags="$flags -XX:SharedArchiveFile=$VMFERRY_CDS -Xlog:cds*=off"
  fi
  echo "$flags"
}

# Makes the class-data sharing archive of the built CLI: a training JVM (io.vmferry.cli.CdsTraining) loads the
# classes commands use and dumps them at exit; every JVM the launcher starts then maps them instead of reading and
# verifying ~5000 classes from the jars (`vmferry vms` 1.6 -> 1.1 s). Leaves an empty file when the JDK cannot.
make_cds() {
  local tmp="$VMFERRY_CDS.$$"
  rm -f "$VMFERRY_CDS" # the training JVM must not map an old archive (jvm_flags adds the one that exists)
  # shellcheck disable=SC2046
  if "$JAVA_HOME/bin/java" $(jvm_flags) -XX:ArchiveClassesAtExit="$tmp" -Xlog:cds*=off -cp "$VMFERRY_CP" \
      io.vmferry.cli.CdsTraining > /dev/null 2>&1 && [ -s "$tmp" ]; then
    mv -f "$tmp" "$VMFERRY_CDS"
  else
    rm -f "$tmp"; : > "$VMFERRY_CDS"
  fi
}

# Installs missing Debian packages (needs root); runs apt-get update once first.
ensure_packages() {
  local missing="" p
  for p in $VMFERRY_PACKAGES "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
  done
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" != 0 ]; then
    echo "vmferry: missing Debian packages:$missing (run as root or install them)" >&2
    exit 2
  fi
  echo "vmferry: installing Debian packages:$missing" >&2
  # the SQLite director must not try to create a system catalog (shared/notes/bacula-bpipe.md §1)
  echo "bacula-director-sqlite3 bacula-director-sqlite3/dbconfig-install boolean false" | debconf-set-selections
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >&2
}

# Maven without the JDK 24+ Unsafe warnings of Maven's own Guava and without stray colour codes.
maven() {
  local opts="${MAVEN_OPTS:-}"
  if [ "$(java_major "$JAVA_HOME/bin/java")" -ge 24 ]; then opts="$opts --sun-misc-unsafe-memory-access=allow"; fi
  MAVEN_OPTS="$opts" mvn -Dstyle.color=never "$@" \
    2> >(sed -u -e 's/\x1b\[[0-9;]*m//g' | grep -v -E "^$|sun.misc.Unsafe|terminally deprecated|AbstractFuture|consider reporting" >&2) \
    | sed -u -e 's/\x1b\[[0-9;]*m//g' | { grep --line-buffered -v '^$' || true; }
}

# True when the CLI is built and no source or pom is newer than the build. Looks only where the fixed layout keeps
# them (modules at the top and under libs/): every Bacula plugin call runs this, and a walk of the whole checkout
# (build output included) took ~80 ms of each.
built_current() {
  local stamp="$VMFERRY_ROOT/infra/target/vmferry.stamp" p
  [ -f "$stamp" ] || return 1
  for p in "$VMFERRY_ROOT"/pom.xml "$VMFERRY_ROOT"/*/pom.xml "$VMFERRY_ROOT"/libs/*/pom.xml; do
    [ "$p" -nt "$stamp" ] && return 1
  done
  [ -z "$(find "$VMFERRY_ROOT"/*/src/main "$VMFERRY_ROOT"/libs/*/src/main -newer "$stamp" -print -quit 2>/dev/null)" ]
}

# True when the class-data sharing archive was made (or tried) for the current jar.
cds_current() {
  [ -e "$VMFERRY_CDS" ] && ! [ "$VMFERRY_JAR" -nt "$VMFERRY_CDS" ]
}

# Builds the CLI (infra and everything it needs) when it is missing or older than the sources, then its class-data
# sharing archive. One build at a time: concurrent commands (several Bacula jobs after an update) wait for it
# instead of building over each other. Needs JAVA_HOME (select_jdk).
ensure_built() {
  [ -n "${VMFERRY_CLASSPATH:-}" ] && return 0
  built_current && cds_current && return 0
  (
    flock 9
    if ! built_current; then
      echo "vmferry: building (mvn package) ..." >&2
      cd "$VMFERRY_ROOT" && maven -B -q -Dstyle.color=never -Dmaven.test.skip=true package -pl infra -am >&2 \
        || { echo "vmferry: build failed" >&2; exit 2; }
      touch "$VMFERRY_ROOT/infra/target/vmferry.stamp"
    fi
    cds_current || make_cds
  ) 9>"${TMPDIR:-/tmp}/vmferry-build-$(id -u).lock" || exit 2
}
