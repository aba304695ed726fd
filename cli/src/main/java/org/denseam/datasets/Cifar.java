package org.denseam.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * CIFAR-10 binary batches: records of 3073 bytes, a label byte (0..9), then the 1024 red, 1024
 * green and 1024 blue bytes of a 32 × 32 image, each plane row-major.
 */
final class Cifar {
  static final int RECORD = 3073;
  private static final int SIDE = 32;
  private static final Pattern BATCH = Pattern.compile("data_batch_(\\d+)\\.bin|test_batch\\.bin");

  private Cifar() {}

  /**
   * The batch files of a directory: {@code data_batch_N.bin} by N, then {@code test_batch.bin};
   * empty if it has none.
   */
  static List<Path> batches(Path dir) throws IOException {
    List<Path> train = new ArrayList<>();
    List<Path> test = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        Matcher m = BATCH.matcher(p.getFileName().toString());
        if (m.matches() && Files.isRegularFile(p)) {
          (m.group(1) == null ? test : train).add(p);
        }
      }
    }
    train.sort((a, b) -> Long.compare(number(a), number(b)));
    train.addAll(test);
    return train;
  }

  private static long number(Path p) {
    Matcher m = BATCH.matcher(p.getFileName().toString());
    m.matches();
    String n = m.group(1);
    return n.length() > 18 ? Long.MAX_VALUE : Long.parseLong(n);
  }

  /** Reads records from the files in order; labels from {@code batches.meta.txt} beside each. */
  static void read(List<Path> files, ImageSink sink) throws IOException {
    for (Path f : files) {
      if (sink.full()) {
        return;
      }
      long size = Files.size(f);
      if (size == 0) {
        throw Bad.file(f, "empty file: expected 3073-byte CIFAR-10 records");
      }
      if (size % RECORD != 0) {
        throw Bad.file(f, "truncated: " + size + " bytes is not a whole number of " + RECORD
            + "-byte CIFAR-10 records");
      }
      List<String> names = classNames(f.toAbsolutePath().getParent());
      byte[] rec = new byte[RECORD];
      try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(f), 1 << 16)) {
        for (long r = 0; r < size / RECORD && !sink.full(); r++) {
          if (in.readNBytes(rec, 0, RECORD) < RECORD) {
            throw Bad.file(f, "truncated while reading record " + (r + 1));
          }
          int label = rec[0] & 0xFF;
          if (label > 9) {
            throw Bad.file(f, "record " + (r + 1) + " is mislabelled: label byte " + label
                + " is not a CIFAR-10 class 0..9");
          }
          float[] v = new float[SIDE * SIDE * 3];
          for (int p = 0; p < SIDE * SIDE; p++) {
            for (int c = 0; c < 3; c++) {
              v[3 * p + c] = (rec[1 + c * SIDE * SIDE + p] & 0xFF) / 255f;
            }
          }
          sink.add(f, new Picture(v, SIDE, SIDE, 3),
              names == null ? "cifar10:" + label : names.get(label));
        }
      }
    }
  }

  /** The ten class names of {@code batches.meta.txt} (non-blank lines), or null without it. */
  private static List<String> classNames(Path dir) throws IOException {
    Path meta = dir.resolve("batches.meta.txt");
    if (!Files.isRegularFile(meta)) {
      return null;
    }
    List<String> names = Files.readAllLines(meta, StandardCharsets.ISO_8859_1).stream()
        .map(String::strip).filter(l -> !l.isEmpty()).toList();
    if (names.size() != 10) {
      throw Bad.file(meta, names.size() + " class names, expected 10 (one a line)");
    }
    return names;
  }
}
