/**
 * Pieces shared by the real reactor and the test doubles, after Twisted's {@code twisted.internet.base}: the timer queue behind {@code callLater}.
 */
package io.twisted.internet.base;
