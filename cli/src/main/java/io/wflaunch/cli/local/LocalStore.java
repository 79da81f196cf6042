package io.wflaunch.cli.local;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wflaunch.spi.support.UserText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The runs of local mode, in {@code runs.json} under a directory, shared by every {@code wflaunch}
 * process on the machine: each read or change holds an exclusive lock on {@code .lock} (and, within one
 * JVM, a lock of its own, since a JVM cannot hold two locks on one file), and a change replaces the file
 * in one atomic move, so that a process never sees half a change.
 */
public final class LocalStore {

  /** The runs of every local backend in one file. */
  private static final TypeReference<List<LocalRun>> RUNS = new TypeReference<>() {};
  private static final ReentrantLock IN_THIS_JVM = new ReentrantLock();

  private final Path directory;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * A store in {@code directory}, created when first written.
   *
   * @param directory the directory
   */
  public LocalStore(Path directory) {
    this.directory = directory;
  }

  /**
   * The directory.
   *
   * @return it
   */
  public Path directory() {
    return directory;
  }

  /**
   * Reads the runs and, under the same lock, replaces them with what {@code change} returns.
   *
   * @param change from the runs to the runs to keep, and the result
   * @param <T> the result
   * @return the result
   */
  public <T> T update(Function<List<LocalRun>, Changed<T>> change) {
    return locked(() -> {
      Changed<T> changed = change.apply(new ArrayList<>(readRuns()));
      if (changed.runs() != null) {
        writeRuns(changed.runs());
      }
      return changed.result();
    });
  }

  /**
   * Reads the runs.
   *
   * @return a copy
   */
  public List<LocalRun> read() {
    return locked(this::readRuns);
  }

  /** Forgets every run. */
  public void reset() {
    locked(() -> {
      Files.deleteIfExists(directory.resolve("runs.json"));
      try (var leftovers = Files.newDirectoryStream(directory, "runs*.json.tmp")) {
        for (Path leftover : leftovers) {
          Files.deleteIfExists(leftover);
        }
      }
      return null;
    });
  }

  /** What a change keeps and returns. */
  public record Changed<T>(List<LocalRun> runs, T result) {
    /** Nothing to write. */
    public static <T> Changed<T> unchanged(T result) {
      return new Changed<>(null, result);
    }
  }

  private interface Locked<T> {
    T call() throws IOException;
  }

  private <T> T locked(Locked<T> call) {
    IN_THIS_JVM.lock();
    try {
      Files.createDirectories(directory);
      try (FileChannel channel = FileChannel.open(directory.resolve(".lock"), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
        return call.call();
      }
    } catch (IOException e) {
      String why = e instanceof Unreadable || e.getMessage() == null ? e.getMessage()
          : e.getClass().getSimpleName() + ": " + UserText.quote(e.getMessage());
      throw new UncheckedIOException("local mode cannot use " + UserText.quote(directory.toString()) + ": "
          + (why == null ? e.getClass().getSimpleName() : why), e);
    } finally {
      IN_THIS_JVM.unlock();
    }
  }

  private List<LocalRun> readRuns() throws IOException {
    Path file = directory.resolve("runs.json");
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      return json.readValue(file.toFile(), RUNS);
    } catch (JsonProcessingException e) {
      // Where, not the reader's words, which quote the text they stopped at.
      JsonLocation at = e.getLocation();
      throw new Unreadable("cannot read " + UserText.quote(file.getFileName().toString())
          + " (not the JSON local mode writes" + (at == null ? "" : ", at line " + at.getLineNr() + ", column "
          + at.getColumnNr()) + "); 'wflaunch local reset' starts local mode afresh");
    }
  }

  /** {@code runs.json} holds something local mode did not write; the message says where, in its own words. */
  private static final class Unreadable extends IOException {
    private static final long serialVersionUID = 1L;

    Unreadable(String message) {
      super(message);
    }
  }

  /** Writes the runs to a new file, forces it to disk, and moves it over {@code runs.json} in one step. */
  private void writeRuns(List<LocalRun> runs) throws IOException {
    Path temporary = Files.createTempFile(directory, "runs", ".json.tmp");
    try {
      try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        out.write(java.nio.ByteBuffer.wrap(json.writerFor(RUNS).writeValueAsBytes(runs)));
        out.force(true);
      }
      try {
        Files.move(temporary, directory.resolve("runs.json"), StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, directory.resolve("runs.json"), StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }
}
