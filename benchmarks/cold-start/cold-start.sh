#!/usr/bin/env bash
# Cold start, side by side in one run: process start -> first authorizer decision -> exit.
#   java:                ColdStart builds the real TokenAuthorizerHandler from an environment map (JWKS prefetch and
#                        warm-up thread as in Lambda's init) and answers one TOKEN event; -XX:TieredStopAtLevel=1
#                        (Lambda's java21 default), the JDK's own CDS archive only, JWKS over loopback HTTP.
#   java+revocation:     the same with revocation on against dynalite: the decision includes a DynamoDB Query.
#   node-aws-jwt-verify: aws-jwt-verify 5.2.1 CognitoJwtVerifier, JWKS over loopback HTTP (node/cold.mjs).
#   java-hello, node-hello: the runtimes' own start and exit.
#   java-1cpu, node-aws-jwt-verify-1cpu: java and node-aws-jwt-verify pinned to one CPU (taskset), when available.
# Mints a key pair, a two-key JWKS and a token, serves the JWKS with python3 -m http.server on a free loopback
# port, checks that every variant decides Allow, then times them interleaved (timer.py: ROUNDS rounds of RUNS
# passes, each pass every variant once in a random order), with peak RSS and the in-process times; then the
# classes each Java variant loads, ColdPhases (the path's steps one after another, ms and classes each) and
# JwksCacheCost (jwks-rsa's Guava-cached provider against our key map).
# Usage: benchmarks/cold-start/cold-start.sh
#   env: ROUNDS=3 RUNS=10 JAVA=java OUT=benchmarks/cold-start/target/cold
#        REVOCATION=1      0 leaves out java+revocation (needs node_modules/dynalite: npm ci at the root)
#        PHASES=10         ColdPhases JVMs per variant (0: none)
#        CACHE_RUNS=10     JwksCacheCost JVMs per choice (0: none; Guava comes from the local Maven repository)
#        LEVERS=0          1 adds the settings and packagings tried for serverless.yml (README: "Levers"): java-C2
#                          (no TieredStopAtLevel), +SerialGC, -Xshare:off, -no-verify, -loaded-only-jar, +AppCDS
#                          (an archive trained here), -unpacked (Lambda's layout: UnpackedLauncher) with and without
#                          its own archive; then WarmVerify under C1 and C2
#        AUTHORIZER_JAR=authorizer/target/authorizer.jar
#        BEFORE_JAR=<another authorizer.jar>   adds "java-before" (and "java-before+revocation")
# Build first: mvn -B -pl authorizer -am package -DskipTests; (cd benchmarks/cold-start/node && npm ci)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
ROUNDS=${ROUNDS:-3}; RUNS=${RUNS:-10}; PHASES=${PHASES:-10}; CACHE_RUNS=${CACHE_RUNS:-10}
LEVERS=${LEVERS:-0}; REVOCATION=${REVOCATION:-1}; JAVA=${JAVA:-java}
OUT=${OUT:-benchmarks/cold-start/target/cold}
JAR=${AUTHORIZER_JAR:-authorizer/target/authorizer.jar}
GUAVA_VERSION=33.7.2-jre        # what jwks-rsa 0.24.2 declares
FAILUREACCESS_VERSION=1.0.3     # what that Guava declares
[ -f "$JAR" ] || { echo "missing $JAR: mvn -B -pl authorizer -am package -DskipTests" >&2; exit 1; }
[ -d "$here/node/node_modules/aws-jwt-verify" ] || (cd "$here/node" && npm ci --no-audit --no-fund)
rm -rf "$OUT"; mkdir -p "$OUT/classes"
JAR=$(realpath "$JAR"); OUT=$(realpath "$OUT")

# the harness in a jar of its own: a dynamic CDS archive refuses a class path with a non-empty directory.
# -XDstringConcat=inline, as the modules are built: no StringConcatFactory bootstrap in the harness itself
javac --release 17 -XDstringConcat=inline -cp "$JAR" -d "$OUT/classes" "$here"/java/io/cognitogate/cold/{ColdStart,ColdPhases,JwksCacheCost,WarmVerify,Hello,UnpackedLauncher}.java
jar cf "$OUT/harness.jar" -C "$OUT/classes" .
jar cf "$OUT/launcher.jar" -C "$OUT/classes" io/cognitogate/cold/UnpackedLauncher.class
H=$OUT/harness.jar
node "$here/node/fixtures.mjs" "$OUT/fixture"
field() { python3 -c "import json;print(json.load(open('$OUT/fixture/fixture.json'))['$1'])"; }
POOL=$(field userPoolId); CLIENT=$(field clientId); ISS=$(field issuer)
TOKEN=$OUT/fixture/token.txt

