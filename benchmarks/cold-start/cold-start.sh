#!/usr/bin/env bash
# Cold start, side by side in one run: process start -> first authorizer decision -> exit.
#   Java: bench/java ColdStart builds the real TokenAuthorizerHandler from an environment map and
#         answers one TOKEN event (JWKS over loopback HTTP), -XX:TieredStopAtLevel=1, no CDS archive of ours.
#   Node: aws-jwt-verify 5.2.1 CognitoJwtVerifier, JWKS over loopback HTTP (bench/node/cold.mjs).
# Mints a fresh key pair, JWKS and token, serves the JWKS with python3 -m http.server on a free
# loopback port, checks every variant says Allow, then ROUNDS rounds (hyperfine -N when installed,
# otherwise an interleaved python timer), peak RSS with /usr/bin/time when present, class-load counts.
# Usage: bench/cold-start.sh
#   env: ROUNDS=3 RUNS=10 RSS_RUNS=5 JAVA=java OUT=bench/target/cold
#        BEFORE_JAR=<an older authorizer.jar>   adds a "java-before" variant
#        NAIVE_JAR=<anchors cold.jar>           adds the naive java-jwt + jwks-rsa verifier (anchors.ColdAuthorizer)
#        PHASES=10                              also runs ColdPhases (the cold path's steps one after
#                                               another, ms each) that many times and prints medians
#                                               (for BEFORE_JAR too, when set)
#        AUTHORIZER_JAR=<jar>                   the jar measured as "java" (default authorizer/target/authorizer.jar)
#        REVOCATION=1                           adds "java+revocation" (and "java-before+revocation"): revocation
#                                               on against dynalite on loopback (node_modules/dynalite, npm ci),
#                                               so the first decision includes the first DynamoDB Query
# Build first: mvn -B -pl authorizer -am package -DskipTests; (cd bench/node && npm ci)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
ROUNDS=${ROUNDS:-3}; RUNS=${RUNS:-10}; RSS_RUNS=${RSS_RUNS:-5}; JAVA=${JAVA:-java}
OUT=${OUT:-bench/target/cold}
JAR=${AUTHORIZER_JAR:-authorizer/target/authorizer.jar}
[ -f "$JAR" ] || { echo "missing $JAR: mvn -B -pl authorizer -am package -DskipTests" >&2; exit 1; }
[ -d bench/node/node_modules/aws-jwt-verify ] || (cd bench/node && npm ci --no-audit --no-fund)
rm -rf "$OUT"; mkdir -p "$OUT/classes"
# -XDstringConcat=inline, as the modules are built: an indy string concatenation in the harness itself
# ("Bearer " + token, the printed answer) spins method handles worth ~13 ms that are not the authorizer's
javac --release 17 -XDstringConcat=inline -cp "$JAR" -d "$OUT/classes" bench/java/io/cognitogate/bench/ColdStart.java \
  bench/java/io/cognitogate/bench/ColdPhases.java bench/java/io/cognitogate/bench/Hello.java
node bench/node/fixtures.mjs "$OUT/fixture"
field() { python3 -c "import json,sys;print(json.load(open('$OUT/fixture/fixture.json'))['$1'])"; }
POOL=$(field userPoolId); CLIENT=$(field clientId); ISS=$(field issuer)

# the port a server started on a free port prints to its log ("... port N ..."); fails after 5 s
port_from_log() {
  local port=""
  for _ in $(seq 100); do
    port=$(grep -o 'port [0-9]*' "$1" | head -1 | awk '{print $2}' || true)
    [ -n "$port" ] && { echo "$port"; return 0; }
    sleep 0.05
  done
  echo "$2 did not start" >&2; return 1
}

python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$OUT/fixture/www" > "$OUT/httpd.log" 2>&1 &
HTTPD=$!
DYNALITE=""
trap 'kill $HTTPD $DYNALITE 2>/dev/null || true' EXIT
PORT=$(port_from_log "$OUT/httpd.log" "JWKS server")
BASE=http://127.0.0.1:$PORT
TOKEN="$OUT/fixture/token.txt"

if [ "${REVOCATION:-0}" = 1 ]; then
  [ -f node_modules/dynalite/index.js ] || { echo "REVOCATION=1 needs node_modules/dynalite: npm ci" >&2; exit 1; }
  node -e "const s=require('./node_modules/dynalite')({createTableMs:0});s.listen(0,'127.0.0.1',()=>console.log('port '+s.address().port))" \
    > "$OUT/dynalite.log" 2>&1 &
  DYNALITE=$!
  DPORT=$(port_from_log "$OUT/dynalite.log" dynalite)
  DDB=http://127.0.0.1:$DPORT
  # dynalite checks that a signature is there, not that it is right (the store's tests check that)
  curl -sf -o /dev/null "$DDB" -H 'Content-Type: application/x-amz-json-1.0' -H 'X-Amz-Target: DynamoDB_20120810.CreateTable' \
    -H 'X-Amz-Date: 20260101T000000Z' \
    -H 'Authorization: AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0' \
    -d '{"TableName":"cold-revocations","BillingMode":"PAY_PER_REQUEST","AttributeDefinitions":[{"AttributeName":"sub","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"S"}],"KeySchema":[{"AttributeName":"sub","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}]}'
  # not real credentials: the new store reads them from its environment, the SDK of BEFORE_JAR from the process's
  export AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_EC2_METADATA_DISABLED=true
