package org.denseam.api;

/**
 * Energies and gradients of a batch of queries computed together.
 *
 * @param energy B energies
 * @param gradient B gradients of dimension D
 */
public record EnergyGradient(double[] energy, Vectors gradient) {}
