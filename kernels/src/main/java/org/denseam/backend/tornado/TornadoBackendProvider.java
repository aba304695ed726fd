package org.denseam.backend.tornado;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.denseam.backend.Backend;
import org.denseam.backend.BackendProvider;
import uk.ac.manchester.tornado.api.TornadoRuntime;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.runtime.TornadoRuntimeProvider;

/**
 * Provides the {@code tornado} backend when the program runs under TornadoVM. The device is the
 * TornadoVM default, or the one named by the system property {@code denseam.tornado.device}: a
 * {@code backend:device} index pair (as {@code tornado --devices} lists them) or a substring of
 * the device's name. Each device line ({@link #devices}) ends with the shape a backend on it gets:
 * which kernels run the Gaussian products for which D, and why ({@link TornadoShape#describe}).
 */
public final class TornadoBackendProvider implements BackendProvider {
  /** System property selecting the device. */
  public static final String DEVICE_PROPERTY = "denseam.tornado.device";

  /** Creates the provider (called by {@link java.util.ServiceLoader}). */
  public TornadoBackendProvider() {}

  @Override
  public String name() {
    return "tornado";
  }

  @Override
  public boolean available() {
    return unavailableReason().isEmpty();
  }

  @Override
  public String unavailableReason() {
    TornadoRuntime rt;
    try {
      rt = TornadoRuntimeProvider.getTornadoRuntime();
      if (rt.getNumBackends() == 0) {
        return "TornadoVM found no backend (OpenCL, PTX or SPIR-V) with a device";
      }
    } catch (LinkageError | RuntimeException e) {
      return "the TornadoVM runtime is not loaded (" + e.getClass().getSimpleName() + "): run"
          + " through TornadoVM, e.g. 'tornado -cp ...' or 'java @$TORNADOVM_HOME/tornado-argfile"
          + " ...'; see tornado-config/README.md";
    }
    try {
      select(rt);
      return "";
    } catch (IllegalArgumentException e) {
      // The runtime is loaded: the device selector names no device.
      return e.getMessage() + " (-D" + DEVICE_PROPERTY + "); 'dam devices' lists the devices";
    } catch (LinkageError | RuntimeException e) {
      return "TornadoVM failed while listing its devices (" + e.getClass().getSimpleName() + ": "
          + e.getMessage() + ")";
    }
  }

  @Override
  public List<String> devices() {
    List<String> out = new ArrayList<>();
    try {
      TornadoRuntime rt = TornadoRuntimeProvider.getTornadoRuntime();
      TornadoDevice chosen = select(rt);
      for (int b = 0; b < rt.getNumBackends(); b++) {
        uk.ac.manchester.tornado.api.TornadoBackend be = rt.getBackend(b);
        for (int d = 0; d < be.getNumDevices(); d++) {
          TornadoDevice dev = be.getDevice(d);
          out.add(b + ":" + d + " " + be.getBackendType() + " " + dev.getDescription()
              + (dev.getDescription().equals(chosen.getDescription()) ? " (selected)" : "")
              + "; shape: " + shapeOf(dev) + "; " + tuningOf(dev));
        }
      }
    } catch (LinkageError | RuntimeException e) {
      return List.of();
    }
    return out;
  }

  @Override
  public int rank() {
    return 100;
  }

  @Override
  public Backend create() {
    return new TornadoBackend(select(TornadoRuntimeProvider.getTornadoRuntime()));
  }

  /**
   * What {@code dam tune} needs to know of a device: its tuning key ({@link
   * TornadoShape#machineKey}), its largest work-group and its built-in layouts family.
   *
   * @param device the device
   * @return {@code "tuning key KEY, max work-group N, built-in panels|tiles"}
   */
  static String tuningOf(TornadoDevice device) {
    boolean cpu = device.getDeviceType() == uk.ac.manchester.tornado.api.enums.TornadoDeviceType.CPU;
    return "tuning key " + TornadoShape.machineKey(device) + ", max work-group "
        + TornadoShape.Limits.of(device).maxGroup() + ", built-in " + (cpu ? "panels" : "tiles");
  }

  /** The shape a backend on the device gets ({@link TornadoShape#describe}), or why none. */
  static String shapeOf(TornadoDevice device) {
    try {
      return TornadoShape.forDevice(device).describe();
    } catch (IllegalArgumentException e) {
      return "none (" + e.getMessage() + ")";
    }
  }

  /** The device named by {@link #DEVICE_PROPERTY}, or the default device. */
  static TornadoDevice select(TornadoRuntime rt) {
    String want = System.getProperty(DEVICE_PROPERTY, "").trim();
    if (want.isEmpty()) {
      return rt.getDefaultDevice();
    }
    if (want.matches("\\d+:\\d+")) {
      String[] p = want.split(":");
      int b = Integer.parseInt(p[0]), d = Integer.parseInt(p[1]);
      if (b >= rt.getNumBackends() || d >= rt.getBackend(b).getNumDevices()) {
        throw new IllegalArgumentException("no TornadoVM device " + want);
      }
      return rt.getBackend(b).getDevice(d);
    }
    for (int b = 0; b < rt.getNumBackends(); b++) {
      for (int d = 0; d < rt.getBackend(b).getNumDevices(); d++) {
        TornadoDevice dev = rt.getBackend(b).getDevice(d);
        if (dev.getDescription().toLowerCase(Locale.ROOT).contains(want.toLowerCase(Locale.ROOT))) {
          return dev;
        }
      }
    }
    throw new IllegalArgumentException("no TornadoVM device matches '" + want + "'");
  }
}
