/** The starter's internals: backend and store factories. May change without notice. */
package io.wflaunch.spring.internal;
