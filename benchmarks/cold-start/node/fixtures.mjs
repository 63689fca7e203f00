// Mints a fixture for benchmarks/cold-start/cold-start.sh into <outDir>: two 2048-bit RSA keys in a JWKS (Cognito
// publishes two), a Cognito-like access token signed by the second one, and fixture.json.
//   node fixtures.mjs <outDir>
import { generateKeyPairSync, createSign, randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const out = process.argv[2];
const region = "us-east-1";
const userPoolId = `${region}_BenchPool1`;
const issuer = `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
const clientId = "4k2j3h4g5f6d7s8a9q0w1e2r3t";

const key = (kid) => {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, publicExponent: 0x10001 });
  return { privateKey, jwk: { ...publicKey.export({ format: "jwk" }), alg: "RS256", kid, use: "sig" } };
};
const decoy = key("ZGVjb3lkZWNveWRlY295ZGVjb3lkZWNveWRlY295ZGU=");
const signing = key("c2lnbmluZ3NpZ25pbmdzaWduaW5nc2lnbmluZ3NpZ24=");
const jwks = JSON.stringify({ keys: [decoy.jwk, signing.jwk] });

const b64u = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
const now = Math.floor(Date.now() / 1000);
const sub = randomUUID();
const payload = {
  sub, "cognito:groups": ["users"], iss: issuer, version: 2, client_id: clientId,
  origin_jti: randomUUID(), event_id: randomUUID(), token_use: "access",
  scope: "aws.cognito.signin.user.admin", auth_time: now - 60,
  exp: now + 86400, iat: now - 60, jti: randomUUID(), username: "bench-user",
};
const signingInput = `${b64u({ kid: signing.jwk.kid, alg: "RS256" })}.${b64u(payload)}`;
const sig = createSign("RSA-SHA256").update(signingInput).sign(signing.privateKey).toString("base64url");

// served at /.well-known/jwks.json and /<poolId>/.well-known/jwks.json (the Cognito layout)
for (const dir of [join(out, "www", ".well-known"), join(out, "www", userPoolId, ".well-known")]) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "jwks.json"), jwks);
}
writeFileSync(join(out, "token.txt"), `${signingInput}.${sig}\n`);
writeFileSync(join(out, "fixture.json"), JSON.stringify({ region, userPoolId, issuer, clientId, sub }, null, 2) + "\n");
