package org.denseam.cli;

import java.util.concurrent.atomic.AtomicInteger;
import org.denseam.backend.Backend;
import org.denseam.backend.BackendProvider;
import org.denseam.backend.DeviceTimes;
import org.denseam.backend.DistributedPatterns;
import org.denseam.backend.ExactPatterns;
import org.denseam.backend.reference.ReferenceBackend;
import org.denseam.features.FeatureMap;

/**
 * A backend that reports fixed device times (1.5 ms in kernels and 0.25 ms in transfers per call)
 * for the calls made while profiling is on, and computes with the reference backend: for testing
 * what {@code dam bench throughput} does with a {@link DeviceTimes.Source}.
 */
final class FakeDeviceBackend implements Backend, DeviceTimes.Source {
  static final String NAME = "fakedevice";
  /** Calls made while profiling was on, over all instances. */
  static final AtomicInteger PROFILED_CALLS = new AtomicInteger();
  /** Calls made while profiling was off, over all instances. */
  static final AtomicInteger UNPROFILED_CALLS = new AtomicInteger();
  /** Instances with profiling on. */
  static final AtomicInteger PROFILING = new AtomicInteger();

  private final ReferenceBackend ref = new ReferenceBackend();
  private boolean profiling;
  private DeviceTimes last;

  private void called() {
    if (profiling) {
      PROFILED_CALLS.incrementAndGet();
      last = new DeviceTimes(1_500_000, 250_000, 1);
    } else {
      UNPROFILED_CALLS.incrementAndGet();
    }
  }

  @Override
  public void profile(boolean on) {
    if (on != profiling) {
      PROFILING.addAndGet(on ? 1 : -1);
    }
    profiling = on;
  }

  @Override
  public DeviceTimes lastDeviceTimes() {
    return last;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean singlePrecision() {
    return false;
  }

  @Override
  public void exact(ExactPatterns patterns, double[] x, int batch, double[] energy,
      double[] grad) {
    ref.exact(patterns, x, batch, energy, grad);
    called();
  }

  @Override
  public void rf(FeatureMap map, double beta, double[] x, int batch, double[] phi) {
    ref.rf(map, beta, x, batch, phi);
    called();
  }

  @Override
  public void procMems(FeatureMap map, double beta, org.denseam.backend.Rows mems, double sign,
      double[] t) {
    ref.procMems(map, beta, mems, sign, t);
    called();
  }

  @Override
  public void gradComp(DistributedPatterns memory, double[] x, int batch, double[] energy,
      double[] grad) {
    ref.gradComp(memory, x, batch, energy, grad);
    called();
  }

  /** Its provider, found through a service file the test puts on the context class loader. */
  public static final class Provider implements BackendProvider {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public boolean available() {
      return true;
    }

    @Override
    public String unavailableReason() {
      return "";
    }

    @Override
    public int rank() {
      return -1;
    }

    @Override
    public Backend create() {
      return new FakeDeviceBackend();
    }
  }
}