fi

NAMES=(); CMDS=()
add() { NAMES+=("$1"); CMDS+=("$2"); }
C1="-XX:TieredStopAtLevel=1"
add java-hello "$JAVA $C1 -cp $OUT/classes io.cognitogate.bench.Hello"
add java "$JAVA $C1 -cp $JAR:$OUT/classes io.cognitogate.bench.ColdStart $TOKEN $POOL $CLIENT $ISS $BASE/$POOL/.well-known/jwks.json"
if [ -n "${BEFORE_JAR:-}" ]; then
  add java-before "$JAVA $C1 -cp $BEFORE_JAR:$OUT/classes io.cognitogate.bench.ColdStart $TOKEN $POOL $CLIENT $ISS $BASE/$POOL/.well-known/jwks.json"
fi
if [ "${REVOCATION:-0}" = 1 ]; then
  add java+revocation "$JAVA $C1 -cp $JAR:$OUT/classes io.cognitogate.bench.ColdStart $TOKEN $POOL $CLIENT $ISS $BASE/$POOL/.well-known/jwks.json $DDB"
  if [ -n "${BEFORE_JAR:-}" ]; then
    add java-before+revocation "$JAVA $C1 -cp $BEFORE_JAR:$OUT/classes io.cognitogate.bench.ColdStart $TOKEN $POOL $CLIENT $ISS $BASE/$POOL/.well-known/jwks.json $DDB"
  fi
fi
if [ -n "${NAIVE_JAR:-}" ]; then
  add java-naive "$JAVA $C1 -cp $NAIVE_JAR anchors.ColdAuthorizer $TOKEN $BASE $ISS"
fi
add node-hello "node -e console.log(1)"
add node-aws-jwt-verify "node bench/node/cold.mjs $TOKEN $BASE $POOL $CLIENT"

# 1) every variant must decide Allow
for i in "${!NAMES[@]}"; do
  out=$(${CMDS[$i]} 2>"$OUT/check-err.txt" || true)
  if [[ "${NAMES[$i]}" != *hello* ]] && ! grep -q '^Allow' <<<"$out"; then
    echo "FAILED ${NAMES[$i]}: $out $(cat "$OUT/check-err.txt")" >&2; exit 1
  fi
done
echo "all variants decide Allow; JWKS at $BASE; load $(cut -d' ' -f1-3 /proc/loadavg)"

# 2) wall time: process start -> exit
if command -v hyperfine >/dev/null; then
  for r in $(seq 1 "$ROUNDS"); do
    args=(); for i in "${!NAMES[@]}"; do args+=(-n "${NAMES[$i]}" "${CMDS[$i]}"); done
    echo "round $r load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/load.txt"
    hyperfine -N --style none --warmup 2 --runs "$RUNS" --export-json "$OUT/hyperfine-r$r.json" "${args[@]}" > "$OUT/hyperfine-r$r.txt" 2>&1
  done
else
  echo "hyperfine not installed: interleaved python timer" | tee -a "$OUT/load.txt"
  printf '%s\n' "${NAMES[@]}" > "$OUT/names.txt"; printf '%s\n' "${CMDS[@]}" > "$OUT/cmds.txt"
  python3 - "$OUT" "$ROUNDS" "$RUNS" <<'PY'
