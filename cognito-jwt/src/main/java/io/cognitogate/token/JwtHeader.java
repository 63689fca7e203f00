package io.cognitogate.token;

/**
 * The JOSE header fields we act on. A field of the wrong JSON type is kept as null (absent), which
 * every check rejects.
 */
record JwtHeader(String alg, String kid, boolean critical) {
}
