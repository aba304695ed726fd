package org.denseam.cli;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.denseam.api.BackendInfo;
import org.denseam.api.DenseAM;

/**
 * A backend that {@code dam tune} tunes on this machine: its name, the key of its entries in the
 * tuning file, its candidates and the cells they are timed on.
 *
 * @param backend the backend's name
 * @param key the machine key ({@link org.denseam.backend.MachineKey})
 * @param candidates the candidates, the built-in default among them
 * @param cells the sizes timed ({@link TuneCell#JVM} for jvm, {@link TuneCell#ALL} for tornado)
 */
record TuneTarget(String backend, String key, List<TuneCandidate> candidates,
    List<TuneCell> cells) {
  private static final Pattern TUNING = Pattern.compile(
      "tuning key (\\S+), max work-group (-?\\d+), built-in (panels|tiles)");

  /**
   * The TornadoVM backend's target: the key, largest work-group and built-in shape of its
   * selected device, from its device list.
   *
   * @param quick whether to vary the shape only
   * @return the target
   * @throws IllegalArgumentException if the tornado backend is not available here
   */
  static TuneTarget tornado(boolean quick) {
    for (BackendInfo info : DenseAM.backends()) {
      if (!info.name().equals("tornado")) {
        continue;
      }
      if (!info.available()) {
        throw new IllegalArgumentException("--backend tornado: the tornado backend is not"
            + " available (" + Main.withAdvice(info.reason()) + ")");
      }
      for (String device : info.devices()) {
        Matcher m = TUNING.matcher(device);
        if (device.contains("(selected)") && m.find()) {
          return new TuneTarget("tornado", m.group(1), TuneCandidate.tornado(quick,
              m.group(3).equals("panels"), Long.parseLong(m.group(2))), TuneCell.ALL);
        }
      }
      throw new IllegalArgumentException("--backend tornado: no selected device found");
    }
    throw new IllegalArgumentException("--backend tornado: the tornado backend is not found");
  }
}
