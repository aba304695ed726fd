package org.denseam.backend.tornado;

import java.nio.file.Path;
import java.util.Locale;
import org.denseam.backend.MachineKey;
import org.denseam.backend.Tuning;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.TornadoDeviceType;

/**
 * How the kernels are laid out on a device: the layouts family ({@code panels}: the CPU layouts —
 * Gaussian products in Ω panels where they fit, SORF lane kernels, exact LSE panels; else the GPU
 * layouts — local-memory tiles, fused SORF transforms, flash LSE), the work-group sizes (LX × LY)
 * of the tiles, and the device's limits, against which each call's Gaussian products are checked
 * ({@link #panelsFor}). (The panels size their work-groups by D: {@link
 * ProjectionKernels#panelGroup}.) The loop kernels keep TornadoVM's own work-group sizes, and the
 * element-wise kernels groups of {@link GraphBuild#ELEMENTS} × 1.
 *
 * <p>Chosen when the backend is created ({@link #forDevice}): CPU devices get the panels, GPUs and
 * other accelerators the tiles; the device's limits (largest work-group, local memory) are read
 * once. Then, per call, the Gaussian products of dimension D run as panels when the panel kernels
 * fit the device at that D — {@link ProjectionKernels#panelGroup}(D) work-items and {@link
 * #PANEL_LOCAL_BYTES} of local memory, D ≤ {@link ProjectionKernels#PANEL_D} — and as tiles
 * otherwise ({@link #panelMisfit} says why). {@link #describe} states the choice.
 *
 * <p>System properties override each part: {@code denseam.tornado.shape=tiles|panels} and {@code
 * denseam.tornado.workgroup=LXxLY} (each 1 to 32); without them, the tuning file's entries {@code
 * shape} and {@code workgroup} for the device ({@link #machineKey}, {@link Tuning}) do. A forced {@code panels} keeps the device's
 * limits: a D whose panels do not fit runs the tiles, as {@link #describe} says.
 *
 * @param panels true for the CPU layouts (panels where they fit), false for the GPU layouts
 * @param lx work-group width LX of the tiles
 * @param ly work-group height LY of the tiles
 * @param limits the device's limits
 */
public record TornadoShape(boolean panels, int lx, int ly, Limits limits) {
  /** The GPU default: tiles of 64 × 64 outputs, work-groups of 16 × 16; limits not known. */
  public static final TornadoShape GPU = new TornadoShape(false, 16, 16);
  /**
   * The CPU default: Ω panels of {@link ProjectionKernels#PW} projections (tiles of 16 × 16 where
   * the panels do not fit); limits not known.
   */
  public static final TornadoShape CPU = new TornadoShape(true, 16, 16);
  /**
   * Local memory, in bytes, that each panel kernel may need: the larger of the two local arrays
   * they declare, the forward product's Ω panel ({@link ProjectionKernels#PANEL} floats) and the
   * transpose product's ({@link ProjectionKernels#BACK_PANEL} floats, 512 KiB). The same for every
   * D: an OpenCL local array has a compile-time size, so both are sized for {@link
   * ProjectionKernels#PANEL_D}.
   */
  public static final long PANEL_LOCAL_BYTES =
      (long) Float.BYTES * Math.max(ProjectionKernels.PANEL, ProjectionKernels.BACK_PANEL);

  /**
   * The limits of a device that decide the shape of a call.
   *
   * @param maxGroup the most work-items in a 1-D work-group; 0 or less if not reported (no limit)
   * @param localBytes the local memory of a work-group, in bytes; 0 or less if not reported (no
   *     limit)
   */
  public record Limits(long maxGroup, long localBytes) {
    /** Limits not known: nothing is ruled out. */
    public static final Limits UNKNOWN = new Limits(0, 0);

    /**
     * A device's limits as TornadoVM reports them: the first of its largest work-group dimensions
     * and its local memory size.
     *
     * @param device the device
     * @return its limits
     */
    public static Limits of(TornadoDevice device) {
      long[] dims = device.getDeviceMaxWorkgroupDimensions();
      return new Limits(dims == null || dims.length == 0 ? 0 : dims[0],
          device.getDeviceLocalMemorySize());
    }
  }

  /**
   * Validates the sizes.
   *
   * @throws IllegalArgumentException if LX or LY is outside 1..32, or limits is null
   */
  public TornadoShape {
    if (lx < 1 || lx > 32 || ly < 1 || ly > 32) {
      throw new IllegalArgumentException(
          "TornadoVM work-group sizes must be LX, LY in 1..32; got " + lx + "x" + ly);
    }
    if (limits == null) {
      throw new IllegalArgumentException("limits must not be null (Limits.UNKNOWN: not known)");
    }
  }

