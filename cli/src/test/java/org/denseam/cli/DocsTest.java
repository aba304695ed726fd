package org.denseam.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.denseam.features.Projection;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The README and the format specification describe what the program does. */
class DocsTest {
  private static Path root() {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    return Files.exists(dir.resolve("README.md")) ? dir : dir.getParent();
  }

  private static String read(String file) throws IOException {
    return Files.readString(root().resolve(file));
  }

  @Test
  void readmeListsEveryCommandAndOption() throws IOException {
    String readme = read("README.md");
    for (String cmd : new String[] {"energy", "grad", "retrieve", "store", "demo", "devices",
        "sparse", "bench"}) {
      assertTrue(readme.contains("dam " + cmd), "README lacks 'dam " + cmd + "'");
    }
    CommandLine experiment = new CommandLine(new ExperimentCommand());
    for (String sub : experiment.getSubcommands().keySet()) {
      assertTrue(readme.matches("(?s).*dam experiment [a-z0-9|]*\\b" + sub + "\\b.*"),
          "README's command list lacks 'experiment " + sub + "'");
    }
    CommandLine demo = new CommandLine(new DemoCommand());
    String demoLine = readme.lines().filter(l -> l.startsWith("dam demo")).findFirst().orElse("");
    for (CommandLine.Model.OptionSpec o : demo.getCommandSpec().options()) {
      if (!o.usageHelp() && !o.versionHelp()) {
        assertTrue(demoLine.contains(o.longestName()), "README's demo line lacks "
            + o.longestName() + ": " + demoLine);
      }
    }
  }

  @Test
  void formatSpecificationListsEveryProjectionCode() throws IOException {
    String formats = read("docs/formats.md");
    for (Projection p : Projection.values()) {
      assertTrue(formats.matches("(?s).*\\| projection: [^\\n]*\\b" + p.code() + " .*"),
          "docs/formats.md lacks projection code " + p.code() + " (" + p + ")");
    }
  }
}
