package org.denseam.datasets;

import java.util.List;

/**
 * Images of one size, read from a data set by {@link Datasets#images}.
 *
 * <p>Image {@code i}'s value at row {@code y}, column {@code x}, channel {@code c} is {@code
 * pixels[((i·height + y)·width + x)·channels + c]}: images one after another, each row-major with
 * the channels of a pixel next to each other (HWC; R, G, B for three channels). Values are in [0,
 * 1]. The array is shared, not copied: do not change it while the set is in use.
 *
 * <p>The labels, one per image, depend on the format: the file name without its extension for a
 * directory of PNG or JPEG files, the wnid for Tiny ImageNet, the class name for CIFAR-10 when
 * {@code batches.meta.txt} is present and {@code cifar10:K} otherwise, the class number {@code K}
 * for IDX files with a label file, and {@code #I} (the image's index in the file, from 0) for IDX
 * files without one and for NPY arrays (docs/datasets.md).
 *
 * @param name where the images came from (the path they were read from)
 * @param count number of images, at least 0
 * @param height rows of every image, at least 1
 * @param width columns of every image, at least 1
 * @param channels 1 (grayscale) or 3 (R, G, B)
 * @param pixels {@code count × height × width × channels} values in [0, 1], as above
 * @param labels one label per image
 */
public record ImageSet(String name, int count, int height, int width, int channels,
    float[] pixels, List<String> labels) {
  /**
   * Checks the shape and the values.
   *
   * @throws IllegalArgumentException if {@code count} is negative, {@code height} or {@code
   *     width} is below 1, {@code channels} is not 1 or 3, {@code pixels} does not hold {@code
   *     count × height × width × channels} values, a value is not in [0, 1] (NaN included), or
   *     {@code labels} does not hold {@code count} labels
   * @throws NullPointerException if {@code name}, {@code pixels}, {@code labels} or a label is
   *     null
   */
  public ImageSet {
    java.util.Objects.requireNonNull(name, "name");
    if (count < 0 || height < 1 || width < 1) {
      throw new IllegalArgumentException("image set " + count + " x " + height + " x " + width
          + " needs count >= 0, height >= 1 and width >= 1");
    }
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels must be 1 or 3 (got " + channels + ")");
    }
    long n = (long) count * height * width * channels;
    if (pixels.length != n) {
      throw new IllegalArgumentException(pixels.length + " pixel values for " + count
          + " images of " + height + " x " + width + " x " + channels + " (" + n + " values)");
    }
    for (int i = 0; i < pixels.length; i++) {
      if (!(pixels[i] >= 0f && pixels[i] <= 1f)) {
        throw new IllegalArgumentException("pixel value " + pixels[i] + " at index " + i
            + " is not in [0, 1]");
      }
    }
    labels = List.copyOf(labels);
    if (labels.size() != count) {
      throw new IllegalArgumentException(labels.size() + " labels for " + count + " images");
    }
  }

  /**
   * The number of values in one image.
   *
   * @return {@code height × width × channels}
   */
  public int imageSize() {
    return height * width * channels;
  }

  /**
   * One image's values, in the layout of {@link #pixels} (HWC).
   *
   * @param i the image, from 0
   * @return a copy of its {@code height × width × channels} values
   * @throws IndexOutOfBoundsException if {@code i} is not in [0, count)
   */
  public float[] image(int i) {
    java.util.Objects.checkIndex(i, count);
    int n = imageSize();
    float[] out = new float[n];
    System.arraycopy(pixels, i * n, out, 0, n);
    return out;
  }

  /**
   * One value.
   *
   * @param i the image, from 0
   * @param y the row, from 0 (top)
   * @param x the column, from 0 (left)
   * @param c the channel, from 0 (R, G, B for three channels)
   * @return the value, in [0, 1]
   * @throws IndexOutOfBoundsException if an index is out of range
   */
  public float pixel(int i, int y, int x, int c) {
    java.util.Objects.checkIndex(i, count);
    java.util.Objects.checkIndex(y, height);
    java.util.Objects.checkIndex(x, width);
    java.util.Objects.checkIndex(c, channels);
    return pixels[((i * height + y) * width + x) * channels + c];
  }

  /**
   * One image in grayscale: for three channels the ITU-R BT.601 luma {@code 0.299 R + 0.587 G +
   * 0.114 B} of each pixel (computed in double precision, rounded to float), for one channel a
   * copy of the image.
   *
   * @param i the image, from 0
   * @return its {@code height × width} values, row-major
   * @throws IndexOutOfBoundsException if {@code i} is not in [0, count)
   */
  public float[] gray(int i) {
    java.util.Objects.checkIndex(i, count);
    return luma(pixels, i * imageSize(), height * width, channels);
  }

  /**
   * The set in grayscale: every image as {@link #gray(int)} gives it.
   *
   * @return this set if it has one channel, else a set of one channel with the same name, size
   *     and labels
   */
  public ImageSet toGray() {
    if (channels == 1) {
      return this;
    }
    return new ImageSet(name, count, height, width, 1,
        luma(pixels, 0, count * height * width, 3), labels);
  }

  /**
   * The luma of {@code n} pixels from {@code from} in {@code values} (one channel: a copy).
   * Rounding can leave a result a float's step above 1; it is clamped to 1.
   */
  static float[] luma(float[] values, int from, int n, int channels) {
    float[] out = new float[n];
    if (channels == 1) {
      System.arraycopy(values, from, out, 0, n);
      return out;
    }
    for (int p = 0, s = from; p < n; p++, s += 3) {
      double y = 0.299 * values[s] + 0.587 * values[s + 1] + 0.114 * values[s + 2];
      out[p] = (float) Math.min(1.0, y);
    }
    return out;
  }
}
