package dev.fulcrum.proxy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.eclipse.jetty.util.Pool;

/**
 * A pool of objects each used by one holder at a time (HTTP/1.1 connections), that hands out the one released last and
 * finds it in constant time, whatever the size of the pool.
 *
 * <p>Jetty's {@code ConcurrentPool} looks for an idle entry by walking its entries from the start, and when none is
 * idle it walks all of them: with a few hundred connections per backend busy under thousands of HTTP/2 streams, every
 * request walked the whole list two or three times (a quarter of the proxy's CPU, profiled), and an acquire that met an
 * entry being released spun until the releasing thread ran again, which on one core is the rest of a time slice.
 * Here idle entries wait on a stack and every step is a few field writes under one lock; handing out the most recently
 * used connection also lets the ones a burst opened go idle and be closed by the idle timeout. The states and return
 * values follow {@code ConcurrentPool}'s for entries multiplexed at most once, which {@code LifoPoolTest} checks
 * against it.
 */
final class LifoPool<P> implements Pool<P> {

    private static final int RESERVED = -1;
    private static final int IDLE = 0;
    private static final int IN_USE = 1;

    private final int maxSize;
    private final List<Slot> slots = new ArrayList<>();
    private final ArrayDeque<Slot> idle = new ArrayDeque<>();
    private boolean terminated;

    LifoPool(int maxSize) {
        this.maxSize = maxSize;
    }

    @Override
    public synchronized Entry<P> reserve() {
        if (terminated || slots.size() >= maxSize) {
            return null;
        }
        Slot slot = new Slot();
        slots.add(slot);
        return slot;
    }

    @Override
    public synchronized Entry<P> acquire() {
        if (terminated) {
            return null;
        }
        Slot slot = idle.pollFirst();
        if (slot != null) {
            slot.use = IN_USE;
        }
        return slot;
    }

    @Override
    public synchronized boolean isTerminated() {
        return terminated;
    }

    @Override
    public Collection<Entry<P>> terminate() {
        List<Entry<P>> terminating;
        synchronized (this) {
            terminated = true;
            terminating = new ArrayList<>(slots);
            for (Slot slot : slots) {
                if (slot.removal == Slot.LIVE) {
                    slot.removal = Slot.TERMINATED;
                }
            }
            slots.clear();
            idle.clear();
        }
        return terminating;
    }

    @Override
    public synchronized int size() {
        return slots.size();
    }

    @Override
    public int getMaxSize() {
        return maxSize;
    }

    @Override
    public synchronized Stream<Entry<P>> stream() {
        return List.<Entry<P>>copyOf(slots).stream();
    }

    @Override
    public String toString() {
        synchronized (this) {
            return "LifoPool[" + slots.size() + "/" + maxSize + ", " + idle.size() + " idle]";
        }
    }

    private final class Slot implements Entry<P> {

        static final int LIVE = 0;
        static final int TERMINATED = -1;
        static final int REMOVED = -2;

        private P pooled;
        private int use = RESERVED;
        private int removal = LIVE;

        @Override
        public boolean enable(P object, boolean acquire) {
            Objects.requireNonNull(object);
            synchronized (LifoPool.this) {
                if (removal != LIVE) {
                    return false;
                }
                if (use != RESERVED) {
                    throw new IllegalStateException("entry already enabled: " + this);
                }
                pooled = object;
                use = acquire ? IN_USE : IDLE;
                if (!acquire) {
                    idle.addFirst(this);
                }
                return true;
            }
        }

        @Override
        public P getPooled() {
            return pooled;
        }

        @Override
        public boolean release() {
            synchronized (LifoPool.this) {
                if (removal != LIVE || use != IN_USE) {
                    return false;
                }
                use = IDLE;
                idle.addFirst(this);
                return true;
            }
        }

        @Override
        public boolean remove() {
            synchronized (LifoPool.this) {
                if (removal == REMOVED) {
                    return false;
                }
                if (use == IN_USE) {
                    use = IDLE;
                } else if (use == IDLE) {
                    idle.remove(this);
                }
                removal = REMOVED;
                slots.remove(this);
                return true;
            }
        }

        @Override
        public boolean isReserved() {
            synchronized (LifoPool.this) {
                return use == RESERVED;
            }
        }

        @Override
        public boolean isIdle() {
            synchronized (LifoPool.this) {
                return use == IDLE;
            }
        }

        @Override
        public boolean isInUse() {
            synchronized (LifoPool.this) {
                return use == IN_USE;
            }
        }

        @Override
        public boolean isTerminated() {
            synchronized (LifoPool.this) {
                return removal != LIVE;
            }
        }

        @Override
        public String toString() {
            return "Slot[" + pooled + ", use " + use + ", removal " + removal + "]";
        }
    }
}
