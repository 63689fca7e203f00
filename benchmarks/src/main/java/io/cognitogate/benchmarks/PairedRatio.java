package io.cognitogate.benchmarks;

import io.cognitogate.authorizer.Authorizer;
import io.cognitogate.authorizer.log.DecisionLog;
import java.util.Arrays;

/**
 * The DecisionBench ratio measured in pairs, for a machine whose speed drifts (shared cores, noisy
 * neighbours): after a JIT warm-up, each round times a batch of raw JCA verifies and a batch of fresh
 * decisions back to back (the order alternating), and the ratio is taken per round. Drift that lasts
 * longer than a round slows both halves alike and cancels; the median of the rounds is reported with
 * its quartiles. Same state, tokens and cache clearing as {@link DecisionBench}; JMH's sequential
 * runs stay the headline, this tells whether their difference is real. Also timed in each round, to
 * show what the decision cache's miss and insert cost: the same decision by an authorizer without a
 * cache, and the verifier alone; and, for context, the bare RS256 arithmetic ({@link DecisionBench#rawModPowVerify}).
 *   java -cp benchmarks/target/benchmarks.jar io.cognitogate.benchmarks.PairedRatio [rounds] [batch] [warmupSeconds]
 */
public final class PairedRatio {
  private PairedRatio() {
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 400;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 256;
    int warmupSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
    DecisionBench bench = new DecisionBench();
    bench.setup();
    Authorizer uncached = new Authorizer(bench.verifier, bench.rules, new DecisionLog(new Discard()));
    Cursor cachedCursor = new Cursor();
    Cursor uncachedCursor = new Cursor();
    Call raw = bench::rawJcaVerify;
    Call modPow = bench::rawModPowVerify;
    Call verifier = () -> bench.verifierOnly() != null;
    long warmupEnd = System.nanoTime() + warmupSeconds * 1_000_000_000L;
    while (System.nanoTime() < warmupEnd) {
      time(raw, batch, "raw verify");
      decisions(bench, bench.authorizer, cachedCursor, batch);
      time(verifier, batch, "verifier");
      decisions(bench, uncached, uncachedCursor, batch);
      time(modPow, batch, "bare RS256 arithmetic");
    }
    double[] decisionRatio = new double[rounds];
    double[] verifierRatio = new double[rounds];
    double[] uncachedRatio = new double[rounds];
    double[] floorRatio = new double[rounds];
    long rawTotal = 0;
    long decisionTotal = 0;
    for (int r = 0; r < rounds; r++) {
      long rawNanos;
      long decisionNanos;
      long verifierNanos;
      long uncachedNanos;
      long floorNanos;
      if ((r & 1) == 0) {
        rawNanos = time(raw, batch, "raw verify");
        decisionNanos = decisions(bench, bench.authorizer, cachedCursor, batch);
        verifierNanos = time(verifier, batch, "verifier");
        uncachedNanos = decisions(bench, uncached, uncachedCursor, batch);
        floorNanos = time(modPow, batch, "bare RS256 arithmetic");
      } else {
        floorNanos = time(modPow, batch, "bare RS256 arithmetic");
        uncachedNanos = decisions(bench, uncached, uncachedCursor, batch);
        verifierNanos = time(verifier, batch, "verifier");
        decisionNanos = decisions(bench, bench.authorizer, cachedCursor, batch);
        rawNanos = time(raw, batch, "raw verify");
      }
      rawTotal += rawNanos;
      decisionTotal += decisionNanos;
      // throughput ratio = time ratio inverted: decision ops/s over raw ops/s
      decisionRatio[r] = (double) rawNanos / decisionNanos;
      verifierRatio[r] = (double) rawNanos / verifierNanos;
      uncachedRatio[r] = (double) rawNanos / uncachedNanos;
      floorRatio[r] = (double) floorNanos / decisionNanos;
    }
    if (bench.cache.size() > DecisionBench.POOL) {
      throw new IllegalStateException("decision cache larger than the pool");
    }
    System.out.printf("rounds %d x batch %d, raw JCA %.0f ns/op, decision %.0f ns/op (totals)%n", rounds, batch,
        (double) rawTotal / rounds / batch, (double) decisionTotal / rounds / batch);
    System.out.println("PAIRED authorizerDecision / rawJcaVerify = " + quartiles(decisionRatio));
    System.out.println("PAIRED verifierOnly / rawJcaVerify = " + quartiles(verifierRatio));
    System.out.println("PAIRED decision without a decision cache / rawJcaVerify = " + quartiles(uncachedRatio));
    System.out.println("PAIRED authorizerDecision / rawModPowVerify (the bare arithmetic) = " + quartiles(floorRatio));
  }

  private static String quartiles(double[] ratios) {
    double[] sorted = ratios.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return String.format("%.3f (quartiles %.3f-%.3f)", sorted[n / 2], sorted[n / 4], sorted[3 * n / 4]);
  }

  /** One call of a benchmark method; false when its answer is wrong (then the round is not a measurement). */
  private interface Call {
    boolean ok() throws Exception;
  }

  /** Times {@code batch} calls; fails on a wrong answer. */
  private static long time(Call call, int batch, String what) throws Exception {
    long start = System.nanoTime();
    for (int i = 0; i < batch; i++) {
      if (!call.ok()) {
        throw new IllegalStateException(what + " failed");
      }
    }
    return System.nanoTime() - start;
  }

  /** Where one authorizer is in the token pool, apart from the other batches': every decision is a miss. */
  private static final class Cursor {
    int index;
  }

  /**
   * As DecisionBench.authorizerDecision, on the authorizer's own cursor: its decision cache, if it has
   * one, is emptied whenever the pool wraps around.
   */
  private static long decisions(DecisionBench bench, Authorizer authorizer, Cursor cursor, int batch) {
    long start = System.nanoTime();
    for (int i = 0; i < batch; i++) {
      int index = cursor.index;
      cursor.index = (index + 1) & (DecisionBench.POOL - 1);
      if (index == 0 && authorizer.cache() != null) {
        authorizer.cache().clear();
      }
      if (authorizer.authorize(bench.headers[index], DecisionBench.METHOD_ARN).getPrincipalId() == null) {
        throw new IllegalStateException("decision without a principal");
      }
    }
    return System.nanoTime() - start;
  }

  /** The log lines of the uncached authorizer, dropped (the cached one's go to DecisionBench's field). */
  private static final class Discard implements java.util.function.Consumer<String> {
    @Override
    public void accept(String line) {
      // measured, not kept
    }
  }
}
