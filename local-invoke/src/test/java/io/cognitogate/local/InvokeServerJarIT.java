package io.cognitogate.local;

import static io.cognitogate.local.InvokerTest.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.lambda.thirdparty.com.fasterxml.jackson.databind.JsonNode;
import com.amazonaws.lambda.thirdparty.com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar as the local stack runs it: {@code java -jar local-invoke.jar --service ... --port
 * 0}.
 */
class InvokeServerJarIT {

  @TempDir Path work;

  @Test
  void mainWhenStartedFromTheJarThenServesInvocationsWithTheServiceEnvironment() throws Exception {
    Path jar = FixtureJar.build(work);
    ObjectNode printed = JSON.createObjectNode().put("service", "svc");
    printed
        .putObject("provider")
        .put("region", "eu-west-1")
        .putObject("environment")
        .put("GREETING", "from-yml");
    printed
        .putObject("functions")
        .putObject("mock")
        .put("handler", "fixture.ProxyHandler")
        .putObject("package")
        .put("artifact", jar.toString());
    Path service = Files.writeString(work.resolve("service.json"), printed.toString());

    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                Path.of("target", "local-invoke.jar").toAbsolutePath().toString(),
                "--port",
                "0",
                "--service",
                service.toString(),
                "--stage",
                "local")
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      int port = -1;
      while (port < 0) {
        String line = out.readLine();
        if (line == null) {
          break;
        }
        JsonNode json = line.startsWith("{") ? JSON.readTree(line) : null;
        if (json != null && "listening".equals(json.path("event").asText())) {
          port = json.get("port").asInt();
        }
      }
      assertThat(port).isPositive();

      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/invoke"))
                      .POST(
                          HttpRequest.BodyPublishers.ofByteArray(
                              InvokerTest.envelope(
                                  "svc-local-mock",
                                  "fixture.ProxyHandler",
                                  jar,
                                  InvokerTest.proxyEvent("/mock"))))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());

      JsonNode payload = JSON.readTree(response.body()).get("__offline_payload__");
      assertThat(payload.get("body").asText()).contains("greeting=from-yml", "region=eu-west-1");
    } finally {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
