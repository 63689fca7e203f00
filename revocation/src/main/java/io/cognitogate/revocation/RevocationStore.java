package io.cognitogate.revocation;

/** Where revocation markers live. Implementations are thread-safe and bounded in time. */
public interface RevocationStore {
  /**
   * The markers of {@code subject} still in force now (expired ones are ignored by the reader).
   *
   * @throws RevocationStoreException when the store cannot answer in time
   */
  Markers markersFor(String subject);

  /**
   * Writes {@code marker}. A USER marker never moves {@code signedOutAt} backwards.
   *
   * @throws RevocationStoreException when the write is not known to have succeeded
   */
  void put(Marker marker);

  /** Makes one cheap call so the code and connections are loaded (before a SnapStart snapshot). */
  default void prime() {}

  /** Drops cached credentials: none fetched before a SnapStart snapshot is used after a restore. */
  default void forgetCredentials() {}
}