  /**
   * A shape whose device limits are not known ({@link Limits#UNKNOWN}).
   *
   * @param panels true for the CPU layouts, false for the GPU layouts
   * @param lx work-group width LX of the tiles
   * @param ly work-group height LY of the tiles
   * @throws IllegalArgumentException if LX or LY is outside 1..32
   */
  public TornadoShape(boolean panels, int lx, int ly) {
    this(panels, lx, ly, Limits.UNKNOWN);
  }

  /**
   * The default shape for a device, with its limits and the overrides applied: the system
   * properties', else this JVM's tuning file's entries for the device ({@link Tuning#loaded}).
   *
   * @param device the device
   * @return its shape
   * @throws IllegalArgumentException naming the property whose value is malformed
   */
  public static TornadoShape forDevice(TornadoDevice device) {
    return forDevice(device, Tuning.loaded());
  }

  /**
   * The default shape for a device, with its limits, the system properties' overrides and, for
   * the parts they leave, the given tuning's entries for the device applied.
   *
   * @param device the device
   * @param tuning the tuning ({@link Tuning#EMPTY}: none)
   * @return its shape
   * @throws IllegalArgumentException naming the property whose value is malformed
   */
  public static TornadoShape forDevice(TornadoDevice device, Tuning tuning) {
    TornadoShape base = device.getDeviceType() == TornadoDeviceType.CPU ? CPU : GPU;
    String key = machineKey(device);
    return base.on(Limits.of(device))
        .withOverrides(setting(tuning, key, "shape"), setting(tuning, key, "workgroup"));
  }

  /**
   * The key of a device's entries in the tuning file ({@link MachineKey#tornado}): its physical
   * device's name, its platform and OpenCL C version, TornadoVM's version (from its API jar's
   * name) and the JDK's.
   *
   * @param device the device
   * @return the key
   */
  public static String machineKey(TornadoDevice device) {
    String name;
    try {
      name = device.getPhysicalDevice().getDeviceName();
    } catch (RuntimeException e) {
      name = device.getDescription();
    }
    return MachineKey.tornado(name, device.getPlatformName() + " "
        + device.getDeviceOpenCLCVersion(), tornadoVersion());
  }

  /** TornadoVM's version: the API jar's manifest, else its file name, else "unknown". */
  static String tornadoVersion() {
    String v = TornadoDevice.class.getPackage().getImplementationVersion();
    if (v != null) {
      return v;
    }
    try {
      String jar = Path.of(TornadoDevice.class.getProtectionDomain().getCodeSource().getLocation()
          .toURI()).getFileName().toString();
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("tornado-api-(.+)\\.jar").matcher(jar);
      return m.matches() ? m.group(1) : "unknown";
    } catch (RuntimeException | java.net.URISyntaxException e) {
      return "unknown";
    }
  }

  /**
   * A setting: the system property {@code denseam.tornado.NAME} if set, else the tuning file's
   * entry for the device, else null (the device's default). A malformed entry in the file is
   * ignored with a warning (a malformed property fails, as {@link #withOverrides} says).
   */
  private static String setting(Tuning tuning, String key, String name) {
    String property = System.getProperty("denseam.tornado." + name);
    if (property != null && !property.isBlank()) {
      return property;
    }
    return tuning.value(key, name, "denseam.tornado." + name, v -> {
      CPU.withOverrides(name.equals("shape") ? v : null, name.equals("shape") ? null : v);
      return v;
    }, null);
  }

  /**
   * This shape on a device with the given limits.
   *
   * @param limits the device's limits
   * @return the shape
   */
  public TornadoShape on(Limits limits) {
    return new TornadoShape(panels, lx, ly, limits);
  }

