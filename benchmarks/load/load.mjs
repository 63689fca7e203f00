#!/usr/bin/env node
// A bounded load against a running local stack (`npm start`): N clients for D seconds, each sending one
// request at a time over its own kept-alive connection: GET /mock with its access token, and logins and
// refreshes mixed in. Prints status counts and p50/p90/p99/max per route, and the three things the stack
// must never do: a 401 for a valid token, a dropped connection, a non-200 that is not a deliberate
// 429/503 with a JSON error body. Node 20+, no dependencies.
//
//   node benchmarks/load/load.mjs [--clients 16] [--duration 20] [--mix mock:6,login:1,refresh:1]
//                                 [--warmup 0] [--timeout 60] [--stack .local/stack.json] [--api URL]
//                                 [--users demo,admin] [--json] [--check]
//
// --stack reads the API URL and the seeded users' passwords from the file the start script writes;
// --api overrides the URL. --warmup runs that many seconds first and forgets them. --check exits 1 when
// any of the three happened.

import http from "node:http";
import { readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const ROUTES = {
  mock: { method: "GET", path: "/mock" },
  login: { method: "PUT", path: "/auth" },
  refresh: { method: "POST", path: "/auth/refresh" },
};

function options(argv) {
  const defaults = {
    clients: "16", duration: "20", mix: "mock:6,login:1,refresh:1", warmup: "0", timeout: "60",
    stack: path.join(ROOT, ".local", "stack.json"), api: "", users: "demo,admin",
  };
  const flags = new Set(["json", "check"]);
  const parsed = { ...defaults, json: false, check: false };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].replace(/^--/, "");
    if (flags.has(name)) {
      parsed[name] = true;
    } else if (name in defaults && i + 1 < argv.length) {
      parsed[name] = argv[++i];
    } else {
      throw new Error(`unknown or incomplete argument ${argv[i]} (see the header of ${path.relative(ROOT, fileURLToPath(import.meta.url))})`);
    }
  }
  const positive = (name) => {
    const value = Number(parsed[name]);
    if (!(value > 0) && !(name === "warmup" && value === 0)) throw new Error(`--${name} must be a positive number`);
    return value;
  };
  const mix = parsed.mix.split(",").flatMap((part) => {
    const [route, weight = "1"] = part.split(":");
    if (!(route in ROUTES) || !/^\d+$/.test(weight)) throw new Error(`--mix: ${part} is not route:weight (routes: ${Object.keys(ROUTES)})`);
    return Array(Number(weight)).fill(route);
  });
  if (mix.length === 0) throw new Error("--mix is empty");
  return {
    clients: Math.floor(positive("clients")), durationMs: positive("duration") * 1000, warmupMs: positive("warmup") * 1000,
    timeoutMs: positive("timeout") * 1000, mix, stack: parsed.stack, api: parsed.api, users: parsed.users.split(","),
    json: parsed.json, check: parsed.check,
  };
}

/** The API URL and the credentials of the chosen seeded users. */
function target(opts) {
  const stack = JSON.parse(readFileSync(opts.stack, "utf8"));
  const users = opts.users.map((name) => {
    const user = stack.users.find((u) => u.username === name && u.status === "CONFIRMED");
    if (!user) throw new Error(`${opts.stack} has no confirmed user ${name}`);
    return user;
  });
  return { api: new URL(opts.api || stack.apiUrl), users };
}

class Recorder {
  constructor() {
    this.routes = new Map();
    this.errors = new Map();
    this.unauthorizedValid = 0;
    this.undeliberate = 0;
    this.examples = [];
  }

  route(name) {
    if (!this.routes.has(name)) this.routes.set(name, { statuses: new Map(), latencies: [] });
    return this.routes.get(name);
  }

  response(name, status, body, ms, tokenWasValid) {
    const route = this.route(name);
    route.statuses.set(status, (route.statuses.get(status) ?? 0) + 1);
    route.latencies.push(ms);
    if (status === 401 && tokenWasValid) this.unauthorizedValid++;
    if (status !== 200 && !deliberate(status, body)) {
      this.undeliberate++;
      if (this.examples.length < 5) this.examples.push(`${name} ${status} ${body.slice(0, 160)}`);
    }
  }

  error(name, code, ms) {
    const route = this.route(name);
    route.statuses.set(code, (route.statuses.get(code) ?? 0) + 1);
    route.latencies.push(ms);
    this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
  }
}

/** A deliberate refusal: 429 or 503 with the API's JSON error body. Valid requests deserve nothing else. */
function deliberate(status, body) {
  let json;
  try {
    json = JSON.parse(body);
  } catch {
    return false;
  }
  const shaped = json !== null && typeof json === "object" && typeof json.error === "string";
  return shaped && (status === 429 || status === 503);
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function request(agent, api, route, headers, body, timeoutMs) {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = http.request({
      agent, host: api.hostname, port: api.port, method: route.method, path: route.path,
      headers: body === undefined ? headers : { ...headers, "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) },
    }, (res) => {
      const chunks = [];
      res.on("data", (chunk) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString("utf8"), ms: performance.now() - started }));
      res.on("error", (error) => resolve({ error: error.code ?? "RESPONSE_ERROR", ms: performance.now() - started }));
    });
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error("timeout"), { code: "TIMEOUT" })));
    req.on("error", (error) => resolve({ error: error.code ?? error.message, ms: performance.now() - started }));
    req.end(body);
  });
}

