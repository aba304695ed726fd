package org.denseam.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.denseam.api.NpyFile;
import org.denseam.api.Vectors;

/**
 * Reads the image and tabular data sets of the DrDAM paper's experiments in their own formats,
 * detecting the format from the files' structure and first bytes (docs/datasets.md).
 *
 * <p>Every refusal is an {@link IllegalArgumentException} whose message is one line, {@code PATH:
 * PROBLEM}, naming the file at fault; nothing is returned from a refused source. Failures to read
 * a file (permissions, I/O errors) are {@link IOException}s.
 */
public final class Datasets {
  private Datasets() {}

  /**
   * Reads the first {@code max} images of a data set, each centre-cropped to a square and
   * resampled to {@code size × size} (area averaging when shrinking, bilinear when enlarging), in
   * {@code channels} channels: 3 (R, G, B; a grayscale source gives R = G = B) or 1 (ITU-R BT.601
   * luma {@code 0.299 R + 0.587 G + 0.114 B}).
   *
   * <p>The format of {@code src}: a file is NPY by its magic {@code \x93NUMPY}, IDX images by the
   * magic {@code 0x00000803} (after gzip decompression when it starts with {@code 1f 8b}), PNG or
   * JPEG by their magic numbers, and CIFAR-10 batches, which have no magic number, by a name ending
   * in {@code .bin}. A directory is, checked in this order: CIFAR-10 batches ({@code
   * data_batch_N.bin}, {@code test_batch.bin}, also in a subdirectory {@code
   * cifar-10-batches-bin}), IDX image files (names holding {@code idx3-ubyte}), a Tiny ImageNet
   * tree (a {@code train} directory, or class directories holding {@code images}), a Tiny ImageNet
   * validation directory (an {@code images} directory), or a directory of PNG and JPEG files
   * ({@code .png}, {@code .jpg}, {@code .jpeg} in any case; other files are ignored).
   *
   * @param src the file or directory
   * @param max how many images at most, at least 1; the first ones in the format's order
   * @param size the side of the square images returned, at least 1
   * @param channels 1 or 3
   * @return the images, at least one, labelled as {@link ImageSet} describes
   * @throws IllegalArgumentException if {@code max} or {@code size} is below 1 or {@code
   *     channels} is not 1 or 3, if {@code src} is missing, empty or of no format above, or if a
   *     file is damaged (truncated, wrong magic number, a label out of range, a label file that
   *     does not match, an image that cannot be decoded, an NPY value outside [0, 1]): one line,
   *     {@code PATH: PROBLEM}
   * @throws IOException if a file cannot be read
   */
  public static ImageSet images(Path src, int max, int size, int channels) throws IOException {
    if (max < 1) {
      throw new IllegalArgumentException("max must be > 0 (got " + max + ")");
    }
    if (size < 1) {
      throw new IllegalArgumentException("size must be > 0 (got " + size + ")");
    }
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels must be 1 or 3 (got " + channels + ")");
    }
    exists(src);
    ImageSink sink = new ImageSink(max, size, channels);
    if (Files.isDirectory(src)) {
      readDirectory(src, sink);
    } else {
      readFile(src, sink);
    }
    return sink.build(src);
  }

  private static void readFile(Path f, ImageSink sink) throws IOException {
    byte[] head = head(f, 8);
    if (head.length == 0) {
      throw Bad.file(f, "empty file");
    }
    if (NpyImages.isNpy(head)) {
      NpyImages.read(f, sink);
      return;
    }
    if (isPng(head) || isJpeg(head)) {
      sink.add(f, ImageFiles.decode(f), ImageFiles.stem(f));
      return;
    }
    byte[] idx = Idx.gzip(head) ? Idx.head(f, 4) : head;
    if (idx.length >= 4 && idx[0] == 0 && idx[1] == 0 && idx[2] == 0x08) {
      Idx.read(f, sink);
      return;
    }
    if (Idx.gzip(head)) {
      throw Bad.file(f, "a gzip file that holds no IDX image file (it starts with "
          + Idx.hex(idx.length >= 4 ? Idx.readInt(idx, 0) : 0) + ")");
    }
    if (f.getFileName().toString().endsWith(".bin")) {
      Cifar.read(List.of(f), sink);
      return;
    }
    throw Bad.file(f, "not a recognised image format: expected an NPY array, IDX images"
        + " (*-images-idx3-ubyte[.gz]), CIFAR-10 batches (*.bin), a PNG or a JPEG file");
  }

  private static void readDirectory(Path dir, ImageSink sink) throws IOException {
    List<Path> batches = Cifar.batches(dir);
    if (batches.isEmpty() && Files.isDirectory(dir.resolve("cifar-10-batches-bin"))) {
      batches = Cifar.batches(dir.resolve("cifar-10-batches-bin"));
    }
    if (!batches.isEmpty()) {
      Cifar.read(batches, sink);
      return;
    }
    List<Path> idx = idxImages(dir);
    if (!idx.isEmpty()) {
      for (Path f : idx) {
        if (!sink.full()) {
          Idx.read(f, sink);
        }
      }
      return;
    }
    Path train = dir.resolve("train");
    if (Files.isDirectory(train) && hasClasses(train)) {
      ImageFiles.readTinyTrain(train, sink);
      return;
    }
    if (hasClasses(dir)) {
      ImageFiles.readTinyTrain(dir, sink);
      return;
    }
    if (Files.isDirectory(dir.resolve("images"))) {
      ImageFiles.readTinyVal(dir, sink);
      return;
    }
    if (!ImageFiles.list(dir).isEmpty()) {
      ImageFiles.readDirectory(dir, sink);
      return;
    }
    boolean empty;
    try (Stream<Path> s = Files.list(dir)) {
      empty = s.findAny().isEmpty();
    }
    throw Bad.file(dir, empty ? "empty directory" : "no recognisable data set: expected PNG or"
        + " JPEG files, a Tiny ImageNet tree (train/<wnid>/images), CIFAR-10 batches"
        + " (data_batch_N.bin, test_batch.bin) or IDX files (*-images-idx3-ubyte[.gz])");
  }

  /** The IDX image files of a directory: those named {@code train*} first, each group by name. */
  private static List<Path> idxImages(Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(p -> Idx.isImageName(p) && Files.isRegularFile(p)).forEach(out::add);
    }
    out.sort((a, b) -> {
      String x = a.getFileName().toString(), y = b.getFileName().toString();
      boolean tx = x.startsWith("train"), ty = y.startsWith("train");
      return tx != ty ? (tx ? -1 : 1) : x.compareTo(y);
    });
    return out;
  }

  /** Whether a directory has a subdirectory holding an {@code images} directory. */
  private static boolean hasClasses(Path dir) throws IOException {
    for (Path d : ImageFiles.subdirectories(dir)) {
      if (Files.isDirectory(d.resolve("images"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Reads the first {@code max} rows of a table: an NPY file (by its magic {@code \x93NUMPY}) of
   * shape {@code (N, D)}, float32 or float64, finite, read by the library's NPY reader; or the UCI
   * Letter Recognition data (a text file whose first line starts with a capital letter and a
   * comma; each non-blank line a capital letter and 16 integers 0..15, comma-separated), whose
   * letters are the labels.
   *
   * @param src the file
   * @param max how many rows at most, at least 1; the first ones of the file
   * @return the rows, at least one
   * @throws IllegalArgumentException if {@code max} is below 1, if {@code src} is missing, a
   *     directory or of neither format, or if a line of the Letter data is malformed ({@code
   *     PATH: line 7: expected a letter and 16 integers, got 15 fields}), a 1-D NPY array, or a
   *     NaN or infinite NPY value: one line naming the file
   * @throws IOException if the file cannot be read, or is an NPY file the library's reader
   *     refuses (truncated, of another dtype or more dimensions; the message names the file)
   */
  public static Table table(Path src, int max) throws IOException {
    if (max < 1) {
      throw new IllegalArgumentException("max must be > 0 (got " + max + ")");
    }
    exists(src);
    if (Files.isDirectory(src)) {
      throw Bad.file(src, "a directory: give a table file (letter-recognition.data or N x D"
          + " .npy)");
    }
    byte[] head = head(src, 8);
    if (head.length == 0) {
      throw Bad.file(src, "empty file");
    }
    if (NpyImages.isNpy(head)) {
      return npyTable(src, max);
    }
    if (Letters.looksLike(src)) {
      return Letters.read(src, max);
    }
    throw Bad.file(src, "not a recognised table: expected an N x D .npy array or the UCI Letter"
        + " Recognition data (a capital letter and 16 integers a line)");
  }

  /**
   * Whether a file holds the UCI Letter Recognition data by its first bytes: a capital letter
   * then a comma (what {@link #table} reads as that format).
   *
   * @param src a path
   * @return true if it is a regular file that starts so; false otherwise, also if it is missing
   * @throws IOException if it exists but cannot be read
   */
  public static boolean isLetters(Path src) throws IOException {
    return Files.isRegularFile(src) && Letters.looksLike(src);
  }

  private static Table npyTable(Path f, int max) throws IOException {
    if (NpyFile.info(f).vector()) {
      throw Bad.file(f, "a 1-D array: expected a table of N x D rows");
    }
    Vectors v = NpyFile.read(f);
    int rows = Math.min(max, v.count()), d = v.dim();
    double[] all = v.toArray();
    double[] values = rows == v.count() ? all : java.util.Arrays.copyOf(all, rows * d);
    List<String> labels = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      labels.add("#" + i);
    }
    return new Table(f.toString(), rows, d, values, labels);
  }

  private static void exists(Path src) {
    if (!Files.exists(src)) {
      throw Bad.file(src, "no such file or directory");
    }
  }

  private static byte[] head(Path f, int n) throws IOException {
    try (InputStream in = Files.newInputStream(f)) {
      return in.readNBytes(n);
    }
  }

  private static boolean isPng(byte[] h) {
    return h.length >= 8 && (h[0] & 0xFF) == 0x89 && h[1] == 'P' && h[2] == 'N' && h[3] == 'G'
        && h[4] == 0x0D && h[5] == 0x0A && h[6] == 0x1A && h[7] == 0x0A;
  }

  private static boolean isJpeg(byte[] h) {
    return h.length >= 3 && (h[0] & 0xFF) == 0xFF && (h[1] & 0xFF) == 0xD8
        && (h[2] & 0xFF) == 0xFF;
  }
}
