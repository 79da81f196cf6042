/** The module's internals: resource policies as JSON, and the timer that ends a receive on close. May change without notice. */
package io.wflaunch.eventbridge.internal;
