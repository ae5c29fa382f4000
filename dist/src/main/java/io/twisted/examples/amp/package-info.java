/**
 * AMP examples matching Twisted's documentation ({@code ampserver.py}/{@code ampclient.py}), so
 * Python's versions talk to ours: {@link io.twisted.examples.amp.CalculatorServer} and
 * {@link io.twisted.examples.amp.CalculatorClient} with the commands {@link io.twisted.examples.amp.Sum}
 * and {@link io.twisted.examples.amp.Divide}.
 */
package io.twisted.examples.amp;
