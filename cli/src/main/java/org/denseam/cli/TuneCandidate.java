package org.denseam.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.denseam.backend.TileSizes;

/**
 * One candidate of {@code dam tune}: values of a backend's tunables, as the system properties that
 * set them and as the tuning file's entries.
 *
 * @param label how the table names it
 * @param properties system property → value, passed to the child JVM that times it
 * @param entries tuning-file name → value, written if it wins
 * @param builtIn whether these are the built-in defaults (the untuned choice)
 */
record TuneCandidate(String label, Map<String, String> properties, Map<String, String> entries,
    boolean builtIn) {
  /**
   * The JVM backend's candidates ({@link TileSizes#candidates}): tileBytes ∈ {65536, 131072,
   * 262144} × maxTileRows ∈ {120, 240} (quick: tileBytes only, maxTileRows at its default). The
   * register blocks are generated code, not a candidate.
   *
   * @param quick whether to vary tileBytes only
   * @return the candidates, the built-in default among them
   */
  static List<TuneCandidate> jvm(boolean quick) {
    List<TuneCandidate> out = new ArrayList<>();
    for (TileSizes t : TileSizes.candidates(quick)) {
      Map<String, String> props = new LinkedHashMap<>();
      Map<String, String> entries = new LinkedHashMap<>();
      props.put("denseam.tileBytes", String.valueOf(t.tileBytes()));
      props.put("denseam.maxTileRows", String.valueOf(t.maxTileRows()));
      entries.put("tileBytes", String.valueOf(t.tileBytes()));
      if (!quick) {
        entries.put("maxTileRows", String.valueOf(t.maxTileRows()));
      }
      String label = "tileBytes=" + t.tileBytes() + (quick ? "" : " maxTileRows=" + t.maxTileRows());
      out.add(new TuneCandidate(label, props, entries, t.equals(TileSizes.DEFAULT)));
    }
    return out;
  }

  /**
   * The TornadoVM backend's candidates: shape ∈ {tiles, panels} × work-group ∈ {8x8, 16x16,
   * 32x8} where the device's largest work-group allows (quick: shape only, 16x16). SORF's
   * variants follow from the shape.
   *
   * @param quick whether to vary the shape only
   * @param builtInPanels whether the device's built-in shape is panels (CPU devices)
   * @param maxGroup the device's largest work-group; 0 or less if not reported
   * @return the candidates, the built-in default (its shape, 16x16) among them
   */
  static List<TuneCandidate> tornado(boolean quick, boolean builtInPanels, long maxGroup) {
    List<TuneCandidate> out = new ArrayList<>();
    for (String shape : new String[] {"tiles", "panels"}) {
      for (int[] wg : quick ? new int[][] {{16, 16}} : new int[][] {{8, 8}, {16, 16}, {32, 8}}) {
        if (maxGroup > 0 && (long) wg[0] * wg[1] > maxGroup) {
          continue;
        }
        String group = wg[0] + "x" + wg[1];
        Map<String, String> props = new LinkedHashMap<>();
        Map<String, String> entries = new LinkedHashMap<>();
        props.put("denseam.tornado.shape", shape);
        props.put("denseam.tornado.workgroup", group);
        entries.put("shape", shape);
        if (!quick) {
          entries.put("workgroup", group);
        }
        out.add(new TuneCandidate("shape=" + shape + (quick ? "" : " workgroup=" + group), props,
            entries, shape.equals(builtInPanels ? "panels" : "tiles") && group.equals("16x16")));
      }
    }
    return out;
  }
}
