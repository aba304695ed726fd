package org.denseam.datasets;

/**
 * One source image before cropping and resampling: {@code height × width × channels} values in
 * [0, 1], row-major, channels interleaved (HWC).
 */
record Picture(float[] pixels, int height, int width, int channels) {
  Picture {
    if (pixels.length != height * width * channels) {
      throw new IllegalStateException("picture of " + pixels.length + " values is not "
          + height + " x " + width + " x " + channels);
    }
  }
}
