/**
 * The data sets of the DrDAM paper's experiments, read in their own formats: images (directories
 * of PNG or JPEG files, Tiny ImageNet trees, CIFAR-10 binary batches, MNIST-style IDX files, NPY
 * arrays) as an {@link org.denseam.datasets.ImageSet}, and tables (the UCI Letter Recognition
 * file, NPY arrays) as a {@link org.denseam.datasets.Table}. {@link
 * org.denseam.datasets.Datasets} detects the format; docs/datasets.md describes the formats.
 */
package org.denseam.datasets;
