import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;

/**
 * Writes a CIFAR-10 binary batch (3073-byte records: a label byte, then 1024 R, 1024 G and 1024 B
 * bytes of a 32 × 32 image, row-major) from the PNG/JPEG files of a directory, by name, each
 * centre-cropped to a square and scaled by area averaging; the label of the i-th image is i mod
 * 10. Usage: java scripts/CifarBatch.java PHOTO_DIR OUT.bin
 */
public class CifarBatch {
  public static void main(String[] args) throws Exception {
    File[] files = new File(args[0]).listFiles(
        f -> f.getName().toLowerCase().matches(".*\\.(png|jpe?g)"));
    Arrays.sort(files);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < files.length; i++) {
      BufferedImage src = ImageIO.read(files[i]);
      int side = Math.min(src.getWidth(), src.getHeight());
      BufferedImage square = src.getSubimage((src.getWidth() - side) / 2,
          (src.getHeight() - side) / 2, side, side);
      BufferedImage small = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = small.createGraphics();
      g.drawImage(square.getScaledInstance(32, 32, Image.SCALE_AREA_AVERAGING), 0, 0, null);
      g.dispose();
      out.write(i % 10);
      for (int shift = 16; shift >= 0; shift -= 8) {
        for (int y = 0; y < 32; y++) {
          for (int x = 0; x < 32; x++) {
            out.write((small.getRGB(x, y) >> shift) & 0xFF);
          }
        }
      }
    }
    Files.write(Path.of(args[1]), out.toByteArray());
    System.out.println(args[1] + ": " + files.length + " records");
  }
}
