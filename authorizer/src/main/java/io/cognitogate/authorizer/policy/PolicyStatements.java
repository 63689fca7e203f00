package io.cognitogate.authorizer.policy;

import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The resources of a policy's Allow and Deny statements, and how IAM judges a request's resource
 * against them: an explicit Deny wins, then an Allow, else the request is implicitly denied.
 */
public final class PolicyStatements {
  /**
   * API Gateway's limit on one Resource of an authorizer's policy (a longer one fails the request).
   */
  public static final int MAX_RESOURCE_LENGTH = 512;

  /** The three answers of an IAM evaluation. */
  public enum Effect {
    ALLOW,
    EXPLICIT_DENY,
    IMPLICIT_DENY
  }

  private final List<String> allow;
  private final List<String> deny;

  /**
   * @throws IllegalArgumentException when both are empty (a policy needs one statement)
   */
  public PolicyStatements(Collection<String> allow, Collection<String> deny) {
    if (allow.isEmpty() && deny.isEmpty()) {
      throw new IllegalArgumentException("a policy needs an Allow or a Deny resource");
    }
    this.allow = List.copyOf(new LinkedHashSet<>(allow));
    this.deny = List.copyOf(new LinkedHashSet<>(deny));
  }

  public List<String> allow() {
    return allow;
  }

  public List<String> deny() {
    return deny;
  }

  /** These statements with {@code resource} denied too, through {@link #covering}. */
  public PolicyStatements denyingAlso(String resource) {
    return denyingAlso(resource, 0);
  }

  /**
   * These statements with {@code resource} denied too, through {@link #covering(String, int)}: its
   * first {@code literalPrefix} characters (a stage ARN, which may be an HTTP API's {@code
   * $default}) stand as they are.
   */
  public PolicyStatements denyingAlso(String resource, int literalPrefix) {
    List<String> more = new ArrayList<>(deny.size() + 1);
    more.addAll(deny);
    more.add(covering(resource, literalPrefix));
    return new PolicyStatements(allow, more);
  }

  /** What IAM answers for {@code resource}, a request's method ARN. */
  public Effect evaluate(String resource) {
    for (String pattern : deny) {
      if (matches(pattern, resource)) {
        return Effect.EXPLICIT_DENY;
      }
    }
    for (String pattern : allow) {
      if (matches(pattern, resource)) {
        return Effect.ALLOW;
      }
    }
    return Effect.IMPLICIT_DENY;
  }

  /** The immutable policy document (shared by every response that carries it). */
  public IamPolicyResponseV1.PolicyDocument document() {
    return PolicyBuilder.document(allow, deny);
  }

  /**
   * A resource pattern that covers the method ARN {@code resource}: the ARN itself, or where it
   * cannot stand as it is, its prefix followed by {@code *} (wider, never narrower): cut before a
   * {@code $} (it could start a policy variable) and at {@link #MAX_RESOURCE_LENGTH}. A '*' or '?'
   * in the ARN only widens the pattern.
   */
  public static String covering(String resource) {
    return covering(resource, 0);
  }

  /**
   * {@link #covering(String)}, looking for a {@code $} only from {@code literalPrefix} on: the
   * stage ARN before it is ours to trust (a {@code $} there is the {@code $default} stage, never a
   * policy variable).
   */
  public static String covering(String resource, int literalPrefix) {
    int dollar = resource.indexOf('$', literalPrefix);
    if (dollar >= 0 && dollar < MAX_RESOURCE_LENGTH) {
      return resource.substring(0, dollar) + "*";
    }
    return resource.length() <= MAX_RESOURCE_LENGTH
        ? resource
        : resource.substring(0, MAX_RESOURCE_LENGTH - 1) + "*";
  }

  /**
   * IAM's wildcards: {@code *} any run of characters (also '/'), {@code ?} exactly one; everything
   * else literally and case-sensitively. Our patterns put wildcards only in the resource part,
   * after a literal prefix that fixes the partition, region, account and API, so matching the whole
   * ARN equals IAM's matching segment by segment.
   */
  static boolean matches(String pattern, String value) {
    int p = 0;
    int v = 0;
    int star = -1;
    int resume = 0;
    while (v < value.length()) {
      if (p < pattern.length()
          && (pattern.charAt(p) == '?' || pattern.charAt(p) == value.charAt(v))) {
        p++;
        v++;
      } else if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        resume = v;
      } else if (star >= 0) {
        p = star + 1;
        v = ++resume;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }
}
