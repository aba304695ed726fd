package org.denseam.experiments;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** One name per query set: the PNG's column titles say what the CSV and stdout say. */
class ErrorFigureColumnsTest {
  @Test
  void titlesNameTheirQuerySet() {
    for (ErrorFigure.Column c : ErrorFigure.Column.energyAndGradient()) {
      assertTrue(c.title().contains(c.queries()), c.title() + " for the set " + c.queries());
    }
  }
}
