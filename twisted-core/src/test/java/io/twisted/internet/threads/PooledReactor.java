package io.twisted.internet.threads;

import io.twisted.internet.Reactor;
import io.twisted.internet.ReactorThreadPools;
import io.twisted.internet.ReactorThreads;

/**
 * A real reactor with a {@link ReactorThreadPool}, the way the reactor will delegate to one once
 * {@link Reactor} extends {@link ReactorThreadPools}.
 */
final class PooledReactor implements ReactorThreads, ReactorThreadPools {

    final Reactor reactor;
    final ReactorThreadPool pools;

    PooledReactor(Reactor reactor) {
        this.reactor = reactor;
        this.pools = new ReactorThreadPool(reactor);
    }

    @Override
    public void callFromThread(Runnable call) {
        reactor.callFromThread(call);
    }

    @Override
    public boolean isInReactorThread() {
        return reactor.isInReactorThread();
    }

    @Override
    public void callInThread(Runnable call) {
        pools.callInThread(call);
    }

    @Override
    public ThreadPool getThreadPool() {
        return pools.getThreadPool();
    }

    @Override
    public void suggestThreadPoolSize(int size) {
        pools.suggestThreadPoolSize(size);
    }
}
