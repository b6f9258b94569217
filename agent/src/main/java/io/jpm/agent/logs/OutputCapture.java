package io.jpm.agent.logs;

import io.jpm.agent.supervision.LogPolicy;
import io.jpm.agent.supervision.ProcessLauncher.LogFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Captures instances' output through spool files: each process appends its stdout and stderr to
 * files of its own in {@code JPM_HOME/run/spool} ({@code <id>.<generation>.out|err}, opened by the
 * kernel for the child, O_APPEND), and one {@link SpoolCopier} thread copies them into the
 * instance's log files, shared per path, with rotation, gzip and framing. stdin is a FIFO next to
 * them ({@code .in}), created by the child's launch shell.
 *
 * <p>Why spools and not pipes: a pipe loses whatever its reader had read but not yet written when
 * the reader is killed, and blocks the app while nobody reads. A spool keeps every byte in the
 * kernel's hands until the copy is journaled as done ({@link SpoolJournal}), so the agent can die
 * at any instant, and apps never wait for it. Every spawn gets a new generation, so the output of a
 * process that a previous agent was still copying is never confused with its successor's.
 * Thread-safe.
 */
public final class OutputCapture implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(OutputCapture.class.getName());

  private final Path logDir;
  private final Path spoolDir;
  private final Path journalDir;
  private final InstantSource clock;
  private final ZoneId zone;
  private final ExecutorService background;
  private final SpoolCopier copier;
  private final AtomicLong generations = new AtomicLong();
  private volatile LogSink sink = LogSink.none();
  // What every spool's lines go to: whichever sink is set when they are captured.
  private final LogSink currentSink =
      new LogSink() {
        @Override
        public void line(CapturedLine line) {
          sink.line(line);
        }

        @Override
        public boolean wants(String app, int id, int index, LogStream stream) {
          return sink.wants(app, id, index, stream);
        }
      };
  // All guarded by this.
  private final Map<Path, SharedWriter> writers = new HashMap<>();
  private final Map<Integer, Attachment> latest = new HashMap<>();
  private boolean closed;

  private static final class SharedWriter {
    final LogFileWriter writer;
    int users;

    SharedWriter(LogFileWriter writer) {
      this.writer = writer;
    }
  }

  /** Capture into {@code logDir} (default log files) through spools under {@code runDir}. */
  public OutputCapture(Path logDir, Path runDir, InstantSource clock, ZoneId zone) {
    this.logDir = logDir;
    this.spoolDir = runDir.resolve("spool");
    this.journalDir = runDir.resolve("journal");
    this.clock = clock;
    this.zone = zone;
    this.background =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "jpm-log-background");
              t.setDaemon(true);
              return t;
            });
    try {
      ownerOnlyDirs(runDir, spoolDir, journalDir);
      this.copier = new SpoolCopier(spoolDir);
    } catch (IOException e) {
      background.shutdown();
      throw new UncheckedIOException("cannot set up output capture in " + runDir, e);
    }
  }

  /** Sends every captured line to {@code sink} from now on. */
  public void publishTo(LogSink sink) {
    this.sink = sink;
  }

  /** The log files of an instance under {@code logs} (per-instance form), defaults in logDir. */
  public LogFiles files(String app, int index, LogPolicy logs) {
    return new LogFiles(
        logs.outFile() != null
            ? Path.of(logs.outFile())
            : logDir.resolve(app + "-out-" + index + ".log"),
        logs.errorFile() != null
            ? Path.of(logs.errorFile())
            : logDir.resolve(app + "-error-" + index + ".log"));
  }

  /** The stdin FIFO of instance {@code id}'s current process, or null when it has none. */
  public synchronized Path stdin(int id) {
    Attachment a = latest.get(id);
    return a == null ? null : a.in;
  }

  /**
   * Creates the spools of a new process of instance {@code id} and starts copying them into its log
   * files. The process must then be started with the returned files as its stdin/stdout/stderr.
   */
  public Attachment attach(int id, String app, int index, LogPolicy logs) throws IOException {
    long gen = nextGeneration();
    Path out = spoolDir.resolve(id + "." + gen + ".out");
    Path err = spoolDir.resolve(id + "." + gen + ".err");
    Files.deleteIfExists(out);
    Files.deleteIfExists(err);
    Files.createFile(
        out, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.createFile(
        err, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Attachment a = start(id, app, index, logs, gen, false);
    return a;
  }

  /**
   * Takes over the spools a previous agent left for instance {@code id}: what they hold beyond its
   * journals is copied; the newest generation goes on being copied when the process is {@code
   * alive}, all others are copied to their end and removed.
   *
   * @return the newest generation's attachment, or null when the instance has no spools
   */
  public Attachment recover(int id, String app, int index, LogPolicy logs, boolean alive)
      throws IOException {
    TreeMap<Long, Path> gens = new TreeMap<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(spoolDir, id + ".*.out")) {
      for (Path p : files) {
        String[] parts = p.getFileName().toString().split("\\.");
        try {
          gens.put(Long.parseLong(parts[1]), p);
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
          LOG.fine(() -> "not a spool: " + p);
        }
      }
    }
    Attachment newest = null;
    for (Map.Entry<Long, Path> g : gens.entrySet()) {
      boolean last = g.getKey().equals(gens.lastKey());
      generations.accumulateAndGet(g.getKey(), Math::max);
      Attachment a = start(id, app, index, logs, g.getKey(), !(last && alive));
      newest = last ? a : newest;
    }
    return newest;
  }

  private synchronized Attachment start(
      int id, String app, int index, LogPolicy logs, long gen, boolean ended) throws IOException {
    if (closed) {
      throw new IOException("output capture is closed");
    }
    LogFiles files = files(app, index, logs);
    Spool out = spool(id, app, index, LogStream.OUT, logs, gen, files.out());
    Spool err;
    try {
      err = spool(id, app, index, LogStream.ERR, logs, gen, files.err());
    } catch (IOException | RuntimeException e) {
      releaseWriter(files.out());
      throw e;
    }
    Path in = spoolDir.resolve(id + "." + gen + ".in");
    Attachment a = new Attachment(in, out, err, copier);
    if (!ended) {
      latest.put(id, a);
    }
    var unused =
        CompletableFuture.allOf(copier.add(out, ended), copier.add(err, ended))
            .whenComplete(
                (x, e) -> {
                  if (e != null) {
                    LOG.warning("cannot capture the output of instance " + id + ": " + e);
                  }
                });
    var alsoUnused = a.ended().thenRun(() -> ended(id, a));
    return a;
  }

  private Spool spool(
      int id, String app, int index, LogStream stream, LogPolicy logs, long gen, Path file)
      throws IOException {
    LogFileWriter writer = acquire(file, logs);
    String name = id + "." + gen + "." + stream.word();
    return new Spool(
        spoolDir.resolve(name),
        journalDir.resolve(name),
        writer,
        new LineFramer(logs, app, index, stream, zone),
        new LineAssembler(app, id, index, stream, currentSink),
        clock,
        () -> users(file) > 1,
        new Spool.Context() {
          @Override
          public void reclaim(Path spool, long from, long length) {
            background.execute(() -> SpoolSpace.punchHole(spool, from, length));
          }

          @Override
          public void retired(Spool spool) {
            releaseWriter(file);
          }
        });
  }

  private long nextGeneration() {
    long now = clock.millis() * 1000;
    return generations.accumulateAndGet(now, (prev, n) -> Math.max(prev + 1, n));
  }

  private LogFileWriter acquire(Path file, LogPolicy logs) throws IOException {
    SharedWriter shared = writers.get(file);
    if (shared == null) {
      shared =
          new SharedWriter(
              LogFileWriter.open(
                  file, logs.maxSizeBytes(), logs.retain(), logs.compress(), background));
      writers.put(file, shared);
    }
    shared.users++;
    return shared.writer;
  }

  private synchronized int users(Path file) {
    SharedWriter shared = writers.get(file);
    return shared == null ? 0 : shared.users;
  }

  private synchronized void releaseWriter(Path file) {
    SharedWriter shared = writers.get(file);
    if (shared != null && --shared.users == 0) {
      writers.remove(file);
      try {
        shared.writer.close();
      } catch (IOException e) {
        LOG.warning("cannot close " + file + ": " + e);
      }
    }
  }

  private synchronized void ended(int id, Attachment a) {
    latest.remove(id, a);
    try {
      Files.deleteIfExists(a.in);
    } catch (IOException e) {
      LOG.fine(() -> "cannot remove " + a.in + ": " + e);
    }
  }

  /** The writer currently open for {@code file}, or null when no spool is copied into it. */
  synchronized LogFileWriter openWriter(Path file) {
    SharedWriter shared = writers.get(file);
    return shared == null ? null : shared.writer;
  }

  /**
   * Stops copying without touching the processes (their output waits in the spools for the next
   * agent) and closes the files: the agent is going away.
   */
  @Override
  public void close() {
    List<SharedWriter> open;
    synchronized (this) {
      closed = true;
    }
    copier.close();
    synchronized (this) {
      open = new ArrayList<>(writers.values());
      writers.clear();
    }
    for (SharedWriter w : open) {
      try {
        w.writer.close();
      } catch (IOException e) {
        LOG.fine(() -> "close failed: " + e);
      }
    }
    background.shutdown();
    try {
      background.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void ownerOnlyDirs(Path... dirs) throws IOException {
    for (Path dir : dirs) {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      }
    }
  }
}
