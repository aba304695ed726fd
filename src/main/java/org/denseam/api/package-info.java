/**
 * The public API of DenseAM: Dense Associative Memories (modern Hopfield networks) with exact
 * (MrDAM) and random-feature (DrDAM) energies, on backends discovered at run time.
 *
 * <p>The supported surface of the library is this package and the backend SPI, {@link
 * org.denseam.backend}; every other package of the jar is internal and may change. The jar's
 * module name is {@code org.denseam} (an automatic module).
 *
 * <p>Symbols: D dimension, K stored patterns, Y random features, β inverse temperature, B queries.
 *
 * <pre>{@code
 * try (Engine engine = DenseAM.openFastest()) {              // or DenseAM.open("jvm")
 *   System.out.println("backend: " + engine.backend() + " (" + engine.selection() + ")");
 *   Vectors patterns = Vectors.of(flatPatterns, k, d);
 *   Memory exact = engine.exactMemory(patterns, 40);           // MrDAM
 *   FeatureStore drdam = engine.featureMemory(patterns, 40, "sincos", 32768, 7); // DrDAM
 *   Retrieval r = drdam.retrieve(Vectors.of(flatQueries, b, d),
 *       RetrieveOptions.steps(100).eta(0.5).tol(1e-9));
 *   double[] fixedPoints = r.states().toArray();
 *   drdam.save(Path.of("T.dam"));
 * }
 * }</pre>
 *
 * <p>Data: {@link org.denseam.api.Vectors} keeps values in their own precision (float32 stays
 * float32 down to the float32 backends); {@code Vectors.of} copies what it is given, {@code
 * Vectors.view} keeps the caller's array, and {@link org.denseam.api.NpyFile#open} leaves an
 * {@code .npy} file where it is and streams it through every computation, so memories larger than
 * the heap can be stored and queried. Every result is a new object owned by the caller. Thread safety: {@link org.denseam.api.Engine} and every memory are
 * thread-safe; a {@link org.denseam.api.FeatureStore} publishes each update atomically. Resources:
 * an engine holds threads or device buffers until {@link org.denseam.api.Engine#close()}.
 */
package org.denseam.api;
