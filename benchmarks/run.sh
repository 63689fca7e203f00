#!/usr/bin/env bash
# Runs DecisionBench (raw JCA vs the authorizer's full decision, fresh and repeated tokens) and prints the ratios.
# Usage: benchmarks/run.sh [extra JMH options], e.g. benchmarks/run.sh -f 3 -wi 5 -i 5 -w 2 -r 2
# Build first: mvn -B -pl benchmarks -am package -DskipTests
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/target/benchmarks.jar"
out="${RESULT_FILE:-$here/target/jmh-result.json}"
[ -f "$jar" ] || { echo "missing $jar: mvn -B -pl benchmarks -am package -DskipTests" >&2; exit 1; }
echo "loadavg: $(cat /proc/loadavg 2>/dev/null || echo n/a)"
java -jar "$jar" 'DecisionBench' -rf json -rff "$out" "$@"
python3 - "$out" <<'PY'
import json, sys
rows = {r["benchmark"].rsplit(".", 1)[1]: r["primaryMetric"] for r in json.load(open(sys.argv[1]))}
ref = rows["rawJcaVerify"]["score"]
for name, m in sorted(rows.items()):
    print(f"{name:24s} {m['score']:12,.0f} ± {m['scoreError']:9,.0f} ops/s   {m['score'] / ref:5.3f}x raw JCA")
print(f"RATIO authorizerDecision / rawJcaVerify = {rows['authorizerDecision']['score'] / ref:.3f}")
# the same from the medians of the measured iterations: a few disturbed iterations (this kind of
# machine has dips of 10-25 % lasting seconds) move a mean, not a median
import statistics
def median(name):
    return statistics.median(v for fork in rows[name]["rawData"] for v in fork)
print(f"RATIO authorizerDecision / rawJcaVerify, medians of iterations = {median('authorizerDecision') / median('rawJcaVerify'):.3f}")
if "authorizerDecisionRepeat" in rows:
    print(f"RATIO authorizerDecisionRepeat / rawJcaVerify = {rows['authorizerDecisionRepeat']['score'] / ref:.1f}")
PY