# the port a server started on port 0 prints to its log ("... port N ..."); fails after 5 s
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
BASE=http://127.0.0.1:$(port_from_log "$OUT/httpd.log" "JWKS server")
JWKS=$BASE/$POOL/.well-known/jwks.json
ARGS="$TOKEN $POOL $CLIENT $ISS $JWKS"

DDB=""
if [ "$REVOCATION" = 1 ]; then
  [ -f node_modules/dynalite/index.js ] || { echo "REVOCATION=1 needs node_modules/dynalite: npm ci" >&2; exit 1; }
  node -e "const s=require('./node_modules/dynalite')({createTableMs:0});s.listen(0,'127.0.0.1',()=>console.log('port '+s.address().port))" \
    > "$OUT/dynalite.log" 2>&1 &
  DYNALITE=$!
  DDB=http://127.0.0.1:$(port_from_log "$OUT/dynalite.log" dynalite)
  # dynalite checks that a signature is there, not that it is right (the store's tests check the SDK's)
  curl -sf -o /dev/null "$DDB" -H 'Content-Type: application/x-amz-json-1.0' -H 'X-Amz-Target: DynamoDB_20120810.CreateTable' \
    -H 'X-Amz-Date: 20260101T000000Z' \
    -H 'Authorization: AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0' \
    -d '{"TableName":"cold-revocations","BillingMode":"PAY_PER_REQUEST","AttributeDefinitions":[{"AttributeName":"sub","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"S"}],"KeySchema":[{"AttributeName":"sub","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}]}'
  # placeholders, not credentials: the SDK's default chain reads them from the environment; dynalite ignores them
  export AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_EC2_METADATA_DISABLED=true
fi

C1="-XX:TieredStopAtLevel=1"
: > "$OUT/variants.tsv"
add() { printf '%s\t%s\n' "$1" "$2" >> "$OUT/variants.tsv"; }
add java-hello "$JAVA $C1 -cp $H io.cognitogate.cold.Hello"
add java "$JAVA $C1 -cp $JAR:$H io.cognitogate.cold.ColdStart $ARGS"
[ -n "$DDB" ] && add java+revocation "$JAVA $C1 -cp $JAR:$H io.cognitogate.cold.ColdStart $ARGS $DDB"
if [ -n "${BEFORE_JAR:-}" ]; then
  BEFORE_JAR=$(realpath "$BEFORE_JAR")
  add java-before "$JAVA $C1 -cp $BEFORE_JAR:$H io.cognitogate.cold.ColdStart $ARGS"
  [ -n "$DDB" ] && add java-before+revocation "$JAVA $C1 -cp $BEFORE_JAR:$H io.cognitogate.cold.ColdStart $ARGS $DDB"
fi

if [ "$LEVERS" = 1 ]; then
  # AppCDS, as a package step would build it: one training run (revocation on when available, so the archive
  # holds the SDK's classes too) writes a dynamic archive on top of the JDK's; the JVM maps it only when its
  # own build and the class path (jar paths, sizes, times) are those of the training run
  $JAVA $C1 -XX:ArchiveClassesAtExit="$OUT/authorizer.jsa" -cp "$JAR:$H" io.cognitogate.cold.ColdStart $ARGS $DDB \
    > /dev/null 2> "$OUT/appcds-train.log"
  $JAVA $C1 -Xshare:on -XX:SharedArchiveFile="$OUT/authorizer.jsa" -cp "$JAR:$H" io.cognitogate.cold.ColdStart $ARGS \
    > /dev/null 2>> "$OUT/appcds-train.log" || { echo "the AppCDS archive does not map: $OUT/appcds-train.log" >&2; exit 1; }
  # the jar cut down to the classes a run with revocation loads (every other entry kept): what the best
  # minimisation could reach, to tell whether trimming the jar is worth its risk
  $JAVA $C1 -Xlog:class+load:file="$OUT/trim-cl.txt" -cp "$JAR:$H" io.cognitogate.cold.ColdStart $ARGS $DDB > /dev/null 2>&1
  python3 - "$JAR" "$OUT/trim-cl.txt" "$OUT/authorizer-loaded-only.jar" <<'PY'
