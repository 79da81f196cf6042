/** Implementation details of the CodeCatalyst adapter; not an API. */
package io.wflaunch.codecatalyst.internal;
