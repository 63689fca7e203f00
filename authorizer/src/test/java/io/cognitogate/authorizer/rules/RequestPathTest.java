package io.cognitogate.authorizer.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.cognitogate.authorizer.policy.MethodArn;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestPathTest {

  static RequestPath of(String path) {
    return RequestPath.of(
        MethodArn.parse("arn:aws:execute-api:us-east-1:123456789012:api/prod/GET" + path));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/mock/admin                | /mock/admin                           | false",
        "/Mock/Admin/               | /mock/admin                           | false",
        "/                          | /                                     | false",
        "/mock/%61dmin              | /mock/%61dmin, /mock/admin            | false",
        "/files/my%20doc            | /files/my%20doc, /files/my doc        | false",
        "/mock/admin;jsessionid=1   | /mock/admin;jsessionid=1, /mock/admin | false",
        "/mock//admin               | /mock//admin, /mock/admin             | true",
        "/a/./b/../../mock/admin    | /a/./b/../../mock/admin, /mock/admin  | true",
        "/../../mock/admin          | /../../mock/admin, /mock/admin        | true",
        "/mock\\admin               | /mock\\admin, /mock/admin             | true",
        "/mock%2Fadmin              | /mock%2fadmin, /mock/admin            | true",
        "/files/%252F               | /files/%252f, /files/%2f              | true",
        "/files/a%00b               | /files/a%00b                          | true",
        "/files/%zz                 | /files/%zz                            | true",
        "/files/%E2%82              | /files/%e2%82                         | true"
      })
  void ofWhenPathThenReadsItEveryWayABackendMightAndFlagsAmbiguity(
      String path, String readings, boolean ambiguous) {
    RequestPath request = of(path);

    // readings are lower case, without a trailing '/'
    assertThat(request.readings())
        .containsAll(Arrays.stream(readings.split(",")).map(String::trim).toList());
    assertThat(request.ambiguous()).isEqualTo(ambiguous);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/a%41b          | /aAb",
        "/%E2%82%AC      | /\u20ac",
        "/a%2fb          | /a/b",
        "/100%25         | /100%",
        "/no-escape      | /no-escape"
      })
  void decodeOnceWhenValidThenDecodesEachEscapeOnceAsUtf8(String path, String decoded) {
    assertThat(RequestPath.decodeOnce(path)).isEqualTo(decoded);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/a%", "/a%4", "/a%zz", "/a%C3%28", "/a%FF", "/a%ED%A0%80"})
  void decodeOnceWhenMalformedThenRefusesInsteadOfGuessing(String path) {
    assertThat(RequestPath.decodeOnce(path)).isNull();
  }
}
