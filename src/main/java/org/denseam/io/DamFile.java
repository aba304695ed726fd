package org.denseam.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.denseam.features.Basis;
import org.denseam.features.FeatureMap;
import org.denseam.features.Projection;

/**
 * The {@code T.dam} file: a DrDAM memory (its feature map, β, K and the vector T). All numbers are
 * little-endian:
 *
 * <pre>
 * offset  size  field
 *      0     4  magic "DAMT"
 *      4     4  format version (uint32) = 1
 *      8     4  D (uint32)
 *     12     4  Y (uint32)
 *     16     8  β (float64)
 *     24     4  basis code (uint32): 0 sincos, 1 cos, 2 exp, 3 expexp
 *     28     4  projection code (uint32): 0 gaussian, 1 sorf
 *     32     8  seed τ (int64)
 *     40     8  K, memories folded in (int64)
 *     48    8Y  T (float64 × Y)
 *  48+8Y     4  CRC-32 of bytes [0, 48+8Y) (uint32)
 * </pre>
 *
 * <p>Reading checks the magic, version, size (exactly {@code 52 + 8Y} bytes), checksum and every
 * field before returning; writing is atomic. The file holds plain values: a {@link Decoder} (the
 * memory's constructor) makes the memory of them and validates β, T and K.
 */
public final class DamFile {
  /** The four magic bytes. */
  public static final byte[] MAGIC = {'D', 'A', 'M', 'T'};
  /** Current format version. */
  public static final int VERSION = 1;
  /** Header size in bytes. */
  public static final int HEADER = 48;

  private DamFile() {}

  /**
   * Makes a memory of the values read from a file.
   *
   * @param <M> the memory type
   */
  @FunctionalInterface
  public interface Decoder<M> {
    /**
     * Makes and validates the memory.
     *
     * @param map the feature map of the header
     * @param beta β of the header
     * @param t the vector T, length Y (a new array, owned by the decoder)
     * @param count K of the header
     * @return the memory
     * @throws IllegalArgumentException if the values do not describe a valid memory (reading turns
     *     it into an {@link IOException} naming the file)
     */
    M decode(FeatureMap map, double beta, double[] t, long count);
  }

  /**
   * Writes a memory atomically.
   *
   * @param path the target file
   * @param map the feature map
   * @param beta β
   * @param t the vector T, length Y
   * @param count K, the number of memories folded into T
   * @throws IOException if writing fails (nothing is left at {@code path})
   */
  public static void write(Path path, FeatureMap map, double beta, double[] t, long count)
      throws IOException {
    int y = map.y();
    ByteBuffer bb = ByteBuffer.allocate(HEADER + 8 * y + 4).order(ByteOrder.LITTLE_ENDIAN);
    bb.put(MAGIC).putInt(VERSION).putInt(map.d()).putInt(y).putDouble(beta);
    bb.putInt(map.basis().code()).putInt(map.projection().code()).putLong(map.seed());
    bb.putLong(count);
    for (int j = 0; j < y; j++) {
      bb.putDouble(t[j]);
    }
    CRC32 crc = new CRC32();
    crc.update(bb.array(), 0, bb.position());
    bb.putInt((int) crc.getValue());
    AtomicFile.write(path, out -> out.write(bb.array()));
  }

  /**
   * Reads and validates a memory.
   *
   * @param <M> the memory type
   * @param path the file
   * @param decoder makes and validates the memory of the values read
   * @return the memory
   * @throws IOException if the file is missing, truncated, damaged (checksum) or describes an
   *     invalid memory; the message names the file and the problem
   */
  public static <M> M read(Path path, Decoder<M> decoder) throws IOException {
    long size;
    try {
      size = Files.size(path);
    } catch (NoSuchFileException e) {
      throw new IOException(path + ": no such file");
    }
    if (!Files.isRegularFile(path)) {
      throw new IOException(path + ": not a regular file (" + (Files.isDirectory(path)
          ? "a directory" : "a pipe or device") + "): give a file written by 'dam store'");
    }
    if (size < HEADER + 4) {
      throw bad(path, "truncated: " + size + " bytes is shorter than the " + HEADER + "-byte header");
    }
    byte[] head;
    try (InputStream in = Files.newInputStream(path)) {
      head = in.readNBytes(HEADER);
    }
    ByteBuffer h = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
    for (byte b : MAGIC) {
      if (h.get() != b) {
        throw bad(path, "not a T.dam file (bad magic)");
      }
    }
    int version = h.getInt();
    if (version != VERSION) {
      throw bad(path, "unsupported T.dam version " + Integer.toUnsignedString(version));
    }
    long d = h.getInt() & 0xFFFFFFFFL;
    long y = h.getInt() & 0xFFFFFFFFL;
    double beta = h.getDouble();
    int basisCode = h.getInt();
    int projection = h.getInt();
    long seed = h.getLong();
    long count = h.getLong();
    if (d == 0 || d > Integer.MAX_VALUE || y == 0 || y > (Integer.MAX_VALUE - HEADER - 4) / 8) {
      throw bad(path, "invalid dimensions in header: D = " + d + ", Y = " + y);
    }
    long expected = HEADER + 8 * y + 4;
    if (size != expected) {
      throw bad(path, (size < expected ? "truncated" : "size mismatch") + ": header says Y = " + y
          + ", so the file should have " + expected + " bytes, it has " + size);
    }
    byte[] all = Files.readAllBytes(path);
    CRC32 crc = new CRC32();
    crc.update(all, 0, all.length - 4);
    int stored = ByteBuffer.wrap(all, all.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    if (stored != (int) crc.getValue()) {
      throw bad(path, "checksum mismatch: the file is damaged");
    }
    try {
      FeatureMap map = new FeatureMap(
          Basis.ofCode(basisCode), (int) d, (int) y, seed, Projection.ofCode(projection));
      double[] t = new double[(int) y];
      ByteBuffer body = ByteBuffer.wrap(all, HEADER, 8 * (int) y).order(ByteOrder.LITTLE_ENDIAN);
      for (int j = 0; j < y; j++) {
        t[j] = body.getDouble();
      }
      return decoder.decode(map, beta, t, count);
    } catch (IllegalArgumentException e) {
      throw bad(path, e.getMessage());
    }
  }

  private static IOException bad(Path path, String what) {
    return new IOException(path + ": " + what);
  }
}
