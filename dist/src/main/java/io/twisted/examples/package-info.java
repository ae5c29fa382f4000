/**
 * Small runnable programs showing the core API; each has a {@code main} and runs from the jar:
 * <pre>
 *   java -cp twist/target/twist.jar io.twisted.examples.EchoServer tcp:8000
 *   java -cp twist/target/twist.jar io.twisted.examples.EchoClient 127.0.0.1 8000
 *   java -cp twist/target/twist.jar io.twisted.examples.DeferredExample
 * </pre>
 */
package io.twisted.examples;
