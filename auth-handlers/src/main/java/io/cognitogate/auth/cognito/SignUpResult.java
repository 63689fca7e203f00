package io.cognitogate.auth.cognito;

import software.amazon.awssdk.services.cognitoidentityprovider.model.CodeDeliveryDetailsType;

/**
 * What a sign-up tells the caller: whether the user is already confirmed (a pre-sign-up trigger can
 * do that) and where the code went, masked. {@code deliveryMedium} and {@code destination} are null
 * when no code was sent.
 */
public record SignUpResult(boolean userConfirmed, String deliveryMedium, String destination) {

  static SignUpResult of(Boolean userConfirmed, CodeDeliveryDetailsType delivery) {
    if (delivery == null || delivery.deliveryMediumAsString() == null) {
      return new SignUpResult(Boolean.TRUE.equals(userConfirmed), null, null);
    }
    return new SignUpResult(
        Boolean.TRUE.equals(userConfirmed),
        delivery.deliveryMediumAsString(),
        mask(delivery.destination()));
  }

  /**
   * Cognito masks destinations itself ({@code a***@e***}, {@code +*******1234}); one that arrives
   * unmasked (cognito-local) is masked the same way, so a response never carries a full address.
   */
  static String mask(String destination) {
    if (destination == null || destination.isEmpty() || destination.indexOf('*') >= 0) {
      return destination;
    }
    int at = destination.indexOf('@');
    if (at > 0 && at < destination.length() - 1) {
      return destination.charAt(0) + "***@" + destination.charAt(at + 1) + "***";
    }
    int keep = Math.min(4, destination.length() / 2);
    String prefix = destination.startsWith("+") ? "+" : "";
    return prefix
        + "*".repeat(destination.length() - keep - prefix.length())
        + destination.substring(destination.length() - keep);
  }
}
