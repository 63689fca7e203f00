package io.cognitogate.revocation;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The table as serverless.yml declares it, created in an emulator over the wire. */
public final class RevocationTable {
  private RevocationTable() {}

  /** A client for an emulator: static dummy credentials, region us-east-1. */
  public static DynamoDbClient client(String endpoint) {
    return DynamoDbClient.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .endpointOverride(URI.create(endpoint))
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .build();
  }

  /**
   * On-demand, {@code sub} (HASH) + {@code sk} (RANGE), TTL on {@code expiresAt}. Returns whether
   * the emulator accepted UpdateTimeToLive (dynalite does not: UnknownOperationException,
   * tolerated).
   */
  public static boolean create(DynamoDbClient client, String table) {
    client.createTable(
        r ->
            r.tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                    AttributeDefinition.builder()
                        .attributeName("sub")
                        .attributeType(ScalarAttributeType.S)
                        .build(),
                    AttributeDefinition.builder()
                        .attributeName("sk")
                        .attributeType(ScalarAttributeType.S)
                        .build())
                .keySchema(
                    KeySchemaElement.builder().attributeName("sub").keyType(KeyType.HASH).build(),
                    KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build()));
    client.waiter().waitUntilTableExists(r -> r.tableName(table));
    try {
      client.updateTimeToLive(
          r ->
              r.tableName(table)
                  .timeToLiveSpecification(t -> t.attributeName("expiresAt").enabled(true)));
      return true;
    } catch (DynamoDbException e) {
      if (e.awsErrorDetails() != null
          && "UnknownOperationException".equals(e.awsErrorDetails().errorCode())) {
        return false; // dynalite: no TTL; the reader ignores expired markers itself anyway
      }
      throw e;
    }
  }
}
