package org.denseam.cli;

import java.util.concurrent.Callable;
import org.denseam.api.BackendInfo;
import org.denseam.api.DenseAM;
import picocli.CommandLine.Command;

/** {@code dam devices}: the backends found here and their devices. */
@Command(name = "devices", mixinStandardHelpOptions = true,
    description = "List the backends found at run time, their devices, and why any is unavailable.")
final class DevicesCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    for (BackendInfo b : DenseAM.backends()) {
      if (b.available()) {
        System.out.println(b.name());
        for (String d : b.devices()) {
          System.out.println("  " + d);
        }
      } else {
        System.out.println(b.name() + " (unavailable: " + Main.withAdvice(b.reason()) + ")");
      }
    }
    return 0;
  }
}
