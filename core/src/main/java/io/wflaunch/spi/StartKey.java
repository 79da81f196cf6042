package io.wflaunch.spi;

import io.wflaunch.spi.support.UserText;

import io.wflaunch.StartRunRequest;
import java.util.Objects;
import java.util.UUID;

/**
 * The key one start carries to the service so that the start protocol can find its run again: the
 * caller's idempotency key, or one generated for this call when the caller gave none. A generated key
 * makes a keyless start idempotent within its own call (a lost response is settled by a look-up or a
 * re-sent token, never by a blind second start); it means nothing to any other call.
 *
 * @param value the key; adapters derive their marker, token or id from it
 * @param generated true when the launcher made it up for this call
 */
public record StartKey(String value, boolean generated) {

  /** The prefix of generated keys, followed by a random UUID. */
  public static final String GENERATED_PREFIX = "wfl-";

  /**
   * Checks the value.
   *
   * @param value the key
   * @param generated whether it was generated
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException if {@code value} is empty
   */
  public StartKey {
    Objects.requireNonNull(value, "value");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("a start key must not be empty");
    }
  }

  /**
   * The request's idempotency key, or a new generated one ({@value #GENERATED_PREFIX} and a random
   * UUID: 40 characters of letters, digits and hyphens, short and plain enough to pass as a run
   * property's value, a caller-chosen run id or a client token on the services adapters reach).
   *
   * @param request the start request
   * @return the key
   */
  public static StartKey of(StartRunRequest request) {
    return request.idempotencyKey()
        .map(key -> new StartKey(key, false))
        .orElseGet(() -> new StartKey(GENERATED_PREFIX + UUID.randomUUID(), true));
  }

  /**
   * Whether the caller gave this key, so that other calls (in this process or another) may start with
   * it too.
   *
   * @return true for a caller's idempotency key
   */
  public boolean fromCaller() {
    return !generated;
  }

  /** Shows the key only when the caller gave it; generated keys are shown as such. */
  @Override
  public String toString() {
    return generated ? "generated key " + value : "key " + UserText.quote(value);
  }
}
