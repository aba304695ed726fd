package org.denseam.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.denseam.api.NpyFile;
import org.denseam.api.Vectors;
import org.denseam.backend.Backend;
import org.denseam.backend.Backends;

/** Helpers shared by the commands. */
final class Cli {
  private Cli() {}

  /** Reads an NPY array and rejects an empty one or NaN/Inf, naming the argument. */
  static Vectors readFinite(Path path, String what) throws IOException {
    return NpyFile.read(path, what);
  }

  /** Checks that queries have the model's dimension. */
  static void checkDim(Vectors q, int dim) {
    if (q.dim() != dim) {
      throw new IllegalArgumentException(
          "queries have " + q.dim() + " columns but the memory has D = " + dim);
    }
  }

  /**
   * Writes a result in the queries' shape: a 1-D array when the queries were one 1-D vector, else
   * {@code rows × cols}; the values as they are.
   */
  static void writeLike(Path out, double[] values, int rows, int cols, boolean vector,
      boolean float32) throws IOException {
    if (vector) {
      NpyFile.write(out, values, float32);
    } else {
      NpyFile.write(out, values, rows, cols, float32);
    }
  }

  /**
   * Fails early, before any work, if {@code --out} names something that is not a directory (see
   * {@link OutputPolicy}).
   *
   * @param out the output directory (created later if missing)
   * @param inputs option name and path of each input, alternating (null paths skipped)
   */
  static void checkOutDir(Path out, Object... inputs) throws IOException {
    OutputPolicy p = OutputPolicy.check().directory("--out", out);
    for (int i = 0; i < inputs.length; i += 2) {
      p.input((String) inputs[i], (Path) inputs[i + 1]);
    }
    p.verify();
  }

  /** Creates the backend named by --backend. */
  static Backend backend(String name) {
    return Backends.create(name);
  }

  /** Closes a backend if it holds resources. */
  static void close(Backend b) throws Exception {
    if (b instanceof AutoCloseable c) {
      c.close();
    }
  }

  /**
   * Fails unless every value of a result is finite, naming the first bad one: no command writes a
   * NaN or an infinity and exits 0.
   *
   * @param what the result, e.g. "gradient"
   * @param v values, row-major
   * @param cols values per row (per query)
   * @param rowName what a row is, e.g. "query"
   * @param beta the model's β, named in the hint
   */
  static void checkFinite(String what, double[] v, int cols, String rowName, double beta) {
    for (int j = 0; j < v.length; j++) {
      if (!Double.isFinite(v[j])) {
        throw new ArithmeticException("the " + what + " of " + rowName + " " + j / cols
            + " is not finite (" + v[j] + "): beta = " + beta + " with these inputs leaves the"
            + " floating-point range; lower beta or rescale the inputs");
      }
    }
  }

  /**
   * Fails when an output would overwrite an input or another output, or is a special file: the
   * {@link OutputPolicy}.
   *
   * @param paths option name, path, alternating: outputs first (nOut of them), then inputs;
   *     null paths are skipped
   */
  static void distinctFiles(int nOut, Object... paths) throws IOException {
    OutputPolicy p = OutputPolicy.check();
    for (int j = 0; j < paths.length / 2; j++) {
      String opt = (String) paths[2 * j];
      Path path = (Path) paths[2 * j + 1];
      if (j < nOut) {
        p.file(opt, path);
      } else {
        p.input(opt, path);
      }
    }
    p.verify();
  }
}
