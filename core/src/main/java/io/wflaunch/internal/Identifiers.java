package io.wflaunch.internal;

import io.wflaunch.ErrorContext;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.spi.IdentifierScheme;
import io.wflaunch.spi.support.UserText;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@link io.wflaunch.WorkflowTarget} and {@link io.wflaunch.RunHandle} share: the backend-id rule,
 * part checks, the string form {@code <backend>:<part>/<part>/...} and its parser.
 */
public final class Identifiers {

  /** Rule for backend ids, as written in error messages. */
  public static final String BACKEND_ID_RULE =
      "must be 1 to 64 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit";

  private Identifiers() {}

  /** The parts of a parsed string, before the record checks them. */
  public record Parsed(String backend, List<String> parts) {}

  public static void checkBackendId(String kind, String backend) {
    Objects.requireNonNull(backend, "backend");
    if (!isBackendId(backend)) {
      throw new InvalidRequestException(ErrorContext.empty(), kind + ".backend",
          BACKEND_ID_RULE + ", found " + UserText.quote(backend));
    }
  }

  /** {@code [a-z0-9][a-z0-9._-]{0,63}}: checked on every target and handle, so without a regex. */
  private static boolean isBackendId(String backend) {
    int length = backend.length();
    if (length < 1 || length > 64) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = backend.charAt(i);
      boolean letterOrDigit = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (!letterOrDigit && (i == 0 || (c != '.' && c != '_' && c != '-'))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Copies and checks the parts of a target or handle: at least one, none empty, each well-formed
   * UTF-16, and as many as the registered scheme for the backend id names.
   */
  public static List<String> checkParts(String kind, String backend, List<String> parts) {
    Objects.requireNonNull(parts, "parts");
    List<String> copy = List.copyOf(parts);
    ErrorContext context = ErrorContext.of(backend);
    if (copy.isEmpty()) {
      throw new InvalidRequestException(context, kind, "must have at least one part after '" + backend + ":'");
    }
    for (int i = 0; i < copy.size(); i++) {
      String part = copy.get(i);
      if (part.isEmpty()) {
        throw new InvalidRequestException(context, kind, "part " + (i + 1) + " must not be empty");
      }
      int bad = PercentCodec.firstUnpairedSurrogate(part);
      if (bad >= 0) {
        throw new InvalidRequestException(context, kind,
            "part " + (i + 1) + " must be well-formed Unicode, found an unpaired surrogate at index " + bad);
      }
    }
    IdentifierScheme.registered(backend).ifPresent(scheme -> scheme.checkParts(kind, backend, copy));
    return copy;
  }

  /**
   * The string form: {@code <backend>:<part>/<part>/...}, each part encoded by
   * {@link PercentCodec#encode} (so {@code : @ + , =} stay as they are).
   */
  public static String format(String backend, List<String> parts) {
    return format(backend, parts, true);
  }

  /**
   * The string form with each part encoded by {@link PercentCodec#encodeStrict}, as every version
   * before readable identifiers wrote it: the form that stored idempotency keys and request hashes
   * are computed over, so that a key claimed by an older version is found by a newer one.
   */
  public static String strictFormat(String backend, List<String> parts) {
    return format(backend, parts, false);
  }

  private static String format(String backend, List<String> parts, boolean readable) {
    StringBuilder out = new StringBuilder(backend.length() + 32).append(backend).append(':');
    for (int i = 0; i < parts.size(); i++) {
      if (i > 0) {
        out.append('/');
      }
      out.append(readable ? PercentCodec.encode(parts.get(i)) : PercentCodec.encodeStrict(parts.get(i)));
    }
    return out.toString();
  }

  /**
   * Splits {@code <backend>:<part>/<part>/...} at the first {@code :} and then at each {@code /}, and
   * decodes each part: an escape and the character it stands for read the same ({@code %3A} and
   * {@code :}), so both the readable and the strict form parse to the same parts.
   */
  public static Parsed parse(String kind, String text) {
    Objects.requireNonNull(text, kind);
    int colon = text.indexOf(':');
    if (colon <= 0) {
      throw new InvalidRequestException(ErrorContext.empty(), kind,
          "must have the form <backend>:<part>/<part>/..., found " + UserText.quote(text));
    }
    String backend = text.substring(0, colon);
    checkBackendId(kind, backend);
    List<String> parts = new ArrayList<>();
    int start = colon + 1;
    while (true) {
      int slash = text.indexOf('/', start);
      int end = slash < 0 ? text.length() : slash;
      String raw = text.substring(start, end);
      if (raw.isEmpty()) {
        throw new InvalidRequestException(ErrorContext.of(backend), kind,
            "part " + (parts.size() + 1) + " must not be empty, in " + UserText.quote(text));
      }
      try {
        parts.add(PercentCodec.decode(raw));
      } catch (IllegalArgumentException e) {
        throw new InvalidRequestException(ErrorContext.of(backend), kind,
            "part " + (parts.size() + 1) + " has bad percent-encoding: " + e.getMessage()
                + ", in " + UserText.quote(text));
      }
      if (slash < 0) {
        return new Parsed(backend, parts);
      }
      start = slash + 1;
    }
  }
}