  /**
   * This shape with parts replaced by settings in the system properties' syntax (null keeps a
   * part). The limits are kept.
   *
   * @param shape "tiles" or "panels", or null
   * @param workgroup "LXxLY", or null
   * @return the shape
   * @throws IllegalArgumentException naming the property whose value is malformed
   */
  public TornadoShape withOverrides(String shape, String workgroup) {
    boolean p = panels;
    int x = lx, y = ly;
    if (shape != null && !shape.isBlank()) {
      switch (shape.trim().toLowerCase(Locale.ROOT)) {
        case "tiles" -> p = false;
        case "panels" -> p = true;
        default -> throw new IllegalArgumentException(
            "denseam.tornado.shape must be tiles or panels, not '" + shape + "'");
      }
    }
    if (workgroup != null && !workgroup.isBlank()) {
      String[] parts = workgroup.trim().toLowerCase(Locale.ROOT).split("x");
      try {
        x = Integer.parseInt(parts[0]);
        y = parts.length > 1 ? Integer.parseInt(parts[1]) : x;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "denseam.tornado.workgroup must be LXxLY (e.g. 16x16), not '" + workgroup + "'");
      }
    }
    return new TornadoShape(p, x, y, limits);
  }

  /**
   * Why the panel kernels cannot run the Gaussian products of dimension D on this device, or null
   * if they can: D ≤ {@link ProjectionKernels#PANEL_D}, work-groups of {@link
   * ProjectionKernels#panelGroup}(D) work-items within the device's largest, and {@link
   * #PANEL_LOCAL_BYTES} within its local memory (a limit not reported rules nothing out).
   *
   * @param d dimension D, 1 or more
   * @return the reason, or null
   */
  public String panelMisfit(int d) {
    if (d > ProjectionKernels.PANEL_D) {
      return "D > " + ProjectionKernels.PANEL_D + ", the largest panel";
    }
    if (limits.localBytes() > 0 && PANEL_LOCAL_BYTES > limits.localBytes()) {
      return "panels need " + kib(PANEL_LOCAL_BYTES) + " of local memory, the device has "
          + kib(limits.localBytes());
    }
    int group = ProjectionKernels.panelGroup(d);
    if (limits.maxGroup() > 0 && group > limits.maxGroup()) {
      return "work-groups of " + group + " work-items exceed the device's " + limits.maxGroup();
    }
    return null;
  }

  /**
   * Whether the Gaussian products of dimension D use Ω panels: in the panels shape, where the
   * panel kernels fit the device ({@link #panelMisfit} is null); tiles otherwise.
   *
   * @param d dimension D, 1 or more
   * @return true for panels
   */
  public boolean panelsFor(int d) {
    return panels && panelMisfit(d) == null;
  }

  /**
   * The largest D whose Gaussian products use panels on this device, 0 if none: the panels fit
   * every D up to it and none above ({@link ProjectionKernels#panelGroup} grows with D, the local
   * memory needed does not).
   *
   * @return the largest D of the panels, or 0
   */
  public int panelMaxD() {
    if (!panels || panelMisfit(1) != null) {
      return 0;
    }
    int d = ProjectionKernels.PANEL_D;
    if (limits.maxGroup() > 0) {
      d = (int) Math.min(d, limits.maxGroup() / ProjectionKernels.PW * 4);
    }
    return d;
  }

  /**
   * The choice in words: which shape the Gaussian products get for which D on this device, and
   * why, e.g. {@code Gaussian products in panels of 16 for D ≤ 1024 (need 512 KiB of local memory,
   * the device has 512 KiB; 16·⌈D/4⌉ ≤ 4096 work-items, the device allows 4096), tiles 16x16 above
   * (D > 1024, the largest panel); CPU layouts for SORF and exact LSE}.
   *
   * @return the description
   */
  public String describe() {
    String tiles = "tiles " + lx + "x" + ly;
    if (!panels) {
      return "Gaussian products in " + tiles + " (" + 4 * ly + " inputs x " + 4 * lx
          + " outputs per work-group); GPU layouts for SORF and exact LSE";
    }
    String cpu = "; CPU layouts for SORF and exact LSE";
    int max = panelMaxD();
    if (max == 0) {
      return "Gaussian products in " + tiles + " for every D (" + panelMisfit(1) + ")" + cpu;
    }
    String none = ", the device reports no limit";
    String local = limits.localBytes() > 0 ? ", the device has " + kib(limits.localBytes()) : none;
    String group = limits.maxGroup() > 0 ? ", the device allows " + limits.maxGroup() : none;
    return "Gaussian products in panels of " + ProjectionKernels.PW + " for D ≤ " + max + " (need "
        + kib(PANEL_LOCAL_BYTES) + " of local memory" + local + "; " + ProjectionKernels.PW
        + "·⌈D/4⌉ ≤ " + ProjectionKernels.panelGroup(max) + " work-items" + group + "), " + tiles
        + " above (" + panelMisfit(max + 1) + ")" + cpu;
  }

  /** Bytes in KiB, e.g. "512 KiB" (or bytes where not a whole number of KiB). */
  private static String kib(long bytes) {
    return bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " bytes";
  }

  @Override
  public String toString() {
    return panels ? "panels of " + ProjectionKernels.PW + " (else tiles " + lx + "x" + ly + ")"
        : "tiles " + lx + "x" + ly;
  }
}
