// First-invocation latency of the auth handlers against cognito-local, from a fresh JVM each time.
// Starts cognito-local (node_modules at the repo root) on a free loopback port in a scratch folder,
// seeds a pool, an app client (with a secret) and a confirmed user, then runs RUNS fresh JVMs
// (-XX:TieredStopAtLevel=1) that each build LoginHandler(Map env) and log in once; prints medians,
// the jar's size and whether any Netty or Apache HTTP class is in it. Stops cognito-local at the end.
//   node benchmarks/cold-start/auth-cold.mjs     (env: RUNS=10 JAVA=java AUTH_JAR=<another auth-handlers.jar>)
// Build first: mvn -B -pl auth-handlers -am package -DskipTests
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..", "..");
const JAR = process.env.AUTH_JAR ?? path.join(ROOT, "auth-handlers", "target", "auth-handlers.jar");
const RUNS = Number(process.env.RUNS ?? 10);
const JAVA = process.env.JAVA ?? "java";
const POOL = "us-east-1_BenchAuth1";
const USER = { username: "bench", password: "Bench-Passw0rd!" };

const freePort = () => new Promise((resolve, reject) => {
  const server = createServer().listen(0, "127.0.0.1", () => { const { port } = server.address(); server.close(() => resolve(port)); });
  server.on("error", reject);
});
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

async function cognito(endpoint, operation, body) {
  const response = await fetch(endpoint, {
    method: "POST",
    headers: { "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": `AWSCognitoIdentityProviderService.${operation}` },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`cognito-local ${operation} answered ${response.status}`);
  return text ? JSON.parse(text) : {};
}

const scratch = mkdtempSync(path.join(tmpdir(), "auth-cold-"));
let child;
try {
  statSync(JAR);
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const db = path.join(scratch, ".cognito", "db");
  mkdirSync(db, { recursive: true });
  writeFileSync(path.join(db, `${POOL}.json`), JSON.stringify({ Users: {}, Groups: {}, Options: { Id: POOL, Name: "bench", UsernameAttributes: [] } }));
  child = spawn(process.execPath, [path.join(ROOT, "node_modules", "cognito-local", "lib", "bin", "start.js")], {
    cwd: scratch, env: { ...process.env, PORT: String(port), HOST: "127.0.0.1" }, stdio: "ignore",
  });
  for (let i = 0; ; i++) {
    try { if ((await fetch(`${endpoint}/health`)).ok) break; } catch { /* not up yet */ }
    if (i > 200) throw new Error("cognito-local did not start");
    await new Promise((r) => setTimeout(r, 100));
  }
  const { UserPoolClient: client } = await cognito(endpoint, "CreateUserPoolClient", {
    UserPoolId: POOL, ClientName: "bench", GenerateSecret: true, ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
  });
  await cognito(endpoint, "AdminCreateUser", { UserPoolId: POOL, Username: USER.username, TemporaryPassword: USER.password, MessageAction: "SUPPRESS" });
  await cognito(endpoint, "AdminSetUserPassword", { UserPoolId: POOL, Username: USER.username, Password: USER.password, Permanent: true });

  const classes = path.join(HERE, "target", "auth-classes");
  mkdirSync(classes, { recursive: true });
  const javac = spawnSync("javac", ["--release", "17", "-XDstringConcat=inline", "-cp", JAR, "-d", classes,
    path.join(HERE, "java", "io", "cognitogate", "cold", "LoginColdStart.java")], { encoding: "utf8" });
  if (javac.status !== 0) throw new Error(`javac failed: ${javac.stderr}`);

  const env = {
    PATH: process.env.PATH, USER_POOL_ID: POOL, APP_CLIENT_ID: client.ClientId, APP_CLIENT_SECRET: client.ClientSecret,
    COGNITO_ENDPOINT: endpoint, AWS_REGION: "us-east-1",
    // the SDK signs requests cognito-local never checks: placeholders, not credentials
    AWS_ACCESS_KEY_ID: "local", AWS_SECRET_ACCESS_KEY: "local",
  };
  const args = ["-XX:TieredStopAtLevel=1", "-cp", `${JAR}${path.delimiter}${classes}`, "io.cognitogate.cold.LoginColdStart", USER.username, USER.password];
  const wall = [], init = [], response = [];
  for (let i = 0; i <= RUNS; i++) { // the first run is a warmup (file cache)
    const t = process.hrtime.bigint();
    const run = spawnSync(JAVA, args, { env, encoding: "utf8" });
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (!/status 200/.test(run.stdout)) throw new Error(`login failed: ${run.stdout.split("\n").filter((l) => l.startsWith("status")).join(" ")}`);
    if (i === 0) continue;
    wall.push(ms);
    init.push(Number(/main->init ([0-9.]+)/.exec(run.stderr)[1]));
    response.push(Number(/main->response ([0-9.]+)/.exec(run.stderr)[1]));
  }
  const list = spawnSync("unzip", ["-l", JAR], { encoding: "utf8", maxBuffer: 64 << 20 }).stdout.split("\n");
  const classNames = list.filter((l) => l.endsWith(".class"));
  const foreign = classNames.filter((l) => /io\/netty|org\/apache\/http|org\/apache\/hc|software\/amazon\/awssdk\/http\/(nio|apache)/.test(l));
  console.log(`load ${(await import("node:fs")).readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}`);
  console.log(`auth-handlers.jar: ${statSync(JAR).size} bytes, ${classNames.length} classes; Netty/Apache HTTP classes: ${foreign.length}`);
  console.log(`first login, fresh JVM (-XX:TieredStopAtLevel=1), ${RUNS} runs, medians: process start->exit ${median(wall).toFixed(0)} ms ` +
    `(min ${Math.min(...wall).toFixed(0)}, max ${Math.max(...wall).toFixed(0)}); in main: handler built ${median(init).toFixed(0)} ms, ` +
    `login answered ${median(response).toFixed(0)} ms`);
} finally {
  if (child) child.kill();
  rmSync(scratch, { recursive: true, force: true });
}
