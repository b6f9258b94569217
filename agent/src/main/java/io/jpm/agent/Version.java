package io.jpm.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The software version (from the build) and the wire protocol version of this jpm. */
public final class Version {
  /** The control protocol version this build speaks (see control.proto). */
  public static final int PROTOCOL = 1;

  private static final String SOFTWARE = load();

  private Version() {}

  /** The software version, e.g. "0.1.0-SNAPSHOT". */
  public static String software() {
    return SOFTWARE;
  }

  private static String load() {
    Properties p = new Properties();
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p.getProperty("version", "dev");
  }
}
