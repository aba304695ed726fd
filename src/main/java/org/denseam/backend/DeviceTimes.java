package org.denseam.backend;

/**
 * Where the time of one backend call went on an accelerator, as the device's own profiler measured
 * it: the kernels' execution and the host-device transfers. The rest of the call's wall time is the
 * host's work (dispatch, conversion of the inputs and outputs).
 *
 * @param kernelNanos nanoseconds the device spent executing the call's kernels
 * @param transferNanos nanoseconds spent copying the call's buffers to and from the device
 * @param calls number of task-graph executions the figures add up (a ProcMems over several memory
 *     blocks, a descent of L steps run L + 1 times)
 */
public record DeviceTimes(long kernelNanos, long transferNanos, int calls) {
  /**
   * A backend that can report the device times of its most recent call on the calling thread.
   * Implemented by accelerator backends; the benchmark harness prints these beside the wall time.
   */
  public interface Source {
    /**
     * Starts or stops collecting device times: profiling may cost a little time per call, so it is
     * off until asked for.
     *
     * @param on true to collect the times of the following calls
     */
    void profile(boolean on);

    /**
     * The device times of the most recent call made while profiling was on.
     *
     * @return the times, or null if no call was profiled yet
     */
    DeviceTimes lastDeviceTimes();
  }

  /**
   * The sum of two reports (for a call made of several task-graph executions).
   *
   * @param other the report to add
   * @return the sum of the times and of the executions
   */
  public DeviceTimes plus(DeviceTimes other) {
    return new DeviceTimes(kernelNanos + other.kernelNanos, transferNanos + other.transferNanos,
        calls + other.calls);
  }
}