import re, sys, zipfile
jar, log, out = sys.argv[1:]
loaded = {m.group(1).replace(".", "/") + ".class" for m in re.finditer(r"\] (\S+) source: (?:file|jar):.*authorizer[^ ]*\.jar", open(log).read())}
with zipfile.ZipFile(jar) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
    for e in src.infolist():
        if not e.filename.endswith(".class") or e.filename in loaded:
            dst.writestr(e, src.read(e.filename))
PY
  TRIMMED=$OUT/authorizer-loaded-only.jar
  # Lambda's layout: the package unpacked into a task directory, the handler loaded by a URLClassLoader over it
  # (UnpackedLauncher); an archive trained in that layout holds only part of what that loader loads
  mkdir -p "$OUT/task"
  (cd "$OUT/task" && unzip -q -o "$JAR" && unzip -q -o "$H" -x 'META-INF/*')
  UNPACKED="-cp $OUT/launcher.jar io.cognitogate.cold.UnpackedLauncher $OUT/task"
  $JAVA $C1 -XX:ArchiveClassesAtExit="$OUT/unpacked.jsa" $UNPACKED $ARGS $DDB > /dev/null 2>> "$OUT/appcds-train.log"
  add java-C2 "$JAVA -cp $JAR:$H io.cognitogate.cold.ColdStart $ARGS"
  add java+SerialGC "$JAVA $C1 -XX:+UseSerialGC -cp $JAR:$H io.cognitogate.cold.ColdStart $ARGS"
  add java-Xshare:off "$JAVA $C1 -Xshare:off -cp $JAR:$H io.cognitogate.cold.ColdStart $ARGS"
  add java-no-verify "$JAVA $C1 -XX:+UnlockDiagnosticVMOptions -XX:-BytecodeVerificationRemote -cp $JAR:$H io.cognitogate.cold.ColdStart $ARGS"
  add java-loaded-only-jar "$JAVA $C1 -cp $TRIMMED:$H io.cognitogate.cold.ColdStart $ARGS"
  add java+AppCDS "$JAVA $C1 -XX:SharedArchiveFile=$OUT/authorizer.jsa -cp $JAR:$H io.cognitogate.cold.ColdStart $ARGS"
  add java+AppCDS+SerialGC "$JAVA $C1 -XX:+UseSerialGC -XX:SharedArchiveFile=$OUT/authorizer.jsa -cp $JAR:$H io.cognitogate.cold.ColdStart $ARGS"
  command -v taskset > /dev/null && add java+AppCDS-1cpu "taskset -c 0 $JAVA $C1 -XX:SharedArchiveFile=$OUT/authorizer.jsa -cp $JAR:$H io.cognitogate.cold.ColdStart $ARGS"
  add java-unpacked "$JAVA $C1 $UNPACKED $ARGS"
  add java-unpacked+AppCDS "$JAVA $C1 -XX:SharedArchiveFile=$OUT/unpacked.jsa $UNPACKED $ARGS"
  [ -n "$DDB" ] && add java+revocation+AppCDS "$JAVA $C1 -XX:SharedArchiveFile=$OUT/authorizer.jsa -cp $JAR:$H io.cognitogate.cold.ColdStart $ARGS $DDB"
fi
add node-hello "node -e console.log(1)"
add node-aws-jwt-verify "node $here/node/cold.mjs $TOKEN $BASE $POOL $CLIENT"
# one CPU each, nearer a 1024 MB Lambda (about 0.6 of a vCPU): threads that overlap on two cores take turns here
if command -v taskset > /dev/null; then
  add java-1cpu "taskset -c 0 $JAVA $C1 -cp $JAR:$H io.cognitogate.cold.ColdStart $ARGS"
  add node-aws-jwt-verify-1cpu "taskset -c 0 node $here/node/cold.mjs $TOKEN $BASE $POOL $CLIENT"
