/**
 * Runs AWS Step Functions state machines through wflaunch:
 * {@link io.wflaunch.stepfunctions.StepFunctionsBackend} and its
 * {@link io.wflaunch.stepfunctions.StepFunctionsOptions}. Targets are {@code sfn:<stateMachine>} (an ARN
 * or a name), handles {@code sfn:<executionArn>}.
 */
package io.wflaunch.stepfunctions;
