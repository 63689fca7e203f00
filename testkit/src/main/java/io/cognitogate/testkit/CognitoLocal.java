package io.cognitogate.testkit;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminAddUserToGroupRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminCreateUserRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminCreateUserResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminSetUserPasswordRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CreateGroupRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CreateUserPoolClientRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CreateUserPoolRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SignUpRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolClientType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameAttributeType;

/**
 * A real cognito-local 5.3.0 emulator in a child process, for tests.
 *
 * <p>{@link #start()} finds the repository root (the nearest parent of the working directory whose
 * {@code package.json} sits next to {@code node_modules/cognito-local}), creates a fresh temporary
 * working directory (the emulator keeps its data in {@code ./.cognito} of its cwd, so every
 * instance starts empty), picks a free loopback port by binding port 0, and runs {@code node
 * node_modules/cognito-local/lib/bin/start.js} with {@code HOST=127.0.0.1}, {@code PORT=<port>} and
 * {@code CODE=123456} (every confirmation code and default temporary password). It returns once
 * {@code GET /health} answers. The emulator's own log goes to {@code <workdir>/cognito-local.log},
 * never to the test's stdout (it logs request bodies). {@link #close()} destroys the process tree
 * and deletes the working directory; a JVM shutdown hook does the same if a test run dies without
 * closing it.
 *
 * <p>Seeding goes over the wire with the AWS SDK, like the code under test:
 *
 * <pre>{@code
 * try (CognitoLocal cognito = CognitoLocal.start()) {
 *     CognitoLocal.Pool pool = cognito.createPool("test", CognitoLocal.SignIn.USERNAME);
 *     CognitoLocal.AppClient client = pool.createClient("api", true);   // id + secret
 *     pool.createConfirmedUser("alice", "Passw0rd!", Map.of("email", "alice@example.com"));
 *     pool.createGroup("admins"); pool.addUserToGroup("alice", "admins");
 *     String endpoint = cognito.endpoint();                        // http://127.0.0.1:<port>
 * }
 * }</pre>
 *
 * <p>The repository's patch of the emulator ({@code patches/}, applied by {@code npm ci}) adds
 * GlobalSignOut, ResendConfirmationCode and {@code origin_jti}; {@link #start()} refuses an
 * unpatched install. What the emulator does not do: check SECRET_HASH or client secrets,
 * AdminUserGlobalSignOut, AdminRespondToAuthChallenge, alias login on pools whose usernames are not
 * emails; it answers a wrong password with {@code InvalidPasswordException}, omits
 * ExpiresIn/TokenType, and a pool created without {@code UsernameAttributes} would inherit its
 * default {@code ["email"]}: {@link #start()} writes {@code .cognito/config.json} with {@code
 * UserPoolDefaults.UsernameAttributes = []} so pools get what {@link SignIn} says. Tokens are
 * signed by a key shipped in the npm package: test use only.
 */
public final class CognitoLocal implements AutoCloseable {

  /** Every code the emulator sends (confirmation, reset, default temporary password). */
  public static final String CODE = "123456";

  private static final String ENTRY_POINT = "node_modules/cognito-local/lib/bin/start.js";

  /** A file only the repository's patch of cognito-local adds. */
  private static final String PATCHED_TARGET =
      "node_modules/cognito-local/lib/targets/globalSignOut.js";

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final Path workDir;
  private final int port;
  private final Thread shutdownHook;
  private final CognitoIdentityProviderClient client;

  private CognitoLocal(Process process, Path workDir, int port) {
    this.process = process;
    this.workDir = workDir;
    this.port = port;
    this.shutdownHook = new Thread(this::stopProcess, "cognito-local-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    this.client =
        CognitoIdentityProviderClient.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .endpointOverride(URI.create(endpoint()))
            .region(Region.of("local"))
            // the emulator ignores signatures; static dummies keep the SDK from searching for real
            // ones
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
            .build();
  }

  /** Starts a fresh emulator (empty data) on a free loopback port and waits until it answers. */
  public static CognitoLocal start() {
    Path root = requirePatched(repositoryRoot(Path.of("").toAbsolutePath()));
    Path workDir;
    try {
      workDir = Files.createTempDirectory("cognito-local-");
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a working directory for cognito-local", e);
    }
    try {
      // the emulator's default pool config makes usernames emails; pools choose explicitly instead
      Files.createDirectories(workDir.resolve(".cognito"));
      Files.writeString(
          workDir.resolve(".cognito/config.json"),
          "{\"UserPoolDefaults\":{\"UsernameAttributes\":[]}}");
    } catch (IOException e) {
      deleteRecursively(workDir);
      throw new IllegalStateException("cannot write cognito-local's config.json", e);
    }
    int port = freePort();
    ProcessBuilder builder =
        new ProcessBuilder(node(), root.resolve(ENTRY_POINT).toString())
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(workDir.resolve("cognito-local.log").toFile());
    Map<String, String> env = builder.environment();
    env.put("HOST", "127.0.0.1");
    env.put("PORT", Integer.toString(port));
    env.put("CODE", CODE);
    env.remove("DEBUG");
    env.remove("COGNITO_LOCAL_DEVMODE");
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      deleteRecursively(workDir);
      throw new IllegalStateException("cannot run `node` (is Node.js 20+ on the PATH?)", e);
    }
    CognitoLocal instance = new CognitoLocal(process, workDir, port);
    try {
      instance.awaitHealthy();
    } catch (RuntimeException e) {
      instance.close();
      throw e;
    }
    return instance;
  }

