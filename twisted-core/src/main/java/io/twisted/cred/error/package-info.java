/**
 * Why a login did not succeed, after Twisted's {@code twisted.cred.error}: every error is a
 * {@link io.twisted.cred.error.LoginFailed}, so a protocol can trap that one type and answer its
 * own "authentication failed" reply. The errors are unchecked and travel down a
 * {@link io.twisted.internet.defer.Deferred} as a {@link io.twisted.internet.defer.Failure}.
 */
package io.twisted.cred.error;