import json, shlex, subprocess, sys, time
out, rounds, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
names = open(f"{out}/names.txt").read().split("\n")[:-1]
cmds = [shlex.split(c) for c in open(f"{out}/cmds.txt").read().split("\n")[:-1]]
for r in range(1, rounds + 1):
    load = open("/proc/loadavg").read().split()[:3]
    open(f"{out}/load.txt", "a").write(f"round {r} load {' '.join(load)}\n")
    times = {n: [] for n in names}
    for k in range(runs + 1):  # the first pass is a warmup
        for n, c in zip(names, cmds):
            t = time.perf_counter()
            subprocess.run(c, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            if k:
                times[n].append(time.perf_counter() - t)
    json.dump({"results": [{"command": n, "times": times[n]} for n in names]}, open(f"{out}/hyperfine-r{r}.json", "w"))
PY
fi

# 3) peak RSS (KB) and the in-process time, when /usr/bin/time exists
: > "$OUT/rss.txt"
if [ -x /usr/bin/time ]; then
  for i in "${!NAMES[@]}"; do
    for _ in $(seq 1 "$RSS_RUNS"); do
      /usr/bin/time -f "%M" -o "$OUT/time.txt" ${CMDS[$i]} > /dev/null 2> "$OUT/err.txt"
      inproc=$(grep -o 'main->decision [0-9.]*' "$OUT/err.txt" | awk '{print $2}' || true)
      echo "${NAMES[$i]} $(tail -1 "$OUT/time.txt") ${inproc:--}" >> "$OUT/rss.txt"
    done
  done
fi

# 4) classes loaded by each Java variant (and how many came from the JDK's own CDS archive)
: > "$OUT/classload.txt"
for i in "${!NAMES[@]}"; do
  [[ "${NAMES[$i]}" == java* ]] || continue
  cmd=${CMDS[$i]}
  ${cmd/ -cp / -Xlog:class+load:file=$OUT/cl.txt -cp } > /dev/null 2>&1
  echo "${NAMES[$i]} loaded=$(grep -c 'source:' "$OUT/cl.txt") from_jdk_cds=$(grep -c 'shared objects file' "$OUT/cl.txt") from_jrt=$(grep -c 'source: jrt:' "$OUT/cl.txt") from_jars=$(grep -c 'source: file:' "$OUT/cl.txt") lambda_or_hidden=$(grep -cE 'Lambda|\$\$' "$OUT/cl.txt")" >> "$OUT/classload.txt"
done

python3 - "$OUT" <<'PY'
import glob, json, statistics as st, sys, collections
out = sys.argv[1]
times = collections.defaultdict(list); per_round = collections.defaultdict(list)
for f in sorted(glob.glob(f"{out}/hyperfine-r*.json")):
    for r in json.load(open(f))["results"]:
        ms = [t * 1000 for t in r["times"]]
        times[r["command"]] += ms; per_round[r["command"]].append(st.median(ms))
rss = collections.defaultdict(list); inproc = collections.defaultdict(list)
for line in open(f"{out}/rss.txt"):
    p = line.split()
    rss[p[0]].append(int(p[1]) / 1024)
    if p[2] != "-": inproc[p[0]].append(float(p[2]))
node = st.median(times["node-aws-jwt-verify"])
lines = ["| variant | median ms | min-max ms | per-round medians | vs node-aws-jwt-verify | main->decision ms (median) | peak RSS MB (median) |",
         "|---|---|---|---|---|---|---|"]
for name, ms in times.items():
    lines.append(f"| {name} | {st.median(ms):.0f} | {min(ms):.0f}-{max(ms):.0f} | {' / '.join(f'{m:.0f}' for m in per_round[name])} | "
                 f"{st.median(ms) / node:.2f}x | {st.median(inproc[name]):.0f} |" if inproc[name] else
                 f"| {name} | {st.median(ms):.0f} | {min(ms):.0f}-{max(ms):.0f} | {' / '.join(f'{m:.0f}' for m in per_round[name])} | "
                 f"{st.median(ms) / node:.2f}x | - |")
    lines[-1] += f" {st.median(rss[name]):.0f} |" if rss[name] else " - |"
text = "\n".join(lines)
open(f"{out}/summary.md", "w").write(text + "\n")
print(text)
if "java" in times:
    print(f"RATIO java / node-aws-jwt-verify = {st.median(times['java']) / node:.2f}")
    # the same ratio per round (each round's medians): how much of it is the machine's drift
    rounds = [j / n for j, n in zip(per_round["java"], per_round["node-aws-jwt-verify"])]
    print("RATIO per round: " + " / ".join(f"{r:.2f}" for r in rounds))
PY
echo "load: $(cat "$OUT/load.txt" | tr '\n' ';')"
cat "$OUT/classload.txt"

# 5) optional: the phases, one after another (the handler overlaps some of them; see ColdPhases),
#    for the authorizer jar and, when given, BEFORE_JAR (same ColdPhases class on the older jar)
if [ "${PHASES:-0}" -gt 0 ]; then
  PHASE_JARS=("java=$JAR"); [ -n "${BEFORE_JAR:-}" ] && PHASE_JARS+=("java-before=$BEFORE_JAR")
  for entry in "${PHASE_JARS[@]}"; do
    name=${entry%%=*}; jar=${entry#*=}
    : > "$OUT/phases-$name.txt"
    for _ in $(seq 1 "$PHASES"); do
      $JAVA $C1 -cp "$jar:$OUT/classes" io.cognitogate.bench.ColdPhases "$TOKEN" "$POOL" "$CLIENT" "$ISS" \
        "$BASE/$POOL/.well-known/jwks.json" 2>> "$OUT/phases-$name.txt" > /dev/null
    done
    python3 - "$OUT/phases-$name.txt" "$name" <<'PY'
import sys, statistics as st, collections
d = collections.defaultdict(list)
for line in open(sys.argv[1]):
    for kv in line.split()[1:]:
        k, v = kv.split("="); d[k].append(float(v))
print(f"phases {sys.argv[2]} (median ms): " + " ".join(f"{k}={st.median(v):.1f}" for k, v in d.items()))
PY
  done
fi
