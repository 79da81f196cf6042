/** The in-memory SageMaker Pipelines service and its fake provider, for tests. */
package io.wflaunch.testkit.sagemaker;
