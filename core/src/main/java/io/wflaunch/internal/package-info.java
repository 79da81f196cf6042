/**
 * Implementation details of core. Not an API: anything here may change in any release without notice.
 */
package io.wflaunch.internal;
