package org.denseam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's help, subcommands included: picocli formats it without a warning (a bare
 * {@code %} in a description is a format specifier to picocli and prints {@code [picocli WARN]}
 * on stderr), and it is not empty.
 */
class HelpTextTest {
  @Test
  void everyCommandsHelpFormatsWithoutWarnings() {
    List<CommandLine> all = new ArrayList<>();
    collect(Main.commandLine(null), all);
    assertTrue(all.size() > 20, "commands found: " + all.size());
    PrintStream oldErr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> empty = new ArrayList<>();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      for (CommandLine c : all) {
        String usage = c.getUsageMessage(CommandLine.Help.Ansi.OFF);
        if (!usage.contains("Usage: ")) {
          empty.add(c.getCommandSpec().qualifiedName());
        }
      }
    } finally {
      System.setErr(oldErr);
    }
    assertEquals("", err.toString(StandardCharsets.UTF_8), "warnings while formatting help");
    assertTrue(empty.isEmpty(), "no usage line: " + empty);
  }

  private static void collect(CommandLine c, List<CommandLine> out) {
    out.add(c);
    for (CommandLine sub : c.getSubcommands().values()) {
      if (!out.contains(sub)) {
        collect(sub, out);
      }
    }
  }
}
