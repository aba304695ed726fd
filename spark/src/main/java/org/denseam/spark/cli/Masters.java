package org.denseam.spark.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.denseam.cli.OutputPolicy;
import org.denseam.spark.SparkSupport;

/**
 * The {@code --master} of the {@code dam spark} commands: which forms are accepted, and how a
 * cluster's master is reached. Every failure is one line naming the master, within a bounded
 * time: a form Spark would refuse (or that this build cannot run, such as {@code yarn}) before
 * anything starts; a master nobody answers at within {@link #CONNECT_MS}; one that answers but
 * does not register the application within {@link #registerSeconds()} (Spark itself tries for 60
 * s).
 */
final class Masters {
  /** Most milliseconds to open a TCP connection to a master. */
  static final int CONNECT_MS = 3000;
  /** Default of {@link #registerSeconds()}. */
  static final int REGISTER_S = 15;
  /** System property that replaces {@link #REGISTER_S} (a slow cluster may need longer). */
  static final String REGISTER_PROPERTY = "denseam.spark.registerSeconds";

  private static final Pattern LOCAL =
      Pattern.compile("local(\\[(\\*|[0-9]+)(,([0-9]+))?\\])?");
  private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9a-fA-F:.]+\\]|[^:/\\[\\]]+):([0-9]+)");

  /** What --master accepts, for messages. */
  static final String ACCEPTED =
      "use local, local[N] (N >= 1 threads), local[*] or spark://HOST:PORT";

  private Masters() {}

  /**
   * Checks the form of a master URL.
   *
   * @param master the URL
   * @throws IllegalArgumentException naming the master and the accepted forms
   */
  static void check(String master) {
    Matcher m = LOCAL.matcher(master);
    if (m.matches()) {
      if (m.group(2) != null && !m.group(2).equals("*") && !positive(m.group(2))) {
        throw bad(master, "needs at least 1 thread");
      }
      if (m.group(4) != null && !positive(m.group(4))) {
        throw bad(master, "needs at least 1 task attempt");
      }
      return;
    }
    if (master.startsWith("spark://")) {
      endpoints(master);
      return;
    }
    if (master.startsWith("local")) {
      throw bad(master, "is not a local master");
    }
    throw bad(master, "is not supported");
  }

  private static boolean positive(String digits) {
    try {
      return Integer.parseInt(digits) >= 1;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static IllegalArgumentException bad(String master, String what) {
    return new IllegalArgumentException(
        "--master " + OutputPolicy.show(master) + " " + what + ": " + ACCEPTED);
  }

  /** The host:port pairs of {@code spark://h1:p1,h2:p2}. */
  static List<InetSocketAddress> endpoints(String master) {
    List<InetSocketAddress> out = new ArrayList<>();
    for (String hp : master.substring("spark://".length()).split(",", -1)) {
      Matcher m = HOST_PORT.matcher(hp);
      int port = m.matches() ? parsePort(m.group(2)) : -1;
      if (port < 1 || port > 65535) {
        throw bad(master, "is not a master URL (spark://HOST:PORT, a port in 1..65535)");
      }
      String host = m.group(1);
      if (host.startsWith("[")) {
        host = host.substring(1, host.length() - 1);
      }
      out.add(InetSocketAddress.createUnresolved(host, port));
    }
    return out;
  }

  private static int parsePort(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * Most seconds for a reachable master to accept the application: the system property {@value
   * #REGISTER_PROPERTY}, {@value #REGISTER_S} without it.
   *
   * @return the seconds, at least 1
   * @throws IllegalArgumentException naming the property if its value is not a whole number in
   *     1..3600
   */
  static int registerSeconds() {
    String v = System.getProperty(REGISTER_PROPERTY);
    if (v == null || v.isBlank()) {
      return REGISTER_S;
    }
    try {
      int s = Integer.parseInt(v.trim());
      if (s >= 1 && s <= 3600) {
        return s;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        REGISTER_PROPERTY + " must be whole seconds in 1..3600, not '" + OutputPolicy.show(v) + "'");
  }

  /**
   * Starts the Spark context (Spark SQL only when Parquet is read): for a cluster, after checking that one of its masters accepts a TCP
   * connection, and giving it {@link #registerSeconds()} seconds to accept the application.
   *
   * @param master the URL, checked by {@link #check}
   * @param conf the configuration
   * @return the context
   * @throws IllegalArgumentException naming the master if it cannot be reached or fails to start
   */
  static SparkContext start(String master, SparkConf conf) {
    if (!master.startsWith("spark://")) {
      try {
        return SparkSupport.context(conf);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("Spark did not start with --master "
            + OutputPolicy.show(master) + ": " + Errors.message(e), e);
      }
    }
    reach(master);
    int seconds = registerSeconds();
    FutureTask<SparkContext> task = new FutureTask<>(() -> SparkSupport.context(conf));
    Thread t = new Thread(task, "dam-spark-start");
    t.setDaemon(true);
    t.start();
    try {
      return task.get(seconds, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      // Spark gives up by itself after 60 s and stops the context; the process exits before.
      throw new IllegalArgumentException("the Spark master " + OutputPolicy.show(master)
          + " did not accept the application within " + seconds + " s: is it a Spark"
          + " standalone master (the URL its log prints), with a worker?");
    } catch (ExecutionException e) {
      throw new IllegalArgumentException("Spark did not start with --master "
          + OutputPolicy.show(master) + ": " + Errors.message(e.getCause()), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalArgumentException("interrupted while starting Spark on " + master, e);
    }
  }

  /** Fails unless one of the master's host:port pairs accepts a TCP connection. */
  static void reach(String master) {
    String why = null;
    for (InetSocketAddress a : endpoints(master)) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(a.getHostString(), a.getPort()), CONNECT_MS);
        return;
      } catch (java.net.UnknownHostException e) {
        why = "unknown host " + a.getHostString();
      } catch (java.net.SocketTimeoutException e) {
        why = "no answer within " + CONNECT_MS / 1000 + " s";
      } catch (java.net.ConnectException e) {
        why = "connection refused";
      } catch (IOException e) {
        why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      }
      if (why != null && why.contains("Connection refused")) {
        why = "connection refused";
      }
    }
    throw new IllegalArgumentException("cannot reach the Spark master "
        + OutputPolicy.show(master) + " (" + why + "): start it (scripts/spark-local-cluster"
        + " starts one on this machine) or use --master local[*]");
  }
}
