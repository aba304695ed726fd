package org.denseam.datasets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the images a reader decodes, each cropped, resampled ({@link Resample}) and converted
 * to the set's channels as it arrives, until {@code max} images are held.
 */
final class ImageSink {
  private final int max;
  private final int size;
  private final int channels;
  private final List<float[]> images = new ArrayList<>();
  private final List<String> labels = new ArrayList<>();

  ImageSink(int max, int size, int channels) {
    this.max = max;
    this.size = size;
    this.channels = channels;
  }

  /** Whether {@code max} images are held: readers stop. */
  boolean full() {
    return images.size() >= max;
  }

  /** How many images are held. */
  int count() {
    return images.size();
  }

  /**
   * Adds one image: to one channel by luma before resampling, from one channel to three by
   * copying after it.
   */
  void add(Path from, Picture p, String label) {
    if ((long) (images.size() + 1) * size * size * channels > Integer.MAX_VALUE - 8) {
      throw Bad.file(from, "more than " + images.size() + " images of " + size + " x " + size
          + " x " + channels + " do not fit one array: read fewer");
    }
    Picture q = p;
    if (channels == 1 && p.channels() == 3) {
      q = new Picture(ImageSet.luma(p.pixels(), 0, p.height() * p.width(), 3), p.height(),
          p.width(), 1);
    }
    float[] v = Resample.square(q, size);
    if (channels == 3 && q.channels() == 1) {
      float[] rgb = new float[v.length * 3];
      for (int i = 0; i < v.length; i++) {
        rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = v[i];
      }
      v = rgb;
    }
    images.add(v);
    labels.add(label);
  }

  /** The set; refused if no image was read. */
  ImageSet build(Path src) {
    if (images.isEmpty()) {
      throw Bad.file(src, "holds no images");
    }
    int n = size * size * channels;
    float[] all = new float[images.size() * n];
    for (int i = 0; i < images.size(); i++) {
      System.arraycopy(images.get(i), 0, all, i * n, n);
    }
    return new ImageSet(src.toString(), images.size(), size, size, channels, all, labels);
  }
}
