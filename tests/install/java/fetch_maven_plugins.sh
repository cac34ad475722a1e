#!/bin/bash
# The ONLINE step of the Java consumer test, run at build time of tests/install (Meson
# target java-maven-plugins): downloads from Maven Central exactly the plugins (and their
# dependencies) that the pinned poms need, into a plugin repository REPO. Everything after
# it (run_consumer.py) runs Maven offline (-o) from a copy of REPO, in a network namespace
# without a network where the machine allows one.
#
# usage: fetch_maven_plugins.sh REPO STAMP POM...
set -euo pipefail
repo=$1 stamp=$2
shift 2
echo "java-maven-plugins: ONLINE: fetching the Maven plugins of $* from Maven Central into $repo"
rm -rf "$repo" "$stamp"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# Maven's own output only when it fails.
mvn_quiet() {
  mvn -B -q -Dstyle.color=never -Dmaven.repo.local="$repo" "$@" >"$log" 2>&1 || { cat "$log"; exit 1; }
}
for pom in "$@"; do
  # resolve-plugins: every plugin of the build (the lifecycle's included) with its
  # dependencies, and not the project's own dependencies (org.libsse:libsse is not on
  # Central; the consumer gets it from the local install).
  mvn_quiet -f "$pom" dependency:resolve-plugins
done
# Maven 3.8 adds plexus-utils 1.1 to a plugin that does not depend on plexus-utils itself
# (surefire); resolve-plugins does not see that, so fetch it by name.
mvn_quiet -f "$1" dependency:get -Dartifact=org.codehaus.plexus:plexus-utils:1.1 -Dtransitive=false
echo "java-maven-plugins: $(find "$repo" -name '*.jar' | wc -l) jars fetched"
touch "$stamp"
