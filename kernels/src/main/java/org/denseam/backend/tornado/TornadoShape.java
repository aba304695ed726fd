package org.denseam.backend.tornado;

import java.util.Locale;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.TornadoDeviceType;

/**
 * How the kernels are laid out on a device: the shape of the Gaussian products ({@link
 * ProjectionKernels}: local-memory tiles for GPUs, Ω panels for CPU OpenCL devices) and the
 * work-group sizes (LX × LY) of the tiles. (The panels shape sizes its work-groups by D: {@link
 * ProjectionKernels#panelGroup}.) The loop kernels keep TornadoVM's own work-group sizes, and the
 * element-wise kernels groups of {@link TornadoBackend#ELEMENTS} × 1.
 *
 * <p>Chosen when the backend is created, from the device type ({@link #forDevice}): GPUs and other
 * accelerators get {@link #GPU}, CPU devices {@link #CPU}. System properties override each part:
 * {@code denseam.tornado.shape=tiles|panels} and {@code denseam.tornado.workgroup=LXxLY} (each 1
 * to 32).
 *
 * @param panels true for the panels shape (CPUs), false for tiles (GPUs)
 * @param lx work-group width LX of the tiles
 * @param ly work-group height LY of the tiles
 */
public record TornadoShape(boolean panels, int lx, int ly) {
  /** The GPU default: tiles of 64 × 64 outputs, work-groups of 16 × 16. */
  public static final TornadoShape GPU = new TornadoShape(false, 16, 16);
  /**
   * The CPU default: Ω panels of {@link ProjectionKernels#PW} projections (tiles of 16 × 16 where
   * D is too large for panels).
   */
  public static final TornadoShape CPU = new TornadoShape(true, 16, 16);
  /** The smallest device work-group limit that the panels shape may need ({@code PW·⌈D/4⌉}). */
  static final int PANEL_GROUP_LIMIT = ProjectionKernels.panelGroup(ProjectionKernels.PANEL_D);
  /** The smallest device local memory, in bytes, that the panels shape may need. */
  static final long PANEL_LOCAL_LIMIT =
      4L * Math.max(ProjectionKernels.PANEL, ProjectionKernels.BACK_PANEL);

  /**
   * Validates the sizes.
   *
   * @throws IllegalArgumentException if LX or LY is outside 1..32
   */
  public TornadoShape {
    if (lx < 1 || lx > 32 || ly < 1 || ly > 32) {
      throw new IllegalArgumentException(
          "TornadoVM work-group sizes must be LX, LY in 1..32; got " + lx + "x" + ly);
    }
  }

  /**
   * The default shape for a device, with the system properties' overrides applied.
   *
   * @param device the device
   * @return its shape
   */
  public static TornadoShape forDevice(TornadoDevice device) {
    TornadoDeviceType type = device.getDeviceType();
    long[] limits = device.getDeviceMaxWorkgroupDimensions();
    long local = device.getDeviceLocalMemorySize();
    boolean wide = (limits == null || limits.length == 0 || limits[0] >= PANEL_GROUP_LIMIT)
        && (local <= 0 || local >= PANEL_LOCAL_LIMIT);
    // A CPU device whose work-groups cannot hold a panel's work-items, or its local memory a
    // panel, runs the tiles.
    TornadoShape base = type != TornadoDeviceType.CPU ? GPU
        : wide ? CPU : new TornadoShape(false, CPU.lx(), CPU.ly());
    return base.withOverrides(System.getProperty("denseam.tornado.shape"),
        System.getProperty("denseam.tornado.workgroup"));
  }

  /**
   * This shape with parts replaced by settings in the system properties' syntax (null keeps a
   * part).
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
    return new TornadoShape(p, x, y);
  }

  /**
   * Whether the Gaussian products of dimension D use Ω panels: the panels shape, when D ≤ {@link
   * ProjectionKernels#PANEL_D}; tiles otherwise.
   *
   * @param d dimension D
   * @return true for panels
   */
  public boolean panelsFor(int d) {
    return panels && d <= ProjectionKernels.PANEL_D;
  }

  @Override
  public String toString() {
    return panels ? "panels of " + ProjectionKernels.PW + " (else tiles " + lx + "x" + ly + ")"
        : "tiles " + lx + "x" + ly;
  }
}
