# Sourced by the other scripts: runs setup.sh and exports the JAVA_HOME it chose.
# A script that needs more than the core packages sets setup_parts first, e.g. setup_parts=(--vm).
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
eval "$(bash "$here/setup.sh" ${setup_parts[@]+"${setup_parts[@]}"})"
export PATH="$JAVA_HOME/bin:$PATH"
# Maven 3.8 bundles a Guava that JDK 24+ warns about on every run; the warning is not ours.
if "$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow -version >/dev/null 2>&1; then
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi
