// Node side of benchmarks/cold-start/cold-start.sh: aws-jwt-verify's CognitoJwtVerifier, the JWKS fetched over
// plain http from loopback through aws-jwt-verify's own SimpleJwksCache, one verify, print, exit.
//   node cold.mjs <tokenFile> <jwksBase e.g. http://127.0.0.1:8765> <userPoolId> <clientId>
import { CognitoJwtVerifier } from "aws-jwt-verify";
import { SimpleJwksCache } from "aws-jwt-verify/jwk";
import { readFileSync } from "node:fs";
import { get } from "node:http";

const [tokenFile, jwksBase, userPoolId, clientId] = process.argv.slice(2);
const started = process.hrtime.bigint();
const token = readFileSync(tokenFile, "utf8").trim();

// aws-jwt-verify fetches https://cognito-idp.<region>.amazonaws.com/<pool>/.well-known/jwks.json;
// the fetcher sends the same path to the loopback server instead.
const httpFetcher = {
  fetch: (uri) => new Promise((resolve, reject) => {
    get(jwksBase + new URL(uri).pathname, (res) => {
      if (res.statusCode !== 200) { res.resume(); reject(new Error(`HTTP ${res.statusCode}`)); return; }
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => { const b = Buffer.concat(chunks); resolve(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)); });
    }).on("error", reject);
  }),
};

const verifier = CognitoJwtVerifier.create(
  { userPoolId, tokenUse: "access", clientId },
  { jwksCache: new SimpleJwksCache({ fetcher: httpFetcher }) },
);
try {
  const payload = await verifier.verify(token);
  console.log(`Allow ${payload.sub}`);
} catch (e) {
  console.log(`Deny ${e.name}`);
}
console.error(`main->decision ${(Number(process.hrtime.bigint() - started) / 1e6).toFixed(1)} ms`);
