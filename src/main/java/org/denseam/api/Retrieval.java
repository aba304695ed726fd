package org.denseam.api;

import java.util.List;

/**
 * The outcome of retrieval: final states, their energies, the steps each query took, and the
 * optional energy trace. Immutable; the accessors return the record's own arrays, which callers
 * own once they have the result.
 *
 * @param states the final states, one per query
 * @param energy final energies, length B
 * @param steps steps taken by each query, length B
 * @param trace energies after steps 0..L, each row of length B (NaN once a query stopped); empty
 *     unless requested
 */
public record Retrieval(Vectors states, double[] energy, int[] steps, List<double[]> trace) {}