  /**
   * Base URL of the emulator, e.g. {@code http://127.0.0.1:41234}: the Cognito endpoint override.
   */
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** The issuer the emulator writes into tokens of {@code poolId}. */
  public String issuer(String poolId) {
    return endpoint() + "/" + poolId;
  }

  /** JWKS URL for {@code poolId} (one fixed key for every pool). */
  public String jwksUrl(String poolId) {
    return issuer(poolId) + "/.well-known/jwks.json";
  }

  /** An SDK client pointed at the emulator (static dummy credentials), owned by this instance. */
  public CognitoIdentityProviderClient client() {
    return client;
  }

  /** The emulator's working directory (holds {@code .cognito/} and {@code cognito-local.log}). */
  public Path workDir() {
    return workDir;
  }

  /** How users sign in to a pool. */
  public enum SignIn {
    /** Usernames are free-form; the emulator does not implement email aliases on such pools. */
    USERNAME,
    /**
     * Usernames are emails: the Cognito username becomes the user's {@code sub}, login by email.
     */
    EMAIL
  }

  public Pool createPool(String name, SignIn signIn) {
    CreateUserPoolRequest.Builder request = CreateUserPoolRequest.builder().poolName(name);
    if (signIn == SignIn.EMAIL) {
      request.usernameAttributes(UsernameAttributeType.EMAIL);
    }
    String id = client.createUserPool(request.build()).userPool().id();
    return new Pool(id);
  }

  /** An app client: id and, if generated, secret. */
  public record AppClient(String clientId, String clientSecret) {
    @Override
    public String toString() {
      return "AppClient[clientId=" + clientId + ", clientSecret=<redacted>]";
    }
  }

  /** Seeding helpers for one pool. */
  public final class Pool {
    private final String id;

    private Pool(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }

    public String issuer() {
      return CognitoLocal.this.issuer(id);
    }

    /** Creates an app client allowing USER_PASSWORD_AUTH and refresh, optionally with a secret. */
    public AppClient createClient(String name, boolean generateSecret) {
      UserPoolClientType created =
          client
              .createUserPoolClient(
                  CreateUserPoolClientRequest.builder()
                      .userPoolId(id)
                      .clientName(name)
                      .generateSecret(generateSecret)
                      .explicitAuthFlows(
                          ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH,
                          ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH,
                          ExplicitAuthFlowsType.ALLOW_ADMIN_USER_PASSWORD_AUTH)
                      .build())
              .userPoolClient();
      return new AppClient(created.clientId(), created.clientSecret());
    }

    /**
     * A CONFIRMED user with a permanent password; returns the Cognito username (the sub on EMAIL
     * pools).
     */
    public String createConfirmedUser(
        String username, String password, Map<String, String> attributes) {
      String cognitoUsername = createForceChangePasswordUser(username, password, attributes);
      client.adminSetUserPassword(
          AdminSetUserPasswordRequest.builder()
              .userPoolId(id)
              .username(cognitoUsername)
              .password(password)
              .permanent(true)
              .build());
      return cognitoUsername;
    }

    /**
     * A user in FORCE_CHANGE_PASSWORD with the given temporary password; returns the Cognito
     * username.
     */
    public String createForceChangePasswordUser(
        String username, String temporaryPassword, Map<String, String> attributes) {
      AdminCreateUserResponse created =
          client.adminCreateUser(
              AdminCreateUserRequest.builder()
                  .userPoolId(id)
                  .username(username)
                  .temporaryPassword(temporaryPassword)
                  .messageAction(MessageActionType.SUPPRESS)
                  .userAttributes(attributes(attributes))
                  .build());
      return created.user().username();
    }

