package org.denseam.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.denseam.Checks;
import org.denseam.backend.Backend;
import org.denseam.backend.Backends;
import org.denseam.io.Matrix;
import org.denseam.io.Npy;
import org.denseam.memory.EnergyModel;

/** Helpers shared by the commands. */
final class Cli {
  private Cli() {}

  /** Reads an NPY matrix and rejects NaN/Inf, naming the argument. */
  static Matrix readFinite(Path path, String what) throws IOException {
    Matrix m = Npy.read(path);
    if (m.data().length == 0) {
      throw new IllegalArgumentException(what + " (" + path + ") is empty");
    }
    Checks.finiteMatrix(what + " (" + path + ")", m.data(), m.rows(), m.cols());
    return m;
  }

  /** Checks that queries have the model's dimension. */
  static void checkDim(Matrix q, EnergyModel model) {
    if (q.cols() != model.dim()) {
      throw new IllegalArgumentException(
          "queries have " + q.cols() + " columns but the memory has D = " + model.dim());
    }
  }

  /**
   * Fails early, before any work, if {@code --out} names something that is not a directory.
   *
   * @param out the output directory (created later if missing)
   */
  static void checkOutDir(Path out) {
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new IllegalArgumentException("--out " + out + " exists and is not a directory");
    }
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
}
