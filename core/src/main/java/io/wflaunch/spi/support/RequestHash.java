package io.wflaunch.spi.support;

import io.wflaunch.StartRunRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hex SHA-256 of what a start request asks for (target in its strict percent-encoded form, parameters in name order, input, options'
 * {@link io.wflaunch.BackendOptions#fingerprint()}), without its idempotency key and policies: equal for
 * two requests exactly when they ask for the same run. Each field is written with its length, so that no
 * two different requests share an encoding. An idempotency store records it with a key; a backend
 * without a service-side check of a reused key can carry it with the run (as a run property, say) to
 * tell a key reused with another request.
 */
public final class RequestHash {

  private RequestHash() {}

  /**
   * Hashes a request.
   *
   * @param request the request
   * @return 64 lowercase hex digits
   */
  public static String of(StartRunRequest request) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    // The strict form, which every version wrote: hashes are stored with keys and runs.
    field(digest, io.wflaunch.internal.Identifiers.strictFormat(request.target().backend(), request.target().parts()));
    Map<String, String> parameters = new TreeMap<>(request.parameters());
    field(digest, Integer.toString(parameters.size()));
    parameters.forEach((name, value) -> {
      field(digest, name);
      field(digest, value);
    });
    field(digest, request.input().map(input -> "+" + input).orElse("-"));
    field(digest, request.options().map(options -> "+" + options.getClass().getName() + " " + options.fingerprint())
        .orElse("-"));
    return HexFormat.of().formatHex(digest.digest());
  }

  private static void field(MessageDigest digest, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    digest.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
    digest.update(bytes);
  }
}
