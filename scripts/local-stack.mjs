#!/usr/bin/env node
// The local stack in one command: cognito-local (seeded), the Java invoke server, and
// serverless-offline running serverless.yml's `local` stage. Ctrl-C stops everything it started.
//
//   node scripts/local-stack.mjs [--free-ports] [--build | --no-build] [--no-warm] [--exit-on-stdin-close]
//
// Environment (defaults): LOCAL_API_PORT (3000), LOCAL_COGNITO_PORT (9229),
// JAVA_OFFLINE_SERVER (9230), LOCAL_LAMBDA_PORT (3002), LOCAL_DYNAMODB_PORT (4567, dynalite:
// the revocation table), LOCAL_STATE_DIR (.local),
// LOCAL_CONFIRMATION_CODE (123456: every sign-up and password-reset code); a port of 0
// (or --free-ports) picks a free one. Per function, as Lambda's reserved concurrency (a function's
// own reservedConcurrency in serverless.yml wins): LOCAL_FUNCTION_CONCURRENCY (2 containers),
// LOCAL_FUNCTION_QUEUE (64 waiting), LOCAL_FUNCTION_QUEUE_WAIT_MS (2000); beyond them a route
// answers 429 and the authorizer 503, as JSON. Node 20+, no npm dependencies of its own; the
// emulators need the repository's patches (patches/), which `npm ci` applies.

