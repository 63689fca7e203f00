/** Revocation markers: logout that a JWT verifier at the edge honours. */
package io.cognitogate.revocation;
