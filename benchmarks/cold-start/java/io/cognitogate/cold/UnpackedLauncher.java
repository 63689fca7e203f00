package io.cognitogate.cold;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;

/**
 * Runs {@link ColdStart} the way Lambda's Java runtime loads a handler: the deployment package unpacked into a
 * task directory, its classes loaded by a {@link URLClassLoader} over that directory (and any {@code lib/*.jar}),
 * not by the JVM's application class loader. Only this launcher is on the class path, in a jar of its own (the
 * application loader, asked first, must not find ColdStart).
 *   java -cp launcher.jar io.cognitogate.cold.UnpackedLauncher <taskDir> <ColdStart's arguments>
 */
public final class UnpackedLauncher {
  private UnpackedLauncher() {
  }

  public static void main(String[] args) throws Exception {
    File task = new File(args[0]);
    String[] names = new File(task, "lib").list();
    URL[] urls = {task.toURI().toURL()};
    if (names != null) {
      Arrays.sort(names); // the runtime adds them in lexical order
      for (String name : names) {
        if (name.endsWith(".jar")) {
          urls = Arrays.copyOf(urls, urls.length + 1);
          urls[urls.length - 1] = new File(task, "lib/" + name).toURI().toURL();
        }
      }
    }
    // the handler's loader is a child of the application loader, which here holds this launcher only
    ClassLoader handlerLoader = new URLClassLoader(urls, UnpackedLauncher.class.getClassLoader());
    handlerLoader.loadClass("io.cognitogate.cold.ColdStart").getMethod("main", String[].class)
        .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
  }
}
