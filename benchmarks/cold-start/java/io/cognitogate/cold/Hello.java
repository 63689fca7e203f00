package io.cognitogate.cold;

/** JVM boot baseline for benchmarks/cold-start/cold-start.sh: prints a line and exits. */
public final class Hello {
  public static void main(String[] args) {
    System.out.println("Allow hello");
  }
}