async function client(index, { api, users }, opts, deadline, recorder) {
  // one connection per client, as a browser tab or a service instance would hold one
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const user = users[index % users.length];
  let tokens = null;
  const send = async (name) => {
    const route = ROUTES[name];
    let headers = {};
    let body;
    if (name === "login" || tokens === null) {
      body = JSON.stringify({ username: user.username, password: user.password });
      const answer = await request(agent, api, ROUTES.login, headers, body, opts.timeoutMs);
      record("PUT /auth", answer, false);
      if (answer.status === 200) tokens = JSON.parse(answer.body);
      return;
    }
    if (name === "refresh") {
      body = JSON.stringify({ username: tokens.username, refresh_token: tokens.refresh_token });
    } else {
      headers = { Authorization: `Bearer ${tokens.access_token}` };
    }
    const answer = await request(agent, api, route, headers, body, opts.timeoutMs);
    // nothing in this script revokes a token, and every one is hours from expiry: a 401 is a false rejection
    record(`${route.method} ${route.path}`, answer, true);
    if (name === "refresh" && answer.status === 200) tokens = { ...tokens, ...JSON.parse(answer.body) };
  };
  const record = (name, answer, tokenWasValid) => {
    if (recorder === null) return;
    if (answer.error) recorder.error(name, answer.error, answer.ms);
    else recorder.response(name, answer.status, answer.body, answer.ms, tokenWasValid);
  };
  // each client starts at its own place in the mix, so that logins do not come in waves
  for (let n = index; performance.now() < deadline; n++) {
    await send(opts.mix[n % opts.mix.length]);
  }
  agent.destroy();
}

async function run(goal, opts, ms, recorder) {
  const deadline = performance.now() + ms;
  await Promise.all(Array.from({ length: opts.clients }, (_, i) => client(i, goal, opts, deadline, recorder)));
}

function report(recorder, opts, elapsedMs) {
  const routes = [...recorder.routes.entries()].map(([name, { statuses, latencies }]) => {
    const sorted = Float64Array.from(latencies).sort();
    const round = (v) => Math.round(v * 10) / 10;
    return {
      route: name, requests: latencies.length, statuses: Object.fromEntries([...statuses.entries()].sort()),
      p50: round(percentile(sorted, 50)), p90: round(percentile(sorted, 90)), p99: round(percentile(sorted, 99)),
      max: round(sorted[sorted.length - 1] ?? NaN),
    };
  });
  const total = routes.reduce((sum, r) => sum + r.requests, 0);
  return {
    clients: opts.clients, seconds: Math.round(elapsedMs / 100) / 10, requests: total,
    perSecond: Math.round(total / (elapsedMs / 1000)), routes,
    unauthorizedForValidTokens: recorder.unauthorizedValid,
    connectionErrors: Object.fromEntries(recorder.errors),
    nonDeliberateNon200: recorder.undeliberate,
    examples: recorder.examples,
  };
}

function print(summary) {
  const lines = [
    `${summary.clients} clients, ${summary.seconds} s: ${summary.requests} requests (${summary.perSecond}/s)`,
    "",
    `${"route".padEnd(20)}${"requests".padStart(9)}${"p50 ms".padStart(9)}${"p90 ms".padStart(9)}${"p99 ms".padStart(9)}${"max ms".padStart(9)}  statuses`,
    ...summary.routes.map((r) => `${r.route.padEnd(20)}${String(r.requests).padStart(9)}${String(r.p50).padStart(9)}`
      + `${String(r.p90).padStart(9)}${String(r.p99).padStart(9)}${String(r.max).padStart(9)}  `
      + Object.entries(r.statuses).map(([s, n]) => `${s}: ${n}`).join(", ")),
    "",
    `401 for a valid token:            ${summary.unauthorizedForValidTokens}`,
    `connection errors and timeouts:   ${Object.values(summary.connectionErrors).reduce((a, b) => a + b, 0)}`
      + (Object.keys(summary.connectionErrors).length ? ` (${Object.entries(summary.connectionErrors).map(([c, n]) => `${c}: ${n}`).join(", ")})` : ""),
    `non-200 not a JSON 429/503:       ${summary.nonDeliberateNon200}`,
    ...summary.examples.map((e) => `  e.g. ${e}`),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

async function main() {
  const opts = options(process.argv.slice(2));
  const goal = target(opts);
  if (opts.warmupMs > 0) await run(goal, opts, opts.warmupMs, null);
  const recorder = new Recorder();
  const started = performance.now();
  await run(goal, opts, opts.durationMs, recorder);
  const summary = report(recorder, opts, performance.now() - started);
  if (opts.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else print(summary);
  const failed = summary.unauthorizedForValidTokens > 0 || summary.nonDeliberateNon200 > 0
    || Object.keys(summary.connectionErrors).length > 0;
  process.exitCode = opts.check && failed ? 1 : 0;
}

main().catch((error) => {
  process.stderr.write(`load: ${error.message}\n`);
  process.exitCode = 2;
});