    /**
     * An UNCONFIRMED user (SignUp through {@code clientId}, never confirmed); returns the user's
     * sub.
     */
    public String createUnconfirmedUser(
        AppClient appClient, String username, String password, Map<String, String> attributes) {
      SignUpRequest.Builder request =
          SignUpRequest.builder()
              .clientId(appClient.clientId())
              .username(username)
              .password(password)
              .userAttributes(attributes(attributes));
      if (appClient.clientSecret() != null) {
        request.secretHash(secretHash(appClient, username));
      }
      return client.signUp(request.build()).userSub();
    }

    /**
     * Groups are implemented by the emulator (CreateGroup, AdminAddUserToGroup); they land in
     * cognito:groups.
     */
    public void createGroup(String groupName) {
      client.createGroup(CreateGroupRequest.builder().userPoolId(id).groupName(groupName).build());
    }

    public void addUserToGroup(String username, String groupName) {
      client.adminAddUserToGroup(
          AdminAddUserToGroupRequest.builder()
              .userPoolId(id)
              .username(username)
              .groupName(groupName)
              .build());
    }
  }

  /** SECRET_HASH as Cognito defines it, for seeding calls such as SignUp. */
  private static String secretHash(AppClient appClient, String username) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(
          new javax.crypto.spec.SecretKeySpec(
              appClient.clientSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest =
          mac.doFinal((username + appClient.clientId()).getBytes(StandardCharsets.UTF_8));
      return java.util.Base64.getEncoder().encodeToString(digest);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static List<AttributeType> attributes(Map<String, String> attributes) {
    List<AttributeType> list = new ArrayList<>();
    attributes.forEach(
        (name, value) -> list.add(AttributeType.builder().name(name).value(value).build()));
    return list;
  }

  @Override
  public void close() {
    client.close();
    stopProcess();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook is running or has run: nothing left to unregister
    }
  }

  private void stopProcess() {
    // children first: the emulator could fork helpers (none today), and node ignores nothing we
    // send
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroy();
    try {
      if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    deleteRecursively(workDir);
  }

  private void awaitHealthy() {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    URI health = URI.create(endpoint() + "/health");
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "cognito-local exited with code "
                + process.exitValue()
                + " before answering; see "
                + workDir.resolve("cognito-local.log")
                + ":\n"
                + logTail());
      }
      try {
        HttpURLConnection connection = (HttpURLConnection) health.toURL().openConnection();
        connection.setConnectTimeout(500);
        connection.setReadTimeout(1000);
        int status = connection.getResponseCode();
        connection.disconnect();
        if (status == 200) {
          return;
        }
      } catch (IOException notYetListening) {
        // keep polling until the deadline
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for cognito-local", e);
      }
    }
    throw new IllegalStateException(
        "cognito-local did not answer GET /health within " + STARTUP_TIMEOUT + ":\n" + logTail());
  }

  private String logTail() {
    try {
      List<String> lines =
          Files.readAllLines(workDir.resolve("cognito-local.log"), StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  /**
   * Walks up from {@code start} to the directory holding package.json and
   * node_modules/cognito-local.
   */
  static Path repositoryRoot(Path start) {
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("package.json"))) {
        if (Files.isRegularFile(dir.resolve(ENTRY_POINT))) {
          return dir;
        }
        if (Files.isDirectory(dir.resolve(".git"))
            || Files.isDirectory(dir.resolve("node_modules"))) {
          throw new IllegalStateException(missingEmulator(dir));
        }
      }
    }
    throw new IllegalStateException(
        "no package.json with node_modules/cognito-local above "
            + start
            + ": run `npm ci` in the repository root (it installs cognito-local 5.3.0)");
  }

  /**
   * The tests expect Cognito's GlobalSignOut and ResendConfirmationCode, which only the patched
   * emulator has.
   */
  static Path requirePatched(Path root) {
    if (!Files.isRegularFile(root.resolve(PATCHED_TARGET))) {
      throw new IllegalStateException(
          "node_modules/cognito-local in "
              + root
              + " lacks the repository's patch"
              + " (patches/): run `npm ci` there, which applies it (an install with --ignore-scripts does not)");
    }
    return root;
  }

  private static String missingEmulator(Path dir) {
    return dir.resolve(ENTRY_POINT)
        + " is missing: run `npm ci` in "
        + dir
        + " (package.json pins cognito-local 5.3.0)";
  }

  private static String node() {
    String explicit = System.getenv("NODE");
    return explicit == null || explicit.isBlank() ? "node" : explicit;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free loopback port", e);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException ignored) {
      // a leftover temp directory is harmless
    }
  }
}
