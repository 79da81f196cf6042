package io.wflaunch.stepfunctions.internal;

import io.wflaunch.ErrorContext;
import io.wflaunch.InvalidRequestException;
import io.wflaunch.spi.IdentifierScheme;
import java.util.List;

/**
 * The {@code sfn} scheme: target {@code sfn:<stateMachine>}; a handle in one of two forms, the short
 * {@code sfn:<stateMachine>/<executionName>} (named as {@link #handleParts()}) or
 * {@code sfn:<executionArn>}. A two-part handle whose first part is an ARN is refused: a state machine's
 * name holds no {@code :}, so it is an execution ARN with something after it.
 *
 * @param backendId the default backend id
 */
public record SfnScheme(String backendId) implements IdentifierScheme {

  @Override
  public List<String> targetParts() {
    return List.of("stateMachine");
  }

  /** The parts of the short form; the other form is one part, the execution's ARN. */
  @Override
  public List<String> handleParts() {
    return List.of("stateMachine", "executionName");
  }

  @Override
  public void checkParts(String kind, String backendId, List<String> parts) {
    if (!kind.equals("handle")) {
      IdentifierScheme.super.checkParts(kind, backendId, parts);
      return;
    }
    if (parts.size() == 1 || (parts.size() == 2 && !SfnRules.isArn(parts.get(0)))) {
      return;
    }
    throw new InvalidRequestException(ErrorContext.of(backendId), kind, "a " + backendId + " handle has 2 parts ("
        + backendId + ":<stateMachine>/<executionName>) or 1 (" + backendId + ":<executionArn>), found "
        + parts.size() + (parts.size() == 2 ? " with an ARN first" : ""));
  }
}
