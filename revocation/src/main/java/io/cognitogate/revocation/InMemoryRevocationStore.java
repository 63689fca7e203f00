package io.cognitogate.revocation;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Markers in a map: for unit tests and single-process use. Expired markers are kept and ignored, as
 * in DynamoDB.
 */
public final class InMemoryRevocationStore implements RevocationStore {
  private final Map<String, Map<String, Marker>> bySubject = new ConcurrentHashMap<>();
  private final Clock clock;

  public InMemoryRevocationStore(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Markers markersFor(String subject) {
    Map<String, Marker> items = bySubject.get(subject);
    if (items == null) {
      return Markers.NONE;
    }
    List<Marker> copy;
    synchronized (items) {
      copy = new ArrayList<>(items.values());
    }
    return Markers.of(copy, Math.floorDiv(clock.millis(), 1000L));
  }

  @Override
  public void put(Marker marker) {
    Map<String, Marker> items =
        bySubject.computeIfAbsent(marker.subject(), s -> new ConcurrentHashMap<>());
    synchronized (items) {
      Marker existing = items.get(marker.sortKey());
      // as the DynamoDB store's condition: a USER marker never moves backwards
      if (marker.kind() == Marker.Kind.USER
          && existing != null
          && existing.signedOutAt() > marker.signedOutAt()) {
        return;
      }
      items.put(marker.sortKey(), marker);
    }
  }

  /** Every stored marker of {@code subject}, expired ones included (for tests). */
  public List<Marker> stored(String subject) {
    Map<String, Marker> items = bySubject.get(subject);
    return items == null ? List.of() : List.copyOf(items.values());
  }
}
