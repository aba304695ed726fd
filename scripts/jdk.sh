# Sourced by ./dam and ./run-tests: exports JAVA_HOME as a JDK >= 21 (javac included).
# Looks at $DAM_JAVA_HOME, $JAVA_HOME, the JDKs under /usr/lib/jvm, /usr/local, /opt and
# ~/.sdkman, and the `java` on PATH; picks the newest that qualifies.

_dam_jdk_version() {
  # Prints the feature version (17, 21, 25, ...) of the JDK at $1, or nothing.
  _dam_read_jdk_version "$1"
  echo "$_DAM_JDK_VERSION"
}

_dam_read_jdk_version() {
  # Sets _DAM_JDK_VERSION to the feature version of the JDK at $1, or to nothing. Reads the JDK's
  # release file with the shell's own commands: no process is started (./dam runs this for every
  # JDK it finds, before each command), except `java -version` for a JDK without that file.
  local home=$1 line
  _DAM_JDK_VERSION=""
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
  if [ -f "$home/release" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      case $line in
        JAVA_VERSION=\"[0-9]*)
          line=${line#JAVA_VERSION=\"}
          _DAM_JDK_VERSION=${line%%[!0-9]*}
          break
          ;;
      esac
    done <"$home/release"
  fi
  if [ -z "$_DAM_JDK_VERSION" ]; then
    _DAM_JDK_VERSION=$("$home/bin/java" -version 2>&1 \
      | sed -n 's/.*version "\([0-9][0-9]*\).*/\1/p' | head -n 1)
  fi
  [ "$_DAM_JDK_VERSION" = "1" ] && _DAM_JDK_VERSION=8
  return 0
}

_dam_find_jdk() {
  local best="" best_v=0 c v
  local candidates=("${DAM_JAVA_HOME:-}" "${JAVA_HOME:-}")
  for c in /usr/lib/jvm/* /usr/local/*jdk* /opt/*jdk* /opt/java/* "$HOME"/.sdkman/candidates/java/*; do
    candidates+=("$c")
  done
  # The java on PATH, its links resolved; found by the shell's command hash (no subshell) where
  # hashing is on.
  c=""
  if hash java 2>/dev/null && [ -n "${BASH_CMDS[java]:-}" ]; then
    c=${BASH_CMDS[java]}
  elif command -v java >/dev/null 2>&1; then
    c=$(command -v java)
  fi
  if [ -n "$c" ]; then
    c=$(readlink -f "$c")
    candidates+=("${c%/bin/java}")
  fi
  for c in "${candidates[@]}"; do
    [ -n "$c" ] && [ -d "$c" ] || continue
    _dam_read_jdk_version "$c"
    v=$_DAM_JDK_VERSION
    [ -n "$v" ] || continue
    if [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ]; then
      best=$c
      best_v=$v
    fi
  done
  if [ -z "$best" ]; then
    echo "dam: error: no JDK 21 or newer found (looked at \$DAM_JAVA_HOME, \$JAVA_HOME, /usr/lib/jvm," \
      "/usr/local, /opt and the java on PATH). Install one, e.g. 'apt-get install openjdk-21-jdk'," \
      "or point DAM_JAVA_HOME at it." >&2
    return 2
  fi
  export JAVA_HOME=$best
  export PATH="$JAVA_HOME/bin:$PATH"
}

_dam_need_maven() {
  if ! command -v mvn >/dev/null 2>&1; then
    echo "dam: error: Maven (mvn) is needed to build; install it, e.g. 'apt-get install maven'." >&2
    return 2
  fi
  # Maven's bundled libraries use sun.misc.Unsafe; keep JDK 24+ from warning about it.
  if [ "$(_dam_jdk_version "$JAVA_HOME")" -ge 24 ]; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  fi
}

_dam_jsig_preload() {
  # Prints LD_PRELOAD with the signal-chaining library of the JDK at $JAVA_HOME in front, for a
  # JVM that loads an OpenCL driver built on LLVM, which installs its own handlers for SIGSEGV and
  # other signals over the JVM's (see tornado-config/README.md); LD_PRELOAD as it is where that
  # JDK has no such library.
  if [ -f "$JAVA_HOME/lib/libjsig.so" ]; then
    printf '%s' "$JAVA_HOME/lib/libjsig.so${LD_PRELOAD:+:$LD_PRELOAD}"
  else
    printf '%s' "${LD_PRELOAD:-}"
  fi
}