fi

# 1) wall time, interleaved
python3 "$here/timer.py" time "$OUT" "$ROUNDS" "$RUNS"

# 2) classes loaded by each Java variant, by where they came from: the JDK's CDS archive, ours (AppCDS), the JDK's
#    modules, the application (jar or task directory); and the hidden classes (lambdas, method handles) spun at run time
: > "$OUT/classload.txt"
while IFS=$'\t' read -r name cmd; do
  [[ "$name" == java* ]] || continue
  ${cmd/ -cp / -Xlog:class+load:file=$OUT/cl.txt -cp } > /dev/null 2>&1
  echo "$name loaded=$(grep -c 'source:' "$OUT/cl.txt") jdk_archive=$(grep -c 'shared objects file$' "$OUT/cl.txt") our_archive=$(grep -c 'shared objects file (top)' "$OUT/cl.txt") jdk_modules=$(grep -c 'source: jrt:' "$OUT/cl.txt") app=$(grep -cE 'source: (file|jar):' "$OUT/cl.txt") hidden=$(grep -cE 'Lambda|LambdaForm|\$\$' "$OUT/cl.txt")" >> "$OUT/classload.txt"
done < "$OUT/variants.tsv"
cat "$OUT/classload.txt"

# 3) the phases, one after another (ColdPhases), without and with revocation
if [ "$PHASES" -gt 0 ]; then
  : > "$OUT/phases.txt"; : > "$OUT/phases-revocation.txt"
  for _ in $(seq 1 "$PHASES"); do
    $JAVA $C1 -cp "$JAR:$H" io.cognitogate.cold.ColdPhases $ARGS 2>> "$OUT/phases.txt" > /dev/null
    [ -n "$DDB" ] && $JAVA $C1 -cp "$JAR:$H" io.cognitogate.cold.ColdPhases $ARGS $DDB 2>> "$OUT/phases-revocation.txt" > /dev/null
  done
  python3 "$here/timer.py" phases "$OUT/phases.txt" java
  [ -n "$DDB" ] && python3 "$here/timer.py" phases "$OUT/phases-revocation.txt" java+revocation
fi

# 4) the JWKS cache: jwks-rsa's JwkProviderBuilder (Guava cache + rate limit) against our JwksKeySource map
if [ "$CACHE_RUNS" -gt 0 ]; then
  mkdir -p "$OUT/lib"
  for artifact in com.google.guava:guava:$GUAVA_VERSION com.google.guava:failureaccess:$FAILUREACCESS_VERSION; do
    mvn -B -q -N dependency:copy -Dartifact="$artifact" -DoutputDirectory="$OUT/lib" > "$OUT/lib/mvn.log" 2>&1 \
      || { cat "$OUT/lib/mvn.log" >&2; exit 1; }
  done
  GUAVA_CP=$(ls "$OUT"/lib/*.jar | tr '\n' ':')
  : > "$OUT/jwks-cache.txt"
  for _ in $(seq 1 "$CACHE_RUNS"); do
    $JAVA $C1 -cp "$JAR:$GUAVA_CP$H" io.cognitogate.cold.JwksCacheCost guava $ARGS 2>> "$OUT/jwks-cache.txt" > /dev/null
    $JAVA $C1 -cp "$JAR:$H" io.cognitogate.cold.JwksCacheCost map $ARGS 2>> "$OUT/jwks-cache.txt" > /dev/null
  done
  python3 "$here/timer.py" cache "$OUT/jwks-cache.txt"
fi
# 5) with LEVERS=1: what C1 alone costs a warm container (same token verified again and again, us per verify)
if [ "$LEVERS" = 1 ]; then
  echo "warm verify, C1 only: $($JAVA $C1 -cp "$JAR:$H" io.cognitogate.cold.WarmVerify $ARGS 10)"
  echo "warm verify, C1+C2:   $($JAVA -cp "$JAR:$H" io.cognitogate.cold.WarmVerify $ARGS 10)"
fi
echo "jar: $(stat -c %s "$JAR") bytes, $(unzip -l "$JAR" | grep -c '\.class$') classes; load at the end $(cut -d' ' -f1-3 /proc/loadavg)"
