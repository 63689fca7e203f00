package io.cognitogate.local.runtime;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.HashMap;
import java.util.Map;

/**
 * The concrete {@code I} and {@code O} of a class implementing {@code RequestHandler<I, O>},
 * through any hierarchy.
 */
final class HandlerTypes {

  private HandlerTypes() {}

  /** {input, output}, or null when the class does not implement RequestHandler. */
  static Type[] of(Class<?> handlerClass) {
    return find(handlerClass, Map.of());
  }

  private static Type[] find(Type type, Map<TypeVariable<?>, Type> bindings) {
    Class<?> raw;
    Map<TypeVariable<?>, Type> scope = bindings;
    if (type instanceof ParameterizedType parameterized) {
      raw = (Class<?>) parameterized.getRawType();
      scope = new HashMap<>(bindings);
      TypeVariable<?>[] variables = raw.getTypeParameters();
      Type[] arguments = parameterized.getActualTypeArguments();
      for (int i = 0; i < variables.length; i++) {
        scope.put(variables[i], resolve(arguments[i], bindings));
      }
      if (raw == RequestHandler.class) {
        return new Type[] {scope.get(variables[0]), scope.get(variables[1])};
      }
    } else if (type instanceof Class<?> plain) {
      raw = plain;
    } else {
      return null;
    }
    for (Type parent : raw.getGenericInterfaces()) {
      Type[] found = find(parent, scope);
      if (found != null) {
        return found;
      }
    }
    Type superclass = raw.getGenericSuperclass();
    return superclass == null ? null : find(superclass, scope);
  }

  private static Type resolve(Type type, Map<TypeVariable<?>, Type> bindings) {
    if (type instanceof TypeVariable<?> variable) {
      Type bound = bindings.get(variable);
      if (bound != null) {
        return bound;
      }
      Type[] bounds = variable.getBounds();
      return bounds.length > 0 ? bounds[0] : Object.class;
    }
    if (type instanceof GenericArrayType) {
      return Object.class;
    }
    return type;
  }
}
