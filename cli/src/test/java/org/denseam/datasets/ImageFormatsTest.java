package org.denseam.datasets;

import static org.denseam.datasets.TestFiles.cifarRecord;
import static org.denseam.datasets.TestFiles.cifarValue;
import static org.denseam.datasets.TestFiles.refused;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFormatsTest {
  @TempDir Path dir;

  // ---- PNG and JPEG

  @Test
  void aDirectoryOfPngsIsReadInNameOrderExactly() throws IOException {
    TestFiles.image(dir.resolve("b.png"), "png", new int[][] {{0x102030, 0x405060},
        {0x708090, 0xA0B0C0}}, false);
    TestFiles.image(dir.resolve("a.PNG"), "png", new int[][] {{0, 255}, {128, 7}}, true);
    Files.writeString(dir.resolve("notes.txt"), "ignored");
    ImageSet s = Datasets.images(dir, 10, 2, 3);
    assertEquals(List.of("a", "b"), s.labels());
    assertEquals(dir.toString(), s.name());
    // a.PNG: grayscale replicated, exact.
    assertArrayEquals(new float[] {0, 0, 0, 1, 1, 1, 128 / 255f, 128 / 255f, 128 / 255f,
        7 / 255f, 7 / 255f, 7 / 255f}, s.image(0));
    // b.png: R, G, B of each pixel, exact.
    assertEquals(0x10 / 255f, s.pixel(1, 0, 0, 0));
    assertEquals(0x60 / 255f, s.pixel(1, 0, 1, 2));
    assertEquals(0xB0 / 255f, s.pixel(1, 1, 1, 1));
    // max keeps the first in name order; one channel is the luma.
    ImageSet g = Datasets.images(dir, 1, 2, 1);
    assertEquals(List.of("a"), g.labels());
    assertArrayEquals(new float[] {0, 1, 128 / 255f, 7 / 255f}, g.pixels());
    ImageSet bg = Datasets.images(dir.resolve("b.png"), 5, 2, 1);
    assertEquals((float) (0.299 * (0x10 / 255f) + 0.587 * (0x20 / 255f) + 0.114 * (0x30 / 255f)),
        bg.pixel(0, 0, 0, 0));
  }

  @Test
  void aNonSquarePngIsCentreCroppedAndShrunk() throws IOException {
    int[][] v = new int[4][6]; // 4 x 6: columns 1..4 kept, then 2 x 2 blocks averaged
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 6; x++) {
        // Outer columns 255 (cropped off); top-left block 40, top-right 60 and 80, bottom 80.
        v[y][x] = x == 0 || x == 5 ? 255 : y >= 2 ? 80 : x < 3 ? 40 : 60 + 20 * (x - 3);
      }
    }
    Path f = TestFiles.image(dir.resolve("wide.png"), "png", v, true);
    ImageSet s = Datasets.images(f, 1, 2, 1);
    assertEquals(1, s.count());
    assertArrayEquals(new float[] {40 / 255f, 70 / 255f, 80 / 255f, 80 / 255f}, s.pixels(),
        1e-6f);
  }

  @Test
  void aJpegIsDecoded() throws IOException {
    TestFiles.uniform(dir.resolve("j.jpg"), "jpg", 8, 8, 0xC86432);
    ImageSet s = Datasets.images(dir, 1, 4, 3);
    assertEquals(List.of("j"), s.labels());
    assertEquals(0xC8 / 255f, s.pixel(0, 1, 2, 0), 4 / 255f); // lossy
    assertEquals(0x64 / 255f, s.pixel(0, 1, 2, 1), 4 / 255f);
    assertEquals(0x32 / 255f, s.pixel(0, 1, 2, 2), 4 / 255f);
  }

  @Test
  void anUndecodableImageIsNamed() throws IOException {
    TestFiles.uniform(dir.resolve("a.png"), "png", 2, 2, 0);
    Path bad = TestFiles.write(dir.resolve("b.png"), new byte[] {1, 2, 3, 4, 5});
    refused(bad, "not an image ImageIO can decode", () -> Datasets.images(dir, 5, 2, 3));
    // A PNG signature with nothing behind it.
    Path cut = TestFiles.write(dir.resolve("c.png"),
        new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0});
    refused(cut, "", () -> Datasets.images(cut, 5, 2, 3));
  }

  // ---- Tiny ImageNet

  private Path tinyTree() throws IOException {
    Path train = dir.resolve("tiny/train");
    TestFiles.uniform(train.resolve("n02/images/n02_0.JPEG"), "jpg", 8, 8, 0x000000);
    TestFiles.uniform(train.resolve("n02/images/n02_1.JPEG"), "jpg", 8, 8, 0x000000);
    TestFiles.uniform(train.resolve("n01/images/n01_1.JPEG"), "jpg", 8, 8, 0xFFFFFF);
    TestFiles.uniform(train.resolve("n01/images/n01_0.JPEG"), "jpg", 8, 8, 0xFFFFFF);
    TestFiles.uniform(train.resolve("n01/images/n01_2.JPEG"), "jpg", 8, 8, 0xFFFFFF);
    Files.writeString(train.resolve("n01/n01_boxes.txt"), "ignored");
    Path val = dir.resolve("tiny/val");
    TestFiles.uniform(val.resolve("images/val_1.JPEG"), "jpg", 8, 8, 0x808080);
    TestFiles.uniform(val.resolve("images/val_0.JPEG"), "jpg", 8, 8, 0x808080);
    Files.writeString(val.resolve("val_annotations.txt"),
        "val_0.JPEG\tn02\t0\t0\t8\t8\nval_1.JPEG\tn01\t1\t1\t7\t7\n");
    return dir.resolve("tiny");
  }

  @Test
  void tinyImageNetTrainIsTakenRoundRobinOverSortedClasses() throws IOException {
    Path root = tinyTree();
    ImageSet s = Datasets.images(root, 100, 2, 1);
    assertEquals(List.of("n01", "n02", "n01", "n02", "n01"), s.labels());
    assertEquals(1f, s.pixel(0, 0, 0, 0), 0.02f);
    assertEquals(0f, s.pixel(1, 0, 0, 0), 0.02f);
    assertEquals(List.of("n01", "n02", "n01"), Datasets.images(root.resolve("train"), 3, 2, 3)
        .labels());
  }

  @Test
  void tinyImageNetValIsLabelledByItsAnnotations() throws IOException {
    Path val = tinyTree().resolve("val");
    assertEquals(List.of("n02", "n01"), Datasets.images(val, 10, 2, 3).labels());
    Files.writeString(val.resolve("val_annotations.txt"), "val_0.JPEG\tn02\n");
    refused(val.resolve("val_annotations.txt"), "no entry for val_1.JPEG",
        () -> Datasets.images(val, 10, 2, 3));
    // The images directory alone is a directory of images.
    assertEquals(List.of("val_0", "val_1"), Datasets.images(val.resolve("images"), 10, 2, 3)
        .labels());
  }

  // ---- CIFAR-10

  @Test
  void cifarRecordsArePlanarBytesInHwcOrder() throws IOException {
    Path f = TestFiles.write(dir.resolve("data_batch_1.bin"), cifarRecord(3, 0),
        cifarRecord(9, 5));
    ImageSet s = Datasets.images(f, 10, 32, 3);
    assertEquals(2, s.count());
    assertEquals(List.of("cifar10:3", "cifar10:9"), s.labels());
    for (int i = 0; i < 2; i++) {
      for (int p : new int[] {0, 1, 31, 32, 33, 500, 1023}) {
        for (int c = 0; c < 3; c++) {
          assertEquals(cifarValue(c, p, 5 * i) / 255f, s.pixel(i, p / 32, p % 32, c));
        }
      }
    }
  }

  @Test
  void aCifarDirectoryReadsTrainingBatchesThenTestWithClassNames() throws IOException {
    Path d = dir.resolve("cifar-10-batches-bin");
    TestFiles.write(d.resolve("test_batch.bin"), cifarRecord(0, 0));
    TestFiles.write(d.resolve("data_batch_10.bin"), cifarRecord(2, 0));
    TestFiles.write(d.resolve("data_batch_2.bin"), cifarRecord(1, 0));
    TestFiles.write(d.resolve("readme.html"), new byte[] {1});
    Files.writeString(d.resolve("batches.meta.txt"), "airplane\nautomobile\nbird\ncat\ndeer\n"
        + "dog\nfrog\nhorse\nship\ntruck\n\n");
    assertEquals(List.of("automobile", "bird", "airplane"), Datasets.images(d, 9, 8, 1)
        .labels());
    ImageSet parent = Datasets.images(dir, 2, 16, 3);
    assertEquals(List.of("automobile", "bird"), parent.labels());
    assertEquals(16, parent.height());
  }

  @Test
  void badCifarBatchesAreRefused() throws IOException {
    Path cut = TestFiles.write(dir.resolve("data_batch_1.bin"), new byte[5000]);
    refused(cut, "truncated: 5000 bytes is not a whole number of 3073-byte CIFAR-10 records",
        () -> Datasets.images(cut, 10, 32, 3));
    Path bad = TestFiles.write(dir.resolve("data_batch_1.bin"), cifarRecord(1, 0),
        cifarRecord(12, 0));
    refused(bad, "record 2 is mislabelled: label byte 12 is not a CIFAR-10 class 0..9",
        () -> Datasets.images(dir, 10, 32, 3));
    Path empty = TestFiles.write(dir.resolve("e.bin"));
    refused(empty, "empty file", () -> Datasets.images(empty, 10, 32, 3));
    Files.delete(empty);
    TestFiles.write(dir.resolve("data_batch_1.bin"), cifarRecord(1, 0));
    Files.writeString(dir.resolve("batches.meta.txt"), "cat\ndog\n");
    refused(dir.resolve("batches.meta.txt"), "2 class names, expected 10",
        () -> Datasets.images(dir, 10, 32, 3));
  }

  // ---- IDX

  private static byte[] digits(int n, int rows, int cols) {
    byte[] b = new byte[n * rows * cols];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (i * 37);
    }
    return b;
  }

  @Test
  void idxImagesPlainAndGzippedWithTheirLabels() throws IOException {
    byte[] px = digits(3, 2, 2);
    byte[] images = TestFiles.idx(Idx.IMAGES, new int[] {3, 2, 2}, px);
    byte[] labels = TestFiles.idx(Idx.LABELS, new int[] {3}, new byte[] {7, 0, 9});
    Path plain = TestFiles.write(dir.resolve("p/train-images-idx3-ubyte"), images);
    TestFiles.write(dir.resolve("p/train-labels-idx1-ubyte"), labels);
    Path gz = TestFiles.gzip(dir.resolve("g/t10k-images-idx3-ubyte.gz"), images);
    TestFiles.gzip(dir.resolve("g/t10k-labels-idx1-ubyte.gz"), labels);
    for (Path f : List.of(plain, gz)) {
      ImageSet s = Datasets.images(f, 2, 2, 1);
      assertEquals(List.of("7", "0"), s.labels());
      for (int k = 0; k < 8; k++) {
        assertEquals((px[k] & 0xFF) / 255f, s.pixels()[k], f + " " + k);
      }
    }
    ImageSet rgb = Datasets.images(dir.resolve("g"), 5, 2, 3);
    assertEquals(3, rgb.count());
    assertEquals(rgb.pixel(2, 1, 0, 0), rgb.pixel(2, 1, 0, 2));
    // Without a label file: the index.
    Path alone = TestFiles.write(dir.resolve("a/x-images-idx3-ubyte"), images);
    assertEquals(List.of("#0", "#1", "#2"), Datasets.images(alone, 5, 2, 1).labels());
  }

  @Test
  void aDirectoryOfIdxFilesReadsTrainingFilesFirst() throws IOException {
    TestFiles.write(dir.resolve("t10k-images-idx3-ubyte"),
        TestFiles.idx(Idx.IMAGES, new int[] {1, 1, 1}, new byte[] {0}));
    TestFiles.write(dir.resolve("train-images-idx3-ubyte"),
        TestFiles.idx(Idx.IMAGES, new int[] {1, 1, 1}, new byte[] {(byte) 255}));
    ImageSet s = Datasets.images(dir, 5, 1, 1);
    assertArrayEquals(new float[] {1, 0}, s.pixels());
  }

  @Test
  void badIdxFilesAreRefused() throws IOException {
    byte[] labels = TestFiles.idx(Idx.LABELS, new int[] {2}, new byte[] {1, 2});
    Path wrong = TestFiles.gzip(dir.resolve("train-images-idx3-ubyte.gz"), labels);
    refused(wrong, "not an IDX image file (magic 0x00000801, expected 0x00000803)",
        () -> Datasets.images(wrong, 5, 2, 1));
    Files.delete(wrong);
    Path cut = TestFiles.write(dir.resolve("train-images-idx3-ubyte"),
        TestFiles.idx(Idx.IMAGES, new int[] {3, 2, 2}, new byte[10]));
    refused(cut, "truncated: the header declares 3 images of 2 x 2 (12 data bytes), the file"
        + " has 10", () -> Datasets.images(cut, 1, 2, 1));
    Path cutGz = TestFiles.gzip(dir.resolve("g/x-images-idx3-ubyte.gz"),
        TestFiles.idx(Idx.IMAGES, new int[] {3, 2, 2}, new byte[10]));
    refused(cutGz, "truncated", () -> Datasets.images(cutGz, 5, 2, 1));
    Path ok = TestFiles.write(dir.resolve("train-images-idx3-ubyte"),
        TestFiles.idx(Idx.IMAGES, new int[] {3, 2, 2}, new byte[12]));
    Path mismatch = TestFiles.write(dir.resolve("train-labels-idx1-ubyte"), labels);
    refused(mismatch, "2 labels for the 3 images of train-images-idx3-ubyte",
        () -> Datasets.images(ok, 5, 2, 1));
    Path notLabels = TestFiles.write(dir.resolve("train-labels-idx1-ubyte"),
        TestFiles.idx(Idx.IMAGES, new int[] {3, 2, 2}, new byte[12]));
    refused(notLabels, "not an IDX label file (magic 0x00000803, expected 0x00000801)",
        () -> Datasets.images(ok, 5, 2, 1));
    Path damaged = TestFiles.write(dir.resolve("d-images-idx3-ubyte.gz"),
        new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3});
    refused(damaged, "gzip", () -> Datasets.images(damaged, 5, 2, 1));
  }

  // ---- NPY

  @Test
  void npyUint8AndFloatImagesInTheirShapes() throws IOException {
    byte[] u = new byte[2 * 2 * 2 * 3];
    for (int i = 0; i < u.length; i++) {
      u[i] = (byte) (i * 11);
    }
    Path rgb = TestFiles.npy(dir.resolve("rgb.npy"), "|u1", new long[] {2, 2, 2, 3}, u);
    ImageSet s = Datasets.images(rgb, 5, 2, 3);
    assertEquals(List.of("#0", "#1"), s.labels());
    for (int i = 0; i < u.length; i++) {
      assertEquals((u[i] & 0xFF) / 255f, s.pixels()[i]);
    }
    float[] f = {0, 0.25f, 0.5f, 1, 0.125f, 0.75f, 0.3f, 0.9f};
    Path nhw = TestFiles.npy(dir.resolve("nhw.npy"), "<f4", new long[] {2, 2, 2},
        TestFiles.float32(f));
    assertArrayEquals(f, Datasets.images(nhw, 5, 2, 1).pixels());
    Path nd = TestFiles.npy(dir.resolve("nd.npy"), "<f8", new long[] {2, 4},
        TestFiles.float64(0, 0.25, 0.5, 1, 0.125, 0.75, 0.3, 0.9));
    ImageSet flat = Datasets.images(nd, 1, 2, 3);
    assertEquals(1, flat.count());
    assertEquals(0.25f, flat.pixel(0, 0, 1, 2));
    Path nhw1 = TestFiles.npy(dir.resolve("nhw1.npy"), "<f4", new long[] {2, 2, 2, 1},
        TestFiles.float32(f));
    assertArrayEquals(f, Datasets.images(nhw1, 5, 2, 1).pixels());
    // The library's writer (2-D, float32).
    Path lib = dir.resolve("lib.npy");
    org.denseam.api.NpyFile.write(lib, new double[] {0, 1, 1, 0, 0.5, 0.5, 0.5, 0.5, 1, 1, 1, 1,
        0, 0, 0, 0}, 1, 16, true);
    ImageSet small = Datasets.images(lib, 1, 2, 1);
    assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, small.pixels());
  }

  @Test
  void badNpyImagesAreRefused() throws IOException {
    Path out = TestFiles.npy(dir.resolve("out.npy"), "<f4", new long[] {1, 1, 2},
        TestFiles.float32(0.5f, 1.5f));
    refused(out, "value 1.5 at [0, 0, 1] is outside [0, 1]",
        () -> Datasets.images(out, 5, 2, 1));
    Path nan = TestFiles.npy(dir.resolve("nan.npy"), "<f8", new long[] {1, 1, 1, 1},
        TestFiles.float64(Double.NaN));
    refused(nan, "value NaN at [0, 0, 0, 0] is not finite", () -> Datasets.images(nan, 5, 2, 1));
    Path flat = TestFiles.npy(dir.resolve("flat.npy"), "<f4", new long[] {1, 5},
        TestFiles.float32(0, 0, 0, 0, 0));
    refused(flat, "5 is not a square", () -> Datasets.images(flat, 5, 2, 1));
    Path twoCh = TestFiles.npy(dir.resolve("c2.npy"), "<f4", new long[] {1, 1, 1, 2},
        TestFiles.float32(0, 0));
    refused(twoCh, "shape (1, 1, 1, 2) is not one of images", () -> Datasets.images(twoCh, 5, 2,
        1));
    Path cut = TestFiles.npy(dir.resolve("cut.npy"), "|u1", new long[] {2, 2, 2}, new byte[7]);
    refused(cut, "truncated: shape (2, 2, 2) needs 8 data bytes, the file has 7",
        () -> Datasets.images(cut, 1, 2, 1));
    Path ints = TestFiles.npy(dir.resolve("ints.npy"), "<i4", new long[] {1, 1, 1}, new byte[4]);
    refused(ints, "dtype 'i4' is not supported: use float32, float64 or uint8",
        () -> Datasets.images(ints, 1, 2, 1));
  }

  // ---- Arguments and directories

  @Test
  void badArgumentsAndSourcesAreRefused() throws IOException {
    TestFiles.uniform(dir.resolve("a.png"), "png", 2, 2, 0);
    assertTrue(refusedArg(() -> Datasets.images(dir, 0, 2, 3)).contains("max must be > 0"));
    assertTrue(refusedArg(() -> Datasets.images(dir, 1, 0, 3)).contains("size must be > 0"));
    assertTrue(refusedArg(() -> Datasets.images(dir, 1, 2, 2)).contains("channels must be 1"));
    Path missing = dir.resolve("missing");
    refused(missing, "no such file or directory", () -> Datasets.images(missing, 1, 2, 3));
    Path empty = Files.createDirectory(dir.resolve("empty"));
    refused(empty, "empty directory", () -> Datasets.images(empty, 1, 2, 3));
    Path other = Files.createDirectory(dir.resolve("other"));
    Files.writeString(other.resolve("x.txt"), "text");
    refused(other, "no recognisable data set", () -> Datasets.images(other, 1, 2, 3));
    Path text = other.resolve("x.txt");
    refused(text, "not a recognised image format", () -> Datasets.images(text, 1, 2, 3));
  }

  private static String refusedArg(org.junit.jupiter.api.function.Executable call) {
    return org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, call)
        .getMessage();
  }
}
