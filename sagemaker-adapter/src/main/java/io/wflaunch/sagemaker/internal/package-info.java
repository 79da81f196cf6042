/** Implementation details of the SageMaker Pipelines adapter; not an API. */
package io.wflaunch.sagemaker.internal;
