package org.denseam.backend.tornado;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.denseam.backend.tornado.TornadoShape.Limits;
import org.junit.jupiter.api.Test;

/** The choice of shape per call from a device's limits (pure logic: no device). */
class TornadoShapeTest {
  static final long KIB = 1024;
  /** PoCL's CPU device here: work-groups up to 4096, 512 KiB of local memory. */
  static final TornadoShape POCL = TornadoShape.CPU.on(new Limits(4096, 512 * KIB));

  @Test
  void thePanelsNeedExactlyTheirLocalArrays() {
    assertEquals(512 * KIB, TornadoShape.PANEL_LOCAL_BYTES);
    assertEquals(4L * ProjectionKernels.BACK_PANEL, TornadoShape.PANEL_LOCAL_BYTES);
  }

  @Test
  void aDeviceWith512KiBGetsThePanelsUpToD1024() {
    assertTrue(POCL.panelsFor(256));
    assertNull(POCL.panelMisfit(256));
    assertTrue(POCL.panelsFor(1024));
    assertTrue(POCL.panelsFor(1));
    assertFalse(POCL.panelsFor(1025));
    assertEquals("D > 1024, the largest panel", POCL.panelMisfit(1025));
    assertEquals(1024, POCL.panelMaxD());
    assertEquals("Gaussian products in panels of 16 for D ≤ 1024 (need 512 KiB of local memory,"
        + " the device has 512 KiB; 16·⌈D/4⌉ ≤ 4096 work-items, the device allows 4096), tiles"
        + " 16x16 above (D > 1024, the largest panel); CPU layouts for SORF and exact LSE",
        POCL.describe());
  }

  @Test
  void smallerWorkGroupsBoundD() {
    TornadoShape s = TornadoShape.CPU.on(new Limits(1024, 512 * KIB));
    assertTrue(s.panelsFor(256));
    assertFalse(s.panelsFor(257));
    assertEquals("work-groups of 1040 work-items exceed the device's 1024", s.panelMisfit(257));
    assertEquals(256, s.panelMaxD());
    assertTrue(s.describe().startsWith("Gaussian products in panels of 16 for D ≤ 256 ("),
        s.describe());
    assertTrue(s.describe().contains("tiles 16x16 above (work-groups of 1040"), s.describe());
    // A limit that is not a multiple of the panel width.
    TornadoShape odd = TornadoShape.CPU.on(new Limits(1000, 0));
    assertEquals(248, odd.panelMaxD());
    assertTrue(odd.panelsFor(248));
    assertFalse(odd.panelsFor(249));
  }

  @Test
  void lessLocalMemoryThanAPanelGetsTheTilesForEveryD() {
    TornadoShape s = TornadoShape.CPU.on(new Limits(4096, 512 * KIB - 1));
    assertFalse(s.panelsFor(256));
    assertFalse(s.panelsFor(16));
    TornadoShape tiny = TornadoShape.CPU.on(new Limits(256, 32 * KIB));
    assertFalse(tiny.panelsFor(1));
    assertFalse(tiny.panelsFor(256));
    assertFalse(tiny.panelsFor(1024));
    assertEquals("panels need 512 KiB of local memory, the device has 32 KiB",
        tiny.panelMisfit(256));
    assertEquals(0, tiny.panelMaxD());
    assertEquals("Gaussian products in tiles 16x16 for every D (panels need 512 KiB of local"
        + " memory, the device has 32 KiB); CPU layouts for SORF and exact LSE", tiny.describe());
    // The CPU layouts of SORF and the exact LSE need no local memory: they stay.
    assertTrue(tiny.panels());
  }

  @Test
  void limitsNotReportedRuleNothingOut() {
    assertTrue(TornadoShape.CPU.panelsFor(1024));
    assertEquals(1024, TornadoShape.CPU.panelMaxD());
    assertTrue(TornadoShape.CPU.describe().contains("the device reports no limit"));
  }

  @Test
  void theTilesShapeNeverRunsPanels() {
    TornadoShape gpu = TornadoShape.GPU.on(new Limits(1024, 64 * KIB));
    assertFalse(gpu.panelsFor(16));
    assertEquals(0, gpu.panelMaxD());
    assertEquals("Gaussian products in tiles 16x16 (64 inputs x 64 outputs per work-group);"
        + " GPU layouts for SORF and exact LSE", gpu.describe());
    assertFalse(POCL.withOverrides("tiles", null).panelsFor(256));
  }

  @Test
  void forcedPanelsKeepTheLimitsAndFallBackWhereTheyDoNotFit() {
    TornadoShape forced = TornadoShape.GPU.on(new Limits(1024, 48 * KIB))
        .withOverrides("panels", "8x8");
    assertTrue(forced.panels());
    assertEquals(new Limits(1024, 48 * KIB), forced.limits());
    assertFalse(forced.panelsFor(64));
    assertTrue(forced.describe().startsWith("Gaussian products in tiles 8x8 for every D (panels"
        + " need 512 KiB of local memory, the device has 48 KiB)"), forced.describe());
    TornadoShape big = TornadoShape.GPU.on(new Limits(1024, 1024 * KIB)).withOverrides("panels",
        null);
    assertTrue(big.panelsFor(256));
    assertFalse(big.panelsFor(512));
  }

  @Test
  void malformedOverridesAndLimitsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> POCL.withOverrides("strips", null));
    assertThrows(IllegalArgumentException.class, () -> POCL.withOverrides(null, "16y"));
    assertThrows(IllegalArgumentException.class, () -> POCL.withOverrides(null, "64x1"));
    assertThrows(IllegalArgumentException.class, () -> new TornadoShape(true, 16, 16, null));
  }
}
