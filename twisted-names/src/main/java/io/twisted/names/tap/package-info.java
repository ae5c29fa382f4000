/**
 * The {@code twist dns} plugin ({@link io.twisted.names.tap.DnsServiceMaker}) and the service that
 * listens for DNS over UDP and TCP on one port ({@link io.twisted.names.tap.DnsPortService}).
 */
package io.twisted.names.tap;
