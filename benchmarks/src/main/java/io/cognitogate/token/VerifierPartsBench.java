package io.cognitogate.token;

import io.cognitogate.benchmarks.DecisionBench;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The verifier's own steps on a fresh token, without the RSA operation (in this package to reach the
 * package-private readers): where the ~2 us the verifier adds to raw JCA go.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class VerifierPartsBench {
  DecisionBench d;
  BearerToken[] parsed;
  int next;

  @Setup
  public void setup() throws Exception {
    d = new DecisionBench();
    d.setup();
    parsed = new BearerToken[d.headers.length];
    for (int i = 0; i < parsed.length; i++) {
      parsed[i] = BearerToken.parse(d.headers[i]);
    }
  }

  private int index() {
    next = (next + 1) & (DecisionBench.POOL - 1);
    return next;
  }

  @Benchmark
  public Object bearerParse() {
    return BearerToken.parse(d.headers[index()]);
  }

  @Benchmark
  public Object claims() {
    BearerToken t = parsed[index()];
    return JwtReader.claims(t.ascii(), t.firstDot() + 1, t.secondDot());
  }

  @Benchmark
  public Object signatureDecode() {
    BearerToken t = parsed[index()];
    return java.util.Base64.getUrlDecoder().decode(java.nio.ByteBuffer.wrap(t.ascii(), t.secondDot() + 1,
        t.end() - t.secondDot() - 1));
  }

  @Benchmark
  public Object payloadDecode() {
    BearerToken t = parsed[index()];
    return java.util.Base64.getUrlDecoder().decode(java.nio.ByteBuffer.wrap(t.ascii(), t.firstDot() + 1,
        t.secondDot() - t.firstDot() - 1));
  }

  /** The payload's JSON tokens walked without building a single string or number. */
  @Benchmark
  public int payloadScan() throws java.io.IOException {
    java.nio.ByteBuffer json = (java.nio.ByteBuffer) payloadDecode();
    JsonScanner p = new JsonScanner(json.array(), json.arrayOffset() + json.position(),
        json.arrayOffset() + json.position() + json.remaining());
    int count = 0;
    while (p.next() != JsonScanner.END) {
      count++;
    }
    return count;
  }
}
