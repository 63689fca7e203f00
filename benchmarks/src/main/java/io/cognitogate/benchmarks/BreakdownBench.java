package io.cognitogate.benchmarks;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.cognitogate.authorizer.policy.MethodArn;
import io.cognitogate.token.BearerToken;
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

/** Where the non-RSA time of a decision goes (ns per step); a diagnostic, not the headline ratio. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@State(Scope.Thread)
public class BreakdownBench {
  DecisionBench d = new DecisionBench();
  Algorithm algorithm;
  int next;

  @Setup
  public void setup() throws Exception {
    d.setup();
    algorithm = Algorithm.RSA256(d.publicKey, null);
  }

  private String header() {
    next = (next + 1) & (DecisionBench.POOL - 1);
    return d.headers[next];
  }

  @Benchmark
  public BearerToken bearerParse() {
    return BearerToken.parse(header());
  }

  @Benchmark
  public DecodedJWT javaJwtDecode() {
    return JWT.decode(header().substring(7));
  }

  @Benchmark
  public MethodArn methodArnParse() {
    return MethodArn.parse(DecisionBench.METHOD_ARN);
  }

  @Benchmark
  public DecodedJWT javaJwtAlgorithmVerify() {
    DecodedJWT jwt = JWT.decode(header().substring(7));
    algorithm.verify(jwt);
    return jwt;
  }

  @Benchmark
  public Object verifierOnly() {
    return d.verifier.verify(header());
  }

  @Benchmark
  public Object policyOnly() {
    return io.cognitogate.authorizer.policy.PolicyBuilder.response(d.sample,
        d.rules.policy(MethodArn.parse(DecisionBench.METHOD_ARN), d.rules.unsatisfied(d.sample)).document());
  }

  @Benchmark
  public Object fullDecision() {
    return d.authorizer.authorize(header(), DecisionBench.METHOD_ARN);
  }

  @Benchmark
  public boolean rawJca() throws Exception {
    return d.rawJcaVerify();
  }
}