import { spawn, spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ARGS = new Set(process.argv.slice(2));
const FREE_PORTS = ARGS.has("--free-ports");
const STAGE = "local";
const REGION = "us-east-1";
// fixed so that curl lines, docs and a restarted stack agree; cognito-local takes it from its data file
const USER_POOL_ID = "us-east-1_LocalPool1";
const CLIENT_NAME = "cognito-gate-local";
// cognito-local's CODE setting: every confirmation and reset code is this, so curl lines can confirm
const CONFIRMATION_CODE = process.env.LOCAL_CONFIRMATION_CODE || "123456";
// serverless.yml's pool policy; checked against the PASSWORD_POLICY that `osls print` resolves
const PASSWORD_POLICY = {
  MinimumLength: 8,
  RequireUppercase: true,
  RequireLowercase: true,
  RequireNumbers: true,
  RequireSymbols: true,
  TemporaryPasswordValidityDays: 7,
};
// what the curl lines sign up; a username, not an email, as the deployed pool requires
const SIGN_UP = { username: "sam", email: "sam@example.com", password: "Sam-Passw0rd!", newPassword: "Sam-N3w-Passw0rd!" };
const USERS = [
  { username: "demo", email: "demo@example.com", password: "Demo-Passw0rd!", status: "CONFIRMED", groups: [] },
  { username: "admin", email: "admin@example.com", password: "Admin-Passw0rd!", status: "CONFIRMED", groups: ["admins"] },
  // logs in with the temporary password and must answer NEW_PASSWORD_REQUIRED
  { username: "newuser", email: "newuser@example.com", password: "Temp-Passw0rd!", status: "FORCE_CHANGE_PASSWORD", groups: [] },
];
const JARS = {
  authorizer: "authorizer/target/authorizer.jar",
  "auth-handlers": "auth-handlers/target/auth-handlers.jar",
  "mock-api": "mock-api/target/mock-api.jar",
  "local-invoke": "local-invoke/target/local-invoke.jar",
};
const WARM_UP_CONCURRENCY = 2;
const OSLS = path.join(ROOT, "node_modules", "osls", "bin", "serverless.js");
const COGNITO_LOCAL = path.join(ROOT, "node_modules", "cognito-local", "lib", "bin", "start.js");
const DYNALITE = path.join(ROOT, "node_modules", "dynalite");
// one file each patch adds or changes, and a word only the patched file holds
const PATCHED = [
  [path.join(ROOT, "node_modules", "cognito-local", "lib", "targets", "globalSignOut.js"), "GlobalSignOut"],
  [path.join(ROOT, "node_modules", "serverless-offline", "src", "events", "http", "createAuthScheme.js"), "declaredGatewayResponses"],
];
// logout writes revocation markers here, the authorizer reads them (serverless.yml RevocationTable)
const REVOCATION_TABLE = "cognito-gate-local-revocations";

const stateDir = path.resolve(ROOT, process.env.LOCAL_STATE_DIR || ".local");
const stackFile = path.join(stateDir, "stack.json");
const logDir = path.join(stateDir, "logs");
const children = [];
let stopping = false;
let wroteStackFile = false;

function say(message) {
  process.stdout.write(`[local-stack] ${message}\n`);
}

function fail(message) {
  process.stderr.write(`[local-stack] ERROR: ${message}\n`);
  return stop(1);
}

// --- ports -------------------------------------------------------------------------------------

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

async function port(variable, fallback) {
  const raw = process.env[variable];
  const wanted = FREE_PORTS ? 0 : raw === undefined || raw === "" ? fallback : Number(raw);
  if (!Number.isInteger(wanted) || wanted < 0 || wanted > 65535) {
    throw new Error(`${variable} must be a port number (or 0 for a free port), got ${JSON.stringify(raw)}`);
  }
  if (wanted === 0) {
    return freePort();
  }
  if (!(await portIsFree(wanted))) {
    throw new Error(`port ${wanted} is in use: set ${variable} to another port (or 0 for a free one)`);
  }
  return wanted;
}

// --- processes ---------------------------------------------------------------------------------

/** Starts a child in its own process group, so stopping it also stops anything it started. */
function start(name, command, args, options) {
  const logFile = path.join(logDir, `${name}.log`);
  const log = createWriteStream(logFile); // fresh with every start, like the pool
  const child = spawn(command, args, { ...options, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const echo = options.echo !== false;
  for (const stream of [child.stdout, child.stderr]) {
    let partial = "";
    stream.on("data", (chunk) => {
      log.write(chunk);
      if (!echo) return;
      const lines = (partial + chunk.toString("utf8")).split("\n");
      partial = lines.pop();
      for (const line of lines) process.stdout.write(`[${name}] ${line}\n`);
    });
  }
  child.on("exit", (code, signal) => {
    log.end();
    if (!stopping) {
      fail(`${name} exited (${signal ?? code}); its log: ${path.relative(ROOT, logFile)}`);
    }
  });
  children.push({ name, child });
  return child;
}

function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

async function stop(code) {
  if (stopping) return;
  stopping = true;
  if (wroteStackFile) rmSync(stackFile, { force: true }); // never another running stack's file
  const running = children.filter(({ child }) => child.exitCode === null && child.signalCode === null);
  const exited = running.map(({ child }) => new Promise((resolve) => child.once("exit", resolve)));
  // reverse start order: the API first, cognito-local last
  for (const { child } of [...running].reverse()) signalGroup(child, "SIGTERM");
  const timeout = new Promise((resolve) => setTimeout(resolve, 5000, "timeout"));
  if ((await Promise.race([Promise.all(exited), timeout])) === "timeout") {
    for (const { child } of running) signalGroup(child, "SIGKILL");
  }
  if (running.length > 0) say("stopped");
  process.exit(code);
}

/** A GET whose status is all we want; the body is read so the connection goes back to the pool. */
async function statusOf(url) {
  const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
  await response.arrayBuffer();
  return response.status;
}

async function waitFor(description, probe, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (stopping) throw new Error("stopping");
    try {
      if (await probe()) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${description} did not come up within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A second stack in the same state directory would wipe the first one's pool. */
async function refuseIfRunning() {
  if (!existsSync(stackFile)) return;
  let apiUrl;
  try {
    ({ apiUrl } = JSON.parse(readFileSync(stackFile, "utf8")));
    await fetch(`${apiUrl}/mock`, { signal: AbortSignal.timeout(1000) });
  } catch {
    rmSync(stackFile, { force: true }); // left by a stack that was killed
    return;
  }
  throw new Error(`a stack is already running at ${apiUrl} (${path.relative(ROOT, stackFile)}): stop it, or set LOCAL_STATE_DIR`);
}

// --- build -------------------------------------------------------------------------------------

function buildMissingJars() {
  const missing = Object.entries(JARS).filter(([, jar]) => ARGS.has("--build") || !existsSync(path.join(ROOT, jar)));
  if (missing.length === 0) return;
  if (ARGS.has("--no-build")) {
    throw new Error(`missing ${missing.map(([, jar]) => jar).join(", ")} and --no-build was given: run mvn package first`);
  }
  const modules = missing.map(([module]) => module).join(",");
  say(`building ${modules} (mvn -B -q package -DskipTests -pl ${modules} -am)`);
  const build = spawnSync("mvn", ["-B", "-q", "package", "-DskipTests", "-pl", modules, "-am"], {
    cwd: ROOT,
    stdio: "inherit",
  });
  if (build.status !== 0) throw new Error(`the Maven build failed (exit ${build.status ?? build.signal})`);
  for (const [, jar] of missing) {
    if (!existsSync(path.join(ROOT, jar))) throw new Error(`the build did not produce ${jar}`);
  }
}

// --- dynalite (the revocation table) ----------------------------------------------------------

/** One DynamoDB JSON call; dynalite checks that a signature is there, not that it is right. */
async function dynamodb(endpoint, operation, body) {
  const response = await fetch(endpoint, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-amz-json-1.0",
      "X-Amz-Target": `DynamoDB_20120810.${operation}`,
      "X-Amz-Date": "20260101T000000Z",
      Authorization: `AWS4-HMAC-SHA256 Credential=local/20260101/${REGION}/dynamodb/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { ok: response.ok, status: response.status, body: text ? JSON.parse(text) : {} };
}

/** The table as serverless.yml declares it: on demand, sub + sk, TTL on expiresAt (where supported). */
async function createRevocationTable(endpoint) {
  const created = await dynamodb(endpoint, "CreateTable", {
    TableName: REVOCATION_TABLE,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: [{ AttributeName: "sub", AttributeType: "S" }, { AttributeName: "sk", AttributeType: "S" }],
    KeySchema: [{ AttributeName: "sub", KeyType: "HASH" }, { AttributeName: "sk", KeyType: "RANGE" }],
  });
  if (!created.ok) throw new Error(`dynalite CreateTable answered ${created.status}: ${JSON.stringify(created.body)}`);
  await waitFor("the revocation table", async () =>
    (await dynamodb(endpoint, "DescribeTable", { TableName: REVOCATION_TABLE })).body?.Table?.TableStatus === "ACTIVE", 10000);
  const ttl = await dynamodb(endpoint, "UpdateTimeToLive", {
    TableName: REVOCATION_TABLE,
    TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true },
  });
  // dynalite 4.0.0 has no UpdateTimeToLive (and never expires items): the authorizer ignores
  // expired markers itself, as it must on DynamoDB, which deletes them only lazily
  if (!ttl.ok && !String(ttl.body.__type).includes("UnknownOperationException")) {
    throw new Error(`dynalite UpdateTimeToLive answered ${ttl.status}: ${JSON.stringify(ttl.body)}`);
  }
}

// --- cognito-local -----------------------------------------------------------------------------

async function cognito(endpoint, operation, body) {
  const response = await fetch(endpoint, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-amz-json-1.1",
      "X-Amz-Target": `AWSCognitoIdentityProviderService.${operation}`,
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`cognito-local ${operation} answered ${response.status}: ${text}`);
  return text ? JSON.parse(text) : {};
}

/** A pool with a fixed id, pre-seeded as a data file (CreateUserPool would pick a random id). */
function seedPoolFile(cognitoDir) {
  const db = path.join(cognitoDir, ".cognito", "db");
  mkdirSync(db, { recursive: true });
  const options = {
    Id: USER_POOL_ID,
    Name: "cognito-gate-local",
    // usernames, not emails, as the deployed pool (which adds email as a sign-in alias)
    UsernameAttributes: [],
    // as deployed: SignUp sends the code to the email and answers CodeDeliveryDetails
    AutoVerifiedAttributes: ["email"],
    // stored and reported by DescribeUserPool; cognito-local enforces neither this nor a required
    // email (no Schema here: the emulator checks required attributes nowhere; the API requires email)
    Policies: { PasswordPolicy: PASSWORD_POLICY },
    VerificationMessageTemplate: { DefaultEmailOption: "CONFIRM_WITH_CODE" },
    MfaConfiguration: "OFF",
  };
  writeFileSync(path.join(db, `${USER_POOL_ID}.json`), JSON.stringify({ Users: {}, Groups: {}, Options: options }));
}

/**
 * The pool was seeded before `osls print` could resolve serverless.yml; if the template's
 * PASSWORD_POLICY (the same values as its pool's PasswordPolicy) says otherwise, store that instead.
 */
async function alignPasswordPolicy(endpoint, service) {
  const words = Object.values(service.functions ?? {})
    .map((fn) => fn.environment?.PASSWORD_POLICY)
    .find((value) => typeof value === "string" && value !== "");
  if (words === undefined) {
    say("warning: no function has PASSWORD_POLICY in serverless.yml; the pool keeps its default policy");
    return;
  }
  const policy = { TemporaryPasswordValidityDays: PASSWORD_POLICY.TemporaryPasswordValidityDays };
  for (const flag of ["RequireUppercase", "RequireLowercase", "RequireNumbers", "RequireSymbols"]) policy[flag] = false;
  for (const part of words.split(",")) {
    const [name, value] = part.trim().split("=");
    policy[name] = value === undefined ? true : /^\d+$/.test(value) ? Number(value) : value === "true";
  }
  const same = Object.keys({ ...policy, ...PASSWORD_POLICY }).every((key) => policy[key] === PASSWORD_POLICY[key]);
  if (same) return;
  // UpdateUserPool replaces every option it takes: send the seeded ones again
  await cognito(endpoint, "UpdateUserPool", {
    UserPoolId: USER_POOL_ID,
    AutoVerifiedAttributes: ["email"],
    Policies: { PasswordPolicy: policy },
    VerificationMessageTemplate: { DefaultEmailOption: "CONFIRM_WITH_CODE" },
    MfaConfiguration: "OFF",
  });
  say(`pool password policy set from serverless.yml: ${words}`);
}

async function seedUsers(endpoint) {
  const { UserPoolClient: client } = await cognito(endpoint, "CreateUserPoolClient", {
    UserPoolId: USER_POOL_ID,
    ClientName: CLIENT_NAME,
    GenerateSecret: true,
    ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
  });
  await cognito(endpoint, "CreateGroup", { UserPoolId: USER_POOL_ID, GroupName: "admins" });
  for (const user of USERS) {
    await cognito(endpoint, "AdminCreateUser", {
      UserPoolId: USER_POOL_ID,
      Username: user.username,
      TemporaryPassword: user.password,
      MessageAction: "SUPPRESS",
      UserAttributes: [
        { Name: "email", Value: user.email },
        { Name: "email_verified", Value: "true" },
      ],
    });
    if (user.status === "CONFIRMED") {
      await cognito(endpoint, "AdminSetUserPassword", {
        UserPoolId: USER_POOL_ID,
        Username: user.username,
        Password: user.password,
        Permanent: true,
      });
    }
    for (const group of user.groups) {
      await cognito(endpoint, "AdminAddUserToGroup", { UserPoolId: USER_POOL_ID, Username: user.username, GroupName: group });
    }
  }
  return client.ClientId;
}

// --- main --------------------------------------------------------------------------------------

async function main() {
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.on(signal, () => {
      say(`${signal}: stopping`);
      stop(0);
    });
  }
  if (ARGS.has("--exit-on-stdin-close")) {
    // a test harness that dies without stopping us closes our stdin: do not outlive it
    process.stdin.on("end", () => stop(0));
    process.stdin.on("error", () => stop(0));
    process.stdin.resume();
  }
  const major = Number(process.versions.node.split(".")[0]);
  if (major < 20) throw new Error(`Node 20+ is required, this is ${process.version}`);
  for (const tool of [OSLS, COGNITO_LOCAL, DYNALITE]) {
    if (!existsSync(tool)) throw new Error(`${path.relative(ROOT, tool)} is missing: run npm ci first`);
  }
  for (const [file, word] of PATCHED) {
    if (!existsSync(file) || !readFileSync(file, "utf8").includes(word)) {
      throw new Error(`${path.relative(ROOT, file)} is not patched: run npm ci (it applies patches/; --ignore-scripts skips that)`);
    }
  }

  if (!/^[0-9A-Za-z]{1,32}$/.test(CONFIRMATION_CODE)) {
    throw new Error("LOCAL_CONFIRMATION_CODE must be 1 to 32 letters or digits (Cognito's codes are 6 digits)");
  }
  await refuseIfRunning();
  const ports = {
    api: await port("LOCAL_API_PORT", 3000),
    cognito: await port("LOCAL_COGNITO_PORT", 9229),
    invoke: await port("JAVA_OFFLINE_SERVER", 9230),
    lambda: await port("LOCAL_LAMBDA_PORT", 3002),
    dynamodb: await port("LOCAL_DYNAMODB_PORT", 4567),
  };
  buildMissingJars();

  const cognitoDir = path.join(stateDir, "cognito");
  rmSync(cognitoDir, { recursive: true, force: true }); // a clean pool on every start
  mkdirSync(logDir, { recursive: true });
  seedPoolFile(cognitoDir);

  const cognitoEndpoint = `http://127.0.0.1:${ports.cognito}`;
  start("cognito-local", process.execPath, [COGNITO_LOCAL], {
    cwd: cognitoDir,
    env: { ...process.env, PORT: String(ports.cognito), HOST: "127.0.0.1", CODE: CONFIRMATION_CODE },
    echo: false, // one line per request; kept in the log file
  });
  await waitFor("cognito-local", async () => (await statusOf(`${cognitoEndpoint}/health`)) === 200, 20000);
  const clientId = await seedUsers(cognitoEndpoint);
  say(`cognito-local on ${cognitoEndpoint}: pool ${USER_POOL_ID}, client ${clientId}, users seeded`);

  // dynalite from code on the chosen port (its CLI turns --port 0 into 4567), in memory: empty each start
  const dynamodbEndpoint = `http://127.0.0.1:${ports.dynamodb}`;
  // dynalite rethrows a request's 'error' event: a client that gives up mid-request (a revocation
  // call past its timeout on a loaded machine) would take the whole emulator down
  start("dynalite", process.execPath, ["-e", [
    "process.on('uncaughtException', (e) => {",
    "  if (e && (e.code === 'ECONNRESET' || e.message === 'aborted')) { console.error('dynalite: a client left mid-request'); return; }",
    "  console.error(e); process.exit(1);",
    "});",
    "const server = require(process.argv[1])({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });",
    "server.listen(Number(process.argv[2]), '127.0.0.1', () => console.log('dynalite listening'));",
  ].join("\n"), DYNALITE, String(ports.dynamodb)], { cwd: ROOT, env: process.env, echo: false });
  await waitFor("dynalite", async () => (await dynamodb(dynamodbEndpoint, "ListTables", {})).ok, 10000);
  await createRevocationTable(dynamodbEndpoint);
  say(`dynalite on ${dynamodbEndpoint}: table ${REVOCATION_TABLE}`);

  const issuer = `${cognitoEndpoint}/${USER_POOL_ID}`;
  const localEnv = {
    ...process.env,
    LOCAL_USER_POOL_ID: USER_POOL_ID,
    LOCAL_CLIENT_ID: clientId,
    LOCAL_COGNITO_ENDPOINT: cognitoEndpoint,
    LOCAL_ISSUER_URL: issuer,
    LOCAL_JWKS_URL: `${issuer}/.well-known/jwks.json`,
    LOCAL_REVOCATION_TABLE: REVOCATION_TABLE,
    LOCAL_DYNAMODB_ENDPOINT: dynamodbEndpoint,
    LOCAL_API_PORT: String(ports.api),
    LOCAL_LAMBDA_PORT: String(ports.lambda),
    JAVA_OFFLINE_SERVER: String(ports.invoke),
    // the AWS SDK signs even calls cognito-local never checks; these are not real credentials
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    AWS_REGION: REGION,
    // serverless-offline answers localhost with 127.0.0.1 first, where the invoke server listens
    NODE_OPTIONS: [process.env.NODE_OPTIONS, "--dns-result-order=ipv4first"].filter(Boolean).join(" "),
  };
  // serverless-offline would otherwise let this variable replace every authorizer's answer
  delete localEnv.AUTHORIZER;
  delete localEnv.LOCAL_CLIENT_SECRET; // the handlers read it with DescribeUserPoolClient, as deployed

  // the functions' environment as serverless.yml resolves it for this stage
  const printed = spawnSync(process.execPath, [OSLS, "print", "--stage", STAGE, "--format", "json"], {
    cwd: ROOT,
    env: localEnv,
    encoding: "utf8",
  });
  if (printed.status !== 0) throw new Error(`osls print failed:\n${printed.stderr || printed.stdout}`);
  const serviceFile = path.join(stateDir, "service.json");
  const service = JSON.parse(printed.stdout);
  writeFileSync(serviceFile, JSON.stringify(service));
  await alignPasswordPolicy(cognitoEndpoint, service);

  start("invoke", "java", [
    "-jar", path.join(ROOT, JARS["local-invoke"]),
    "--port", String(ports.invoke),
    "--service", serviceFile,
    "--stage", STAGE,
    "--service-dir", ROOT,
  ], { cwd: ROOT, env: localEnv });
  await waitFor("invoke server", async () => (await statusOf(`http://127.0.0.1:${ports.invoke}/health`)) === 200, 30000);

  start("api", process.execPath, [
    OSLS, "offline", "--stage", STAGE,
    "--host", "127.0.0.1", "--httpPort", String(ports.api), "--lambdaPort", String(ports.lambda),
    "--noPrependStageInUrl",
    // it re-unpacks an idle function's jar after 60 s by default (seconds per call); the Java
    // handlers stay warm in the invoke server anyway
    "--terminateIdleLambdaTime", "86400",
  ], { cwd: ROOT, env: localEnv });
  const apiUrl = `http://127.0.0.1:${ports.api}`;
  // the protected route answers 401 without a token once routes and authorizer are wired
  await waitFor("serverless-offline", async () => (await statusOf(`${apiUrl}/mock`)) === 401, 60000);

  if (!ARGS.has("--no-warm")) await warmUp(apiUrl, cognitoEndpoint, clientId);

  const stack = {
    apiUrl,
    cognitoEndpoint,
    region: REGION,
    userPoolId: USER_POOL_ID,
    clientId,
    confirmationCode: CONFIRMATION_CODE,
    dynamodbEndpoint,
    revocationTable: REVOCATION_TABLE,
    users: USERS.map(({ username, password, status, groups }) => ({ username, password, status, groups })),
  };
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(`${stackFile}.tmp`, `${JSON.stringify(stack, null, 2)}\n`);
  renameSync(`${stackFile}.tmp`, stackFile); // readers never see half a file
  wroteStackFile = true;

  printBanner(stack);
}

/**
 * Each function's first call builds its first warm container in the invoke server (class loading,
 * the handler's clients: up to a few seconds for the auth handlers); doing it now spares the first
 * requests. It is CPU-bound, so two at a time on a 2-core machine. Each route is called in a way
 * that changes nothing: the auth routes with an empty body (400).
 */
async function warmUp(apiUrl, cognitoEndpoint, clientId) {
  say("warming up: each function's first container starts on its first call");
  const started = Date.now();
  const demo = USERS[0];
  const { AuthenticationResult: tokens } = await cognito(cognitoEndpoint, "InitiateAuth", {
    AuthFlow: "USER_PASSWORD_AUTH",
    ClientId: clientId,
    AuthParameters: { USERNAME: demo.username, PASSWORD: demo.password },
  });
  const calls = [
    ["GET", "/mock", 200], // the authorizer too
    ["PUT", "/auth", 400],
    ["POST", "/auth/challenge", 400],
    ["POST", "/auth/refresh", 400],
    ["DELETE", "/auth", 400],
    ["POST", "/auth/signup", 400],
    ["POST", "/auth/signup/confirm", 400],
    ["POST", "/auth/signup/resend", 400],
    ["POST", "/auth/password/forgot", 400],
    ["POST", "/auth/password/reset", 400],
  ];
  const warm = async ([method, route, expected]) => {
    const headers = method === "GET" ? { Authorization: `Bearer ${tokens.AccessToken}` } : { "Content-Type": "application/json" };
    const response = await fetch(`${apiUrl}${route}`, { method, headers, body: method === "GET" ? undefined : "{}" });
    await response.arrayBuffer();
    return [`${method} ${route}`, response.status, expected];
  };
  const answers = [];
  const queue = [...calls];
  await Promise.all(Array.from({ length: WARM_UP_CONCURRENCY }, async () => {
    while (queue.length > 0) answers.push(await warm(queue.shift()));
  }));
  for (const [route, status, expected] of answers) {
    // a function that cannot start shows here first; the [invoke] line above says why
    if (status !== expected) say(`warning: ${route} answered ${status} during warm-up (expected ${expected})`);
  }
  say(`warm in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function printBanner({ apiUrl, cognitoEndpoint, userPoolId, clientId, confirmationCode, dynamodbEndpoint, revocationTable, users }) {
  const [demo, admin, fresh] = users;
  const json = "-H 'Content-Type: application/json'";
  const status = "-o /dev/null -w '%{http_code}\\n'";
  // no jq needed: Node is there anyway
  const field = (name) => `node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8")).${name}'`;
  const fromTokens = (name) => `$(echo "$TOKENS" | ${field(name)})`;
  const login = (username, password) =>
    `curl -s -X PUT ${apiUrl}/auth ${json} -d '{"username":"${username}","password":"${password}"}'`;
  const post = (route, body, flags = "-s") => `curl ${flags} -X POST ${apiUrl}${route} ${json} -d '${JSON.stringify(body)}'`;
  const sam = SIGN_UP;
  // each command on a line of its own, the expected answer on the line above: a trailing
  // "# comment" would become curl arguments in zsh, where comments are off by default
  const lines = [
    "",
    "Local stack is up (Ctrl-C stops it).",
    `  API             ${apiUrl}`,
    `  cognito-local   ${cognitoEndpoint}  pool ${userPoolId}  client ${clientId}`,
    `  dynalite        ${dynamodbEndpoint}  table ${revocationTable}  (logout markers; in memory)`,
    `  codes           ${confirmationCode}  (every sign-up and password-reset code; nothing is emailed)`,
    `  settings        ${path.relative(ROOT, stackFile)}`,
    `  logs            ${path.relative(ROOT, logDir)}/`,
    "",
    "Users:",
    ...users.map((u) => `  ${u.username.padEnd(8)} ${u.password.padEnd(16)} ${u.status}${u.groups.length ? `  groups: ${u.groups.join(",")}` : ""}`),
    "",
    "Try it (one line at a time):",
    "  log in as demo (200: tokens), keeping the answer in TOKENS",
    `  TOKENS=$(${login(demo.username, demo.password)})`,
    "  its access token, refresh token and username (not USERNAME: zsh reserves that name)",
    `  ACCESS=${fromTokens("access_token")} REFRESH=${fromTokens("refresh_token")} USER_NAME=${fromTokens("username")}`,
    "  the protected route (200: principalId and claims)",
    `  curl -s ${apiUrl}/mock -H "Authorization: Bearer $ACCESS"`,
    "  the admins-only route (403: demo is not in admins)",
    `  curl -s ${status} ${apiUrl}/mock/admin -H "Authorization: Bearer $ACCESS"`,
    "  new tokens (200)",
    `  curl -s -X POST ${apiUrl}/auth/refresh ${json} -d "{\\"username\\":\\"$USER_NAME\\",\\"refresh_token\\":\\"$REFRESH\\"}"`,
    "  log out with the access token too (204; the refresh token is then refused, and the access token too)",
    `  curl -s ${status} -X DELETE ${apiUrl}/auth ${json} -H "Authorization: Bearer $ACCESS" -d "{\\"refresh_token\\":\\"$REFRESH\\"}"`,
    "  the same access token after the logout (401: revoked at the edge)",
    `  curl -s ${status} ${apiUrl}/mock -H "Authorization: Bearer $ACCESS"`,
    "  log in as admin (then /mock/admin: 200)",
    `  ${login(admin.username, admin.password)}`,
    "  log in as newuser (NEW_PASSWORD_REQUIRED: answer with POST /auth/challenge)",
    `  ${login(fresh.username, fresh.password)}`,
    "",
    `Sign up and reset a password (the code is always ${confirmationCode}):`,
    `  sign up ${sam.username} (201: user_confirmed false, delivery EMAIL)`,
    `  ${post("/auth/signup", { username: sam.username, email: sam.email, password: sam.password })}`,
    "  confirm (204)",
    `  ${post("/auth/signup/confirm", { username: sam.username, code: confirmationCode }, `-s ${status}`)}`,
    `  log in as ${sam.username}, keeping the access token in ACCESS`,
    `  ACCESS=$(${login(sam.username, sam.password)} | ${field("access_token")})`,
    `  the protected route (200: principalId is ${sam.username}'s sub)`,
    `  curl -s ${apiUrl}/mock -H "Authorization: Bearer $ACCESS"`,
    "  forgot the password (202)",
    `  ${post("/auth/password/forgot", { username: sam.username })}`,
    `  reset it (204; then only the new password logs in)`,
    `  ${post("/auth/password/reset", { username: sam.username, code: confirmationCode, new_password: sam.newPassword }, `-s ${status}`)}`,
    `  ${login(sam.username, sam.newPassword)}`,
    "  resend the sign-up code (204 while unconfirmed; the same 204 once confirmed, so it tells nobody which)",
    `  ${post("/auth/signup/resend", { username: sam.username }, `-s ${status}`)}`,
    "",
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

main().catch((error) => fail(error.message));
