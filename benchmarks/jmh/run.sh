#!/usr/bin/env bash
# Runs DecisionBench (raw JCA, java-jwt alone, the authorizer's decision on fresh and on repeated tokens)
# and prints the ratios against raw JCA, from the means and from the medians of the measured iterations.
# Usage: benchmarks/jmh/run.sh [extra JMH options], e.g. benchmarks/jmh/run.sh -f 3 -wi 5 -i 5 -w 2 -r 2
#   env: JAVA (default java), RESULT_FILE
# Build first: mvn -B -Pbenchmarks -pl benchmarks/jmh -am package -DskipTests
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/target/benchmarks.jar"
out="${RESULT_FILE:-$here/target/jmh-result.json}"
[ -f "$jar" ] || { echo "missing $jar: mvn -B -Pbenchmarks -pl benchmarks/jmh -am package -DskipTests" >&2; exit 1; }
echo "loadavg: $(cat /proc/loadavg 2>/dev/null || echo n/a)"
"${JAVA:-java}" -version 2>&1 | head -1
"${JAVA:-java}" -jar "$jar" 'DecisionBench' -rf json -rff "$out" "$@"
python3 - "$out" <<'PY'
import json, statistics, sys
rows = {r["benchmark"].rsplit(".", 1)[1]: r["primaryMetric"] for r in json.load(open(sys.argv[1]))}
ref = rows["rawJcaVerify"]["score"]
def median(name):
    return statistics.median(v for fork in rows[name]["rawData"] for v in fork)
for name, m in sorted(rows.items()):
    print(f"{name:26s} {m['score']:12,.0f} ± {m['scoreError']:9,.0f} ops/s   {m['score'] / ref:6.3f}x raw JCA"
          f"   (medians {median(name) / median('rawJcaVerify'):6.3f}x)")
PY
