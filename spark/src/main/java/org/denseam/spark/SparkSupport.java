package org.denseam.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext$;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.denseam.api.Engine;

/**
 * Builds Spark contexts and sessions for DenseAM: loopback networking for {@code local[N]} and clusters on
 * 127.0.0.1, the executors' JVM flags ({@code --add-modules jdk.incubator.vector} for the
 * {@code jvm} backend and the {@code --add-opens} Spark needs on JDK 17+), and, for a cluster,
 * the DenseAM jars shipped to the executors through {@code spark.jars}.
 */
public final class SparkSupport {
  /** The log4j2 configuration of the {@code dam spark} commands (warnings only, on stderr). */
  public static final String LOG_CONFIG = "org/denseam/spark/log4j2-dam.properties";

  static {
    // Before Spark's first log line (SparkConf logs), unless the application configured logging.
    if (System.getProperty("log4j2.configurationFile") == null) {
      System.setProperty("log4j2.configurationFile", LOG_CONFIG);
    }
  }

  private SparkSupport() {}

  /**
   * The JVM flags that executors (and the driver) need, from {@code jvm.options}.
   *
   * @return the flags, one per entry
   */
  public static List<String> jvmFlags() {
    try (InputStream in = SparkSupport.class.getResourceAsStream("jvm.options")) {
      List<String> out = new ArrayList<>();
      for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!l.isBlank() && !l.startsWith("#")) {
          out.add(l.trim());
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Whether a master URL keeps everything on this machine's loopback interface.
   *
   * @param master {@code local}, {@code local[N]}, {@code spark://host:port}, ...
   * @return true for local masters and standalone masters on 127.0.0.0/8 or localhost
   */
  public static boolean loopback(String master) {
    String m = master.toLowerCase(Locale.ROOT);
    if (m.startsWith("local")) {
      return true;
    }
    return m.startsWith("spark://127.") || m.startsWith("spark://localhost:")
        || m.equals("spark://localhost");
  }

  /**
   * A Spark configuration for DenseAM jobs.
   *
   * @param master the master URL
   * @param progress whether to draw Spark's console progress bar on stderr
   * @return the configuration: loopback driver addresses for loopback masters, no web UI,
   *     executor JVM flags, and for non-local masters the DenseAM jars in {@code spark.jars}
   */
  public static SparkConf conf(String master, boolean progress) {
    SparkConf c = new SparkConf(false)
        .setMaster(master)
        .setAppName("dam spark")
        .set("spark.ui.enabled", "false")
        .set("spark.ui.showConsoleProgress", Boolean.toString(progress))
        .set("spark.executor.extraJavaOptions", String.join(" ", jvmFlags()));
    if (loopback(master)) {
      c.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
    }
    if (!master.startsWith("local")) {
      c.set("spark.jars", String.join(",", applicationJars()));
    }
    return c;
  }

  /**
   * Starts a Spark session, or returns the running one if it has the same master (one with
   * another master is stopped first: a JVM runs one Spark context at a time). A running context
   * without a session (from {@link #context}) is reused the same way.
   *
   * @param conf the configuration, from {@link #conf}
   * @return the session
   */
  public static SparkSession session(SparkConf conf) {
    // A running session's context is the active one: stopping that stops the session.
    stopIfOtherMaster(conf);
    return SparkSession.builder().config(conf).getOrCreate();
  }

  /**
   * Starts a Spark context without Spark SQL, or returns the running one if it has the same
   * master (one with another master is stopped first). What reads only NPY shards and works on
   * RDDs needs nothing more; a session for Parquet can be made later on the same context ({@link
   * #session}). Spark SQL's classes are not loaded: starting takes about a second less.
   *
   * @param conf the configuration, from {@link #conf}
   * @return the context
   */
  public static SparkContext context(SparkConf conf) {
    stopIfOtherMaster(conf);
    return SparkContext.getOrCreate(conf);
  }

  /** Stops the running Spark context (and so its session, if any) if its master is another. */
  private static void stopIfOtherMaster(SparkConf conf) {
    scala.Option<SparkContext> active = SparkContext$.MODULE$.getActive();
    if (active.isDefined() && !active.get().master().equals(conf.get("spark.master"))) {
      active.get().stop();
    }
  }

  /**
   * The jars of the DenseAM classes executors need (core and this module), packed from class
   * directories into temporary jars when running from a build tree.
   *
   * @return jar paths
   */
  public static List<String> applicationJars() {
    Set<String> out = new LinkedHashSet<>();
    for (Class<?> c : new Class<?>[] {Engine.class, SparkDam.class}) {
      try {
        Path p = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        out.add(Files.isDirectory(p) ? jarOf(p).toString() : p.toString());
      } catch (URISyntaxException | IOException e) {
        throw new IllegalStateException("cannot locate the jar of " + c.getName(), e);
      }
    }
    return new ArrayList<>(out);
  }

  private static Path jarOf(Path dir) throws IOException {
    Path jar = Files.createTempFile("denseam-classes-", ".jar");
    jar.toFile().deleteOnExit();
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
          String name = dir.relativize(f).toString().replace('\\', '/');
          out.putNextEntry(new JarEntry(name));
          try (OutputStream o = new NonClosing(out)) {
            Files.copy(f, o);
          }
          out.closeEntry();
          return FileVisitResult.CONTINUE;
        }
      });
    }
    return jar;
  }

  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream o) {
      super(o);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
