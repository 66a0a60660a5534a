# Sourced by ./smsgate and .ci/run: points JAVA_HOME at a JDK 21 or newer (smsgate targets Java 21),
# preferring the one already set, else the newest installed; stops with a clear message if none.

smsgate_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit }'
}

smsgate_pick_jdk() {
  local best="" best_major=0 candidate major
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  candidates+=(/usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home)
  for candidate in "${candidates[@]}"; do
    [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(smsgate_java_major "$candidate")
    [ -n "$major" ] || continue
    # Keep the JDK already chosen when it is new enough; otherwise take the newest.
    if [ "$candidate" = "${JAVA_HOME:-}" ] && [ "$major" -ge 21 ]; then best="$candidate"; best_major=$major; break; fi
    if [ "$major" -gt "$best_major" ]; then best="$candidate"; best_major=$major; fi
  done
  if [ -z "$best" ] || [ "$best_major" -lt 21 ]; then
    echo "smsgate needs a JDK 21 or newer (found ${best_major:-none}). Install one (e.g. Temurin 21) and set JAVA_HOME." >&2
    return 1
  fi
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
  # Maven 3.8 on JDK 24+ warns about sun.misc.Unsafe on every run; allowing it keeps the output readable.
  if [ "$best_major" -ge 24 ]; then
    case "${MAVEN_OPTS:-}" in *sun-misc-unsafe-memory-access*) ;; *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow";; esac
  fi
}

smsgate_pick_jdk
