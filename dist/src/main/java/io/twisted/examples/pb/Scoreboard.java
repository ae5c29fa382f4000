package io.twisted.examples.pb;

import io.twisted.spread.pb.Cacheable;
import io.twisted.spread.pb.RemoteCache;
import io.twisted.spread.pb.RemoteCacheObserver;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A score kept up to date on every client (after Twisted's {@code cache_classes.py}): a
 * {@link Cacheable} sent as {@code "twisted.examples.Scoreboard"} with the state {@code {"score": n}};
 * {@link #add} pushes the new score to every copy's {@code observe_setScore}.
 */
public final class Scoreboard implements Cacheable {

    /** The wire type name. */
    public static final String TYPE = "twisted.examples.Scoreboard";

    private long score;
    private final List<RemoteCacheObserver> observers = new ArrayList<>();

    @Override
    public String getTypeToCopy() {
        return TYPE;
    }

    @Override
    public Object getStateToCopy() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("score", score);
        return state;
    }

    @Override
    public Object getStateToCacheAndObserveFor(RemoteCacheObserver observer) {
        observers.add(observer);
        return getStateToCopy();
    }

    @Override
    public void stoppedObserving(RemoteCacheObserver observer) {
        observers.remove(observer);
    }

    /** Adds {@code points} and tells every copy. */
    public long add(long points) {
        score += points;
        for (RemoteCacheObserver o : observers) {
            o.callRemote("setScore", score);
        }
        return score;
    }

    /** A client's copy of the scoreboard. */
    public static final class Copy extends RemoteCache {
        private long score;

        @Override
        public void setCopyableState(Object state) {
            score = (Long) ((Map<?, ?>) state).get("score");
        }

        /** Called by the server when the score changes. */
        public void observe_setScore(long newScore) {
            score = newScore;
        }

        /** The score as last heard. */
        public long score() {
            return score;
        }
    }
}
