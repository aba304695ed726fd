package org.denseam.datasets;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * PNG and JPEG files (through {@code javax.imageio}): a directory of them, and the Tiny ImageNet
 * tree ({@code train/<wnid>/images/*.JPEG}, {@code val/images} with {@code val_annotations.txt}).
 */
final class ImageFiles {
  private ImageFiles() {}

  /** Whether a name ends in .png, .jpg or .jpeg, in any case. */
  static boolean isImageName(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
  }

  /** The image files of a directory (regular files with an image name), sorted by name. */
  static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> isImageName(p) && Files.isRegularFile(p))
          .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
          .toList();
    }
  }

  /** The subdirectories of a directory, sorted by name. */
  static List<Path> subdirectories(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory)
          .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
          .toList();
    }
  }

  /** A directory of images, in name order; labels are the names without extension. */
  static void readDirectory(Path dir, ImageSink sink) throws IOException {
    readFiles(list(dir), null, sink);
  }

  /** Files in order, labelled from a map of file names, or by their names without extension. */
  private static void readFiles(List<Path> files, Map<String, String> names, ImageSink sink)
      throws IOException {
    for (Path f : files) {
      if (sink.full()) {
        return;
      }
      String label = names == null ? stem(f) : names.get(f.getFileName().toString());
      sink.add(f, decode(f), label);
    }
  }

  /**
   * A Tiny ImageNet training tree: the subdirectories of {@code train} that hold an {@code
   * images} directory are the classes (wnids), in name order; images are taken round-robin: the
   * first image of every class, then the second of every class, and so on (a class with fewer
   * images drops out when they are used up). Labels are the wnids.
   */
  static void readTinyTrain(Path train, ImageSink sink) throws IOException {
    List<String> wnids = new ArrayList<>();
    List<List<Path>> files = new ArrayList<>();
    for (Path d : subdirectories(train)) {
      if (Files.isDirectory(d.resolve("images"))) {
        wnids.add(d.getFileName().toString());
        files.add(list(d.resolve("images")));
      }
    }
    for (int k = 0; !sink.full(); k++) {
      boolean any = false;
      for (int c = 0; c < wnids.size() && !sink.full(); c++) {
        if (k < files.get(c).size()) {
          Path f = files.get(c).get(k);
          sink.add(f, decode(f), wnids.get(c));
          any = true;
        }
      }
      if (!any) {
        return;
      }
    }
  }

  /**
   * A Tiny ImageNet validation (or test) directory: its {@code images} directory in name order,
   * labelled by {@code val_annotations.txt} (tab-separated: file name, wnid, box) when present,
   * else by the names without extension.
   */
  static void readTinyVal(Path dir, ImageSink sink) throws IOException {
    Path ann = dir.resolve("val_annotations.txt");
    List<Path> files = list(dir.resolve("images"));
    if (!Files.isRegularFile(ann)) {
      readFiles(files, null, sink);
      return;
    }
    Map<String, String> names = new HashMap<>();
    List<String> lines = Files.readAllLines(ann, java.nio.charset.StandardCharsets.ISO_8859_1);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      String[] f = lines.get(i).strip().split("\\s+");
      if (f.length < 2) {
        throw Bad.file(ann, "line " + (i + 1) + ": expected a file name and a wnid");
      }
      names.put(f[0], f[1]);
    }
    for (Path f : files) {
      if (!names.containsKey(f.getFileName().toString())) {
        throw Bad.file(ann, "no entry for " + f.getFileName());
      }
    }
    readFiles(files, names, sink);
  }

  /** A file's name without its last extension. */
  static String stem(Path p) {
    String n = p.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot > 0 ? n.substring(0, dot) : n;
  }

  /**
   * Decodes a PNG or JPEG file. Grayscale images (with or without alpha) give one channel, their
   * samples divided by the largest sample of their bit depth; others give R, G, B in 8 bits, each
   * divided by 255. Alpha is dropped.
   */
  static Picture decode(Path p) {
    BufferedImage img;
    try {
      ImageIO.setUseCache(false);
      img = ImageIO.read(p.toFile());
    } catch (IOException | RuntimeException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw Bad.file(p, "cannot decode the image (" + why.strip() + ")");
    }
    if (img == null) {
      throw Bad.file(p, "not an image ImageIO can decode (expected PNG or JPEG)");
    }
    int h = img.getHeight(), w = img.getWidth();
    boolean gray = !(img.getColorModel() instanceof IndexColorModel)
        && img.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
    if (gray) {
      Raster r = img.getRaster();
      float top = (1 << img.getColorModel().getComponentSize(0)) - 1;
      float[] v = new float[h * w];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          v[y * w + x] = r.getSample(x, y, 0) / top;
        }
      }
      return new Picture(v, h, w, 1);
    }
    int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
    float[] v = new float[h * w * 3];
    for (int i = 0; i < argb.length; i++) {
      v[3 * i] = ((argb[i] >> 16) & 0xFF) / 255f;
      v[3 * i + 1] = ((argb[i] >> 8) & 0xFF) / 255f;
      v[3 * i + 2] = (argb[i] & 0xFF) / 255f;
    }
    return new Picture(v, h, w, 3);
  }
}
