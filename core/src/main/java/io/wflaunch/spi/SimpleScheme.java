package io.wflaunch.spi;

import java.util.List;
import java.util.Objects;

/** Value form of {@link IdentifierScheme}. */
record SimpleScheme(String backendId, List<String> targetParts, List<String> handleParts) implements IdentifierScheme {
  SimpleScheme {
    Objects.requireNonNull(backendId, "backendId");
    targetParts = List.copyOf(targetParts);
    handleParts = List.copyOf(handleParts);
    if (targetParts.isEmpty() || handleParts.isEmpty()) {
      throw new IllegalArgumentException("a scheme names at least one target part and one handle part");
    }
  }
}
