package io.cognitogate.bench;

/** JVM boot baseline for bench/cold-start.sh. */
public final class Hello {
  public static void main(String[] args) {
    System.out.println("Allow hello");
  }
}
