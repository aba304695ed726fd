package org.denseam.backend;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A tuning file: the tunables' values per machine, as {@code dam tune} wrote them (Java properties
 * format, one entry {@code MACHINE/NAME=VALUE} per tunable, where MACHINE is a {@link
 * MachineKey}).
 *
 * <p>The file is {@code -Ddenseam.tuning=FILE} if that property is set, else {@code $DAM_TUNING}
 * if set, else {@code ${XDG_CONFIG_HOME:-$HOME/.config}/denseam/tuning.properties}; the value
 * {@code none} means no file. A missing or unreadable file means the built-in defaults; a
 * malformed one (not in properties syntax, or an entry without a machine) is ignored as a whole
 * with one warning line on stderr naming it. A backend asks for a value with {@link #value}: an
 * explicit system property wins over the file's entry for this machine, which wins over the
 * built-in default.
 */
public final class Tuning {
  /** The system property naming the tuning file (or {@code none}). */
  public static final String PROPERTY = "denseam.tuning";
  /** The environment variable naming the tuning file (or {@code none}). */
  public static final String ENV = "DAM_TUNING";
  /** The tuning with no entries: every value is the property's or the built-in default. */
  public static final Tuning EMPTY = new Tuning(null, Map.of());

  private static volatile Tuning loaded;

  private final Path file;
  private final Map<String, String> entries;

  private Tuning(Path file, Map<String, String> entries) {
    this.file = file;
    this.entries = Map.copyOf(entries);
  }

  /**
   * The tuning of this JVM: the file {@link #location} names, read on the first call.
   *
   * @return the tuning ({@link #EMPTY} without a usable file)
   */
  public static Tuning loaded() {
    Tuning t = loaded;
    if (t == null) {
      synchronized (Tuning.class) {
        if (loaded == null) {
          Path f = location(System.getenv(), System.getProperties());
          loaded = f == null ? EMPTY : read(f);
        }
        t = loaded;
      }
    }
    return t;
  }

  /**
   * Where the tuning file is: {@code -Ddenseam.tuning}, else {@code $DAM_TUNING}, else {@code
   * ${XDG_CONFIG_HOME:-$HOME/.config}/denseam/tuning.properties}.
   *
   * @param env the environment
   * @param props the system properties
   * @return the file, or null for {@code none} or when no home directory is known
   */
  public static Path location(Map<String, String> env, Properties props) {
    String named = props.getProperty(PROPERTY);
    if (named == null || named.isBlank()) {
      named = env.get(ENV);
    }
    if (named != null && !named.isBlank()) {
      return named.trim().equals("none") ? null : Path.of(named.trim());
    }
    String config = env.get("XDG_CONFIG_HOME");
    if (config == null || config.isBlank()) {
      String home = env.getOrDefault("HOME", props.getProperty("user.home"));
      if (home == null || home.isBlank()) {
        return null;
      }
      config = Path.of(home, ".config").toString();
    }
    return Path.of(config, "denseam", "tuning.properties");
  }

  /**
   * Reads a tuning file. Never fails: a missing or unreadable file gives {@link #EMPTY}, a
   * malformed one {@link #EMPTY} and one warning line on stderr naming the file.
   *
   * @param file the file
   * @return its tuning
   */
  public static Tuning read(Path file) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      return EMPTY;
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    } catch (IOException e) {
      return EMPTY;
    } catch (IllegalArgumentException e) {
      return malformed(file, e.getMessage());
    }
    Map<String, String> map = new TreeMap<>();
    for (String k : p.stringPropertyNames()) {
      int slash = k.lastIndexOf('/');
      if (slash <= 0 || slash == k.length() - 1) {
        return malformed(file, "entry '" + k + "' is not MACHINE/NAME");
      }
      map.put(k, p.getProperty(k).trim());
    }
    return new Tuning(file, map);
  }

  private static Tuning malformed(Path file, String why) {
    System.err.println("denseam: warning: ignoring the malformed tuning file " + file + " ("
        + why + "); using the built-in defaults");
    return EMPTY;
  }

  /**
   * The file this tuning was read from.
   *
   * @return the file, or null for {@link #EMPTY}
   */
  public Path file() {
    return file;
  }

  /**
   * The entries, {@code MACHINE/NAME → VALUE}.
   *
   * @return an unmodifiable copy
   */
  public Map<String, String> entries() {
    return entries;
  }

  /**
   * The file's entry for a tunable on a machine.
   *
   * @param machine the machine's key ({@link MachineKey})
   * @param name the tunable's name in the file, e.g. {@code tileBytes}
   * @return its value, or null if the file has none
   */
  public String entry(String machine, String name) {
    return entries.get(machine + "/" + name);
  }

  /**
   * A tunable's value: the system property if set and valid, else this file's entry for the
   * machine if present and valid (an invalid entry prints one warning line naming the file), else
   * the default.
   *
   * @param machine the machine's key ({@link MachineKey})
   * @param name the tunable's name in the file
   * @param property the system property that overrides it
   * @param parse parses a value; throws IllegalArgumentException (or returns null) if invalid
   * @param fallback the built-in default
   * @param <T> the value's type
   * @return the value
   */
  public <T> T value(String machine, String name, String property, Function<String, T> parse,
      T fallback) {
    String explicit = System.getProperty(property);
    if (explicit != null && !explicit.isBlank()) {
      T v = parsed(explicit, parse);
      if (v != null) {
        return v;
      }
    }
    String fromFile = entry(machine, name);
    if (fromFile != null) {
      T v = parsed(fromFile, parse);
      if (v != null) {
        return v;
      }
      System.err.println("denseam: warning: ignoring the entry " + machine + "/" + name + "="
          + fromFile + " of the tuning file " + file + " (not a valid value)");
    }
    return fallback;
  }

  /**
   * An integer tunable ({@link #value} with {@link Integer#decode}).
   *
   * @param machine the machine's key
   * @param name the tunable's name in the file
   * @param property the system property that overrides it
   * @param fallback the built-in default
   * @return the value
   */
  public int intValue(String machine, String name, String property, int fallback) {
    return value(machine, name, property, Integer::decode, fallback);
  }

  private static <T> T parsed(String s, Function<String, T> parse) {
    try {
      return parse.apply(s.trim());
    } catch (RuntimeException e) {
      return null;
    }
  }
}
