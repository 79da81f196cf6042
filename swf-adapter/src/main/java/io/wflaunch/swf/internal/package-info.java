/** Implementation details of the SWF adapter; not an API. */
package io.wflaunch.swf.internal;
