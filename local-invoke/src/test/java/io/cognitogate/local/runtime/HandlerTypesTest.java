package io.cognitogate.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HandlerTypesTest {

  static final class Direct implements RequestHandler<String, Integer> {
    @Override
    public Integer handleRequest(String input, Context context) {
      return 0;
    }
  }

  abstract static class Base<I, O> implements RequestHandler<I, O> {}

  abstract static class Middle<X> extends Base<Map<String, Object>, X> {}

  static final class Deep extends Middle<Long> {
    @Override
    public Long handleRequest(Map<String, Object> input, Context context) {
      return 0L;
    }
  }

  interface Marker extends RequestHandler<Double, String> {}

  static final class ThroughInterface implements Runnable, Marker {
    @Override
    public void run() {}

    @Override
    public String handleRequest(Double input, Context context) {
      return "";
    }
  }

  @Test
  void ofWhenImplementedDirectlyThenConcreteTypes() {
    assertThat(HandlerTypes.of(Direct.class)).containsExactly(String.class, Integer.class);
  }

  @Test
  void ofWhenBoundThroughGenericSuperclassesThenResolvedTypes() {
    Type[] types = HandlerTypes.of(Deep.class);

    assertThat(types[0]).isInstanceOf(ParameterizedType.class);
    assertThat(((ParameterizedType) types[0]).getRawType()).isEqualTo(Map.class);
    assertThat(types[1]).isEqualTo(Long.class);
  }

  @Test
  void ofWhenThroughAnInterfaceThenResolvedTypes() {
    assertThat(HandlerTypes.of(ThroughInterface.class)).containsExactly(Double.class, String.class);
  }

  @Test
  void ofWhenNotAHandlerThenNull() {
    assertThat(HandlerTypes.of(String.class)).isNull();
  }

  @Test
  void isRuntimeApiWhenCoreClassThenSharedOtherwiseTheJars() {
    assertThat(RuntimeApiClassLoader.isRuntimeApi("com.amazonaws.services.lambda.runtime.Context"))
        .isTrue();
    assertThat(
            RuntimeApiClassLoader.isRuntimeApi(
                "com.amazonaws.services.lambda.runtime.logging.LogLevel"))
        .isTrue();
    assertThat(
            RuntimeApiClassLoader.isRuntimeApi(
                "com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent"))
        .isFalse();
    assertThat(
            RuntimeApiClassLoader.isRuntimeApi(
                "com.amazonaws.services.lambda.runtime.serialization.PojoSerializer"))
        .isFalse();
    assertThat(RuntimeApiClassLoader.isRuntimeApi("io.cognitogate.mock.MockHandler")).isFalse();
  }
}
