/**
 * Run events from Amazon EventBridge: the engines' state-change events, delivered by a rule to an Amazon SQS
 * queue (directly, or through an Amazon SNS topic when several processes each have their own queue), received
 * by {@link io.wflaunch.eventbridge.SqsRunEvents} and handed to the launcher's tracker, which ends waits on
 * them. {@link io.wflaunch.eventbridge.RunEventsSetup} creates the queue, rule, topic and policies.
 */
package io.wflaunch.eventbridge;
