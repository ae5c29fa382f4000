/**
 * The {@code twist} runner: {@code twist [options] PLUGIN [plugin options]} finds
 * {@link io.twisted.application.ServiceMaker} plugins with {@link java.util.ServiceLoader}, makes the
 * chosen plugin's service, runs it on a new reactor, and stops it cleanly on SIGINT/SIGTERM
 * (Twisted's {@code twist}). Log lines go to standard error, timestamped, through
 * {@link io.twisted.twist.TwistLoggerFinder} (a {@link java.lang.System.LoggerFinder}).
 *
 * <p>Plugins shipped here: {@code echo} (RFC 862, {@link io.twisted.twist.EchoServiceMaker}) and
 * {@code portforward} ({@link io.twisted.twist.PortForwardServiceMaker}). A plugin whose
 * {@code ssl:} listens should work without a key in the description offers
 * {@link io.twisted.twist.TlsListenOptions} ({@code --privkey}, {@code --certificate},
 * {@code --make-self-signed-certificate HOSTNAME}), as {@code echo} does.
 */
package io.twisted.twist;
