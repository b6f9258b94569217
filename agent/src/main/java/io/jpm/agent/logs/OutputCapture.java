package io.jpm.agent.logs;

import io.jpm.agent.supervision.LogPolicy;
import io.jpm.agent.supervision.ProcessLauncher.LogFiles;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;

/**
 * Captures instances' output through FIFOs in JPM_HOME/run ({@code <id>.in}, {@code <id>.out},
 * {@code <id>.err}): the launcher makes the child open its FIFOs read-write itself (so it never
 * gets SIGPIPE, whoever reads), and this class runs one {@link LogPump} per output stream into the
 * instance's log files, shared per file path with rotation and gzip.
 *
 * <p>Every spawn gets fresh FIFOs, so the pump still draining a previous process of the same
 * instance reads its own pipe and never shares one with the new process; the new pump waits for it
 * before writing. Adoption re-attaches to the FIFOs that exist. Thread-safe.
 */
public final class OutputCapture implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(OutputCapture.class.getName());

  private final Path logDir;
  private final Path runDir;
  private final InstantSource clock;
  private final ZoneId zone;
  private final ExecutorService gzip;
  private volatile LogSink sink = LogSink.none();
  // All guarded by this.
  private final Map<Path, SharedWriter> writers = new HashMap<>();
  private final Map<String, LogPump> latestPumps = new HashMap<>();
  private final Map<Integer, Attachment> latest = new HashMap<>();
  private final Set<Attachment> live = new HashSet<>();
  private boolean closed;

  private static final class SharedWriter {
    final LogFileWriter writer;
    int users;

    SharedWriter(LogFileWriter writer) {
      this.writer = writer;
    }
  }

  /** Capture into {@code logDir} (default log files) through FIFOs in {@code runDir}. */
  public OutputCapture(Path logDir, Path runDir, InstantSource clock, ZoneId zone) {
    this.logDir = logDir;
    this.runDir = runDir;
    this.clock = clock;
    this.zone = zone;
    this.gzip =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "jpm-log-gzip");
              t.setDaemon(true);
              return t;
            });
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

  /** The FIFO of instance {@code id} for {@code kind} ("in", "out" or "err"). */
  public Path fifo(int id, String kind) {
    return runDir.resolve(id + "." + kind);
  }

  /**
   * Creates fresh FIFOs for a new process of instance {@code id} and starts pumping them into its
   * log files. The process must then be started with the returned FIFOs as stdin/stdout/stderr.
   */
  public Attachment attach(int id, String app, int index, LogPolicy logs) throws IOException {
    Path in = fifo(id, "in");
    Path out = fifo(id, "out");
    Path err = fifo(id, "err");
    Fifos.createFresh(runDir, List.of(in, out, err));
    return start(id, app, index, logs, in, out, err);
  }

  /**
   * Re-attaches to the FIFOs of a running process that a previous agent started.
   *
   * @throws IOException when its FIFOs are missing
   */
  public Attachment reattach(int id, String app, int index, LogPolicy logs) throws IOException {
    Path in = fifo(id, "in");
    Path out = fifo(id, "out");
    Path err = fifo(id, "err");
    for (Path p : List.of(out, err)) {
      if (!Fifos.isFifo(p)) {
        throw new IOException("no output FIFO " + p);
      }
    }
    return start(id, app, index, logs, in, out, err);
  }

  private synchronized Attachment start(
      int id, String app, int index, LogPolicy logs, Path in, Path out, Path err)
      throws IOException {
    if (closed) {
      throw new IOException("output capture is closed");
    }
    LogFiles files = files(app, index, logs);
    List<Closeable> opened = new ArrayList<>();
    List<Path> acquired = new ArrayList<>();
    try {
      LogFileWriter outWriter = acquire(files.out(), logs);
      acquired.add(files.out());
      LogFileWriter errWriter = acquire(files.err(), logs);
      acquired.add(files.err());
      // Held read-write until the process is known to have exited: it keeps the pipe alive before
      // the process opens it, and keeps end-of-stream away until then. With it open, opening the
      // read ends returns at once, so the pumps hold them before the process can write.
      FileChannel outKeeper = open(out, true, opened);
      FileChannel errKeeper = open(err, true, opened);
      // Likewise for stdin: a line sent before the process has opened it waits in the pipe.
      FileChannel inKeeper = Fifos.isFifo(in) ? open(in, true, opened) : null;
      FileChannel outRead = open(out, false, opened);
      FileChannel errRead = open(err, false, opened);
      LogPump outPump = pump(id, app, index, LogStream.OUT, logs, outRead, outWriter, files.out());
      LogPump errPump = pump(id, app, index, LogStream.ERR, logs, errRead, errWriter, files.err());
      List<FileChannel> keepers = new ArrayList<>(List.of(outKeeper, errKeeper));
      if (inKeeper != null) {
        keepers.add(inKeeper);
      }
      Attachment a = new Attachment(id, in, out, err, outPump, errPump, keepers);
      latest.put(id, a);
      live.add(a);
      var unused =
          outPump
              .ended()
              .thenCombine(errPump.ended(), (o, e) -> o && e)
              .thenAccept(eof -> ended(a, eof));
      outPump.start();
      errPump.start();
      return a;
    } catch (IOException | RuntimeException e) {
      opened.forEach(OutputCapture::closeQuietly);
      acquired.forEach(this::releaseWriter);
      throw e;
    }
  }

  private LogPump pump(
      int id,
      String app,
      int index,
      LogStream stream,
      LogPolicy logs,
      FileChannel readEnd,
      LogFileWriter writer,
      Path file) {
    String key = id + "." + stream.word();
    LineFramer framer = new LineFramer(logs, app, index, stream, writer, clock, zone);
    LineAssembler lines = new LineAssembler(app, id, index, stream, line -> sink.line(line));
    LogPump pump =
        new LogPump("jpm-log-" + key, () -> readEnd, framer, lines, writer, latestPumps.get(key));
    latestPumps.put(key, pump);
    var unused = pump.ended().whenComplete((eof, error) -> release(key, pump, file));
    return pump;
  }

  private LogFileWriter acquire(Path file, LogPolicy logs) throws IOException {
    SharedWriter shared = writers.get(file);
    if (shared == null) {
      shared =
          new SharedWriter(
              LogFileWriter.open(file, logs.maxSizeBytes(), logs.retain(), logs.compress(), gzip));
      writers.put(file, shared);
    }
    shared.users++;
    return shared.writer;
  }

  private synchronized void release(String key, LogPump pump, Path file) {
    latestPumps.remove(key, pump);
    releaseWriter(file);
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

  /** After both pumps ended: the FIFOs of a finished process are removed (not after detach). */
  private synchronized void ended(Attachment a, boolean eof) {
    live.remove(a);
    if (latest.get(a.id) != a) {
      return;
    }
    latest.remove(a.id);
    if (eof && !closed) {
      for (Path p : List.of(a.in, a.out, a.err)) {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          LOG.fine(() -> "cannot remove " + p + ": " + e);
        }
      }
    }
  }

  /** The writer currently open for {@code file}, or null when no pump writes it. */
  synchronized LogFileWriter openWriter(Path file) {
    SharedWriter shared = writers.get(file);
    return shared == null ? null : shared.writer;
  }

  /**
   * Stops every pump without touching the processes (their output waits in the pipes for the next
   * agent) and closes the files: the agent is going away.
   */
  @Override
  public void close() {
    List<Attachment> all;
    synchronized (this) {
      closed = true;
      all = new ArrayList<>(live);
    }
    all.forEach(Attachment::detach);
    gzip.shutdown();
  }

  /** Opens a FIFO read-write (never blocks) or read-only (needs a writer: the keeper). */
  private static FileChannel open(Path fifo, boolean readWrite, List<Closeable> opened)
      throws IOException {
    FileChannel c =
        readWrite
            ? FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE)
            : FileChannel.open(fifo, StandardOpenOption.READ);
    opened.add(c);
    return c;
  }

  private static void closeQuietly(Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      LOG.fine(() -> "close failed: " + e);
    }
  }
}
