package io.cognitogate.authorizer.policy;

import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Parsed method ARNs and their immutable policy documents, per API route (never per token): a
 * document depends only on the stage and on which route rules the caller fails. Bounded, because
 * path parameters make method ARNs unbounded; when full it starts over.
 */
public final class PolicyCache {
  static final int MAX_ROUTES = 512;

  private final ConcurrentHashMap<String, Route> routes = new ConcurrentHashMap<>();

  /** @throws MalformedMethodArnException (not cached) */
  public Route route(String methodArn) {
    if (methodArn == null) {
      throw new MalformedMethodArnException("missing");
    }
    Route route = routes.get(methodArn);
    if (route == null) {
      route = new Route(MethodArn.parse(methodArn));
      if (routes.size() >= MAX_ROUTES) {
        routes.clear();
      }
      routes.put(methodArn, route);
    }
    return route;
  }

  int size() {
    return routes.size();
  }

  /** One method ARN and its documents by the bit set of unsatisfied rules. */
  public static final class Route {
    private final MethodArn arn;
    private final ConcurrentHashMap<Long, IamPolicyResponseV1.PolicyDocument> documents = new ConcurrentHashMap<>(4);

    Route(MethodArn arn) {
      this.arn = arn;
    }

    public MethodArn arn() {
      return arn;
    }

    /** The document for callers failing exactly the rules in {@code unsatisfied}; built once. */
    public IamPolicyResponseV1.PolicyDocument document(long unsatisfied, BiFunction<MethodArn, Long, List<String>> deniedResources) {
      IamPolicyResponseV1.PolicyDocument document = documents.get(unsatisfied);
      if (document == null) {
        document = PolicyBuilder.document(arn, deniedResources.apply(arn, unsatisfied));
        documents.put(unsatisfied, document);
      }
      return document;
    }
  }
}
