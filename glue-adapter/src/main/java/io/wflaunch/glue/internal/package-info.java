/** Implementation details of the Glue adapter; not an API. */
package io.wflaunch.glue.internal;
