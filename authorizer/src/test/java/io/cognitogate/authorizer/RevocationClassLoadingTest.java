package io.cognitogate.authorizer;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognitogate.token.BadTokens;
import io.cognitogate.token.JwksServer;
import io.cognitogate.token.TestKeys;
import io.cognitogate.token.TestTokens;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.MalformedURLException;
import java.net.ServerSocket;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Revocation off means no DynamoDB client on the cold-start path: the handler is built in a class
 * loader of its own that records every class it loads (as a fresh Lambda JVM would load them). The
 * store is opened directly ({@code RevocationStores.open}); the JVM links it, and the SDK, only
 * when that runs.
 */
class RevocationClassLoadingTest {
  JwksServer server;

  @BeforeEach
  void start() throws IOException {
    server =
        new JwksServer(
            TestKeys.jwksJson(TestKeys.jwk(BadTokens.KID, AuthorizerFixture.TOKENS.signing)));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("USER_POOL_ID", TestTokens.POOL_ID);
    env.put("ALLOWED_CLIENT_IDS", TestTokens.CLIENT_ID);
    env.put("ISSUER_URL", server.issuer());
    env.put("JWKS_URL", server.url().toString());
    return env;
  }

  static Set<String> classesLoadedBuilding(Map<String, String> env) throws Exception {
    try (RecordingLoader loader = new RecordingLoader()) {
      Class<?> handler = loader.loadClass("io.cognitogate.authorizer.TokenAuthorizerHandler");
      handler.getConstructor(Map.class).newInstance(env);
      return loader.loaded;
    }
  }

  @Test
  void handlerWhenRevocationTableUnsetThenLoadsNoAwsSdkClass() throws Exception {
    Set<String> loaded = classesLoadedBuilding(env());

    assertThat(loaded)
        .as("classes loaded")
        .contains("io.cognitogate.authorizer.TokenAuthorizerHandler");
    assertThat(loaded)
        .as("AWS SDK classes loaded with revocation off")
        .noneMatch(name -> name.startsWith("software.amazon.awssdk."))
        .noneMatch(name -> name.equals("io.cognitogate.revocation.DynamoDbRevocationStore"));
  }

  @Test
  void handlerWhenRevocationTableSetThenBuildsTheDynamoDbStoreOnTheAwsSdk() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    Map<String, String> env = env();
    env.put("REVOCATION_TABLE", "revocations");
    env.put("DYNAMODB_ENDPOINT", "http://127.0.0.1:" + closed);
    env.put("AWS_REGION", "us-east-1");
    env.put("REVOCATION_TIMEOUT_MS", "500");

    Set<String> loaded = classesLoadedBuilding(env);

    assertThat(loaded)
        .as("the same recording sees the SDK when revocation is on")
        .contains(
            "io.cognitogate.revocation.DynamoDbRevocationStore",
            "software.amazon.awssdk.services.dynamodb.DynamoDbClient",
            "software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient")
        .noneMatch(name -> name.startsWith("software.amazon.awssdk.http.apache"))
        .noneMatch(name -> name.startsWith("software.amazon.awssdk.http.nio"));
  }

  /**
   * Loads the test class path itself (parent: the platform loader) and remembers every class it
   * defined.
   */
  static final class RecordingLoader extends URLClassLoader {
    final Set<String> loaded = ConcurrentHashMap.newKeySet();

    RecordingLoader() throws MalformedURLException {
      super(classPath(), ClassLoader.getPlatformClassLoader());
    }

    private static URL[] classPath() throws MalformedURLException {
      // surefire runs tests from a manifest-only jar; it publishes the real class path here
      String path =
          System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      String[] entries = path.split(File.pathSeparator);
      URL[] urls = new URL[entries.length];
      for (int i = 0; i < entries.length; i++) {
        urls[i] = new File(entries[i]).toURI().toURL();
      }
      return urls;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      Class<?> found = super.findClass(name);
      loaded.add(name);
      return found;
    }
  }
}
