package io.cognitogate.benchmarks;

import java.util.Arrays;

/**
 * The ratios of {@link DecisionBench} measured side by side: each round times one batch of every
 * benchmark, back to back on one thread, and the ratio to raw JCA is taken per round; the median of
 * the rounds is printed. A neighbour that loads the machine for a while slows every benchmark of
 * the rounds it spans alike, which JMH's one-benchmark-after-another runs cannot offer.
 *
 * <pre>
 * java -cp benchmarks/jmh/target/benchmarks.jar io.cognitogate.benchmarks.PairedRatio [rounds] [batch] [warm-up seconds]
 * </pre>
 */
public final class PairedRatio {
  private PairedRatio() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : DecisionBench.POOL;
    int warmupSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    DecisionBench bench = new DecisionBench();
    bench.setup();
    long warmupEnd = System.nanoTime() + warmupSeconds * 1_000_000_000L;
    while (System.nanoTime() < warmupEnd) {
      times(bench, batch);
    }
    String[] names = {"javaJwtVerify", "authorizerDecision", "authorizerDecisionRepeat"};
    double[][] ratios = new double[names.length][rounds];
    double[] rawNanos = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long[] t = times(bench, batch);
      rawNanos[r] = (double) t[0] / batch;
      for (int b = 0; b < names.length; b++) {
        ratios[b][r] =
            (double) t[0] / t[b + 1]; // throughput ratio: raw time over the benchmark's time
      }
    }
    System.out.printf(
        "rawJcaVerify               median %8.2f us per op (1.000x)%n", median(rawNanos) / 1000);
    for (int b = 0; b < names.length; b++) {
      double[] sorted = ratios[b].clone();
      Arrays.sort(sorted);
      System.out.printf(
          "%-26s median %8.3fx raw JCA   quartiles %.3f-%.3f%n",
          names[b], median(ratios[b]), sorted[rounds / 4], sorted[rounds * 3 / 4]);
    }
  }

  /**
   * Nanoseconds for one batch of raw JCA, java-jwt, fresh decisions and repeated decisions, in that
   * order.
   */
  private static long[] times(DecisionBench bench, int batch) throws Exception {
    long[] t = new long[4];
    long sink = 0;
    long start = System.nanoTime();
    for (int i = 0; i < batch; i++) {
      sink += bench.rawJcaVerify() ? 1 : 0;
    }
    t[0] = System.nanoTime() - start;
    start = System.nanoTime();
    for (int i = 0; i < batch; i++) {
      sink += bench.javaJwtVerify().hashCode() & 1;
    }
    t[1] = System.nanoTime() - start;
    start = System.nanoTime();
    for (int i = 0; i < batch; i++) {
      sink += bench.authorizerDecision().getPrincipalId().length();
    }
    t[2] = System.nanoTime() - start;
    start = System.nanoTime();
    for (int i = 0; i < batch; i++) {
      sink += bench.authorizerDecisionRepeat().getPrincipalId().length();
    }
    t[3] = System.nanoTime() - start;
    if (sink == 42) {
      System.out.print(""); // keeps the results alive
    }
    return t;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
