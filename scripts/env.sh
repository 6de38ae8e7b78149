# Sourced by the other scripts: runs setup.sh and exports the JAVA_HOME it chose.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
eval "$(bash "$here/setup.sh")"
export PATH="$JAVA_HOME/bin:$PATH"
