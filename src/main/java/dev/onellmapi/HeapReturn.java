package dev.onellmapi;

/**
 * When a quiet standalone gateway gives its heap back ({@link MemoryBounds}): when the committed heap is over
 * {@link #FLOOR_BYTES} and a quarter larger than right after the last time it was given back. The second bound
 * keeps a gateway whose live data is large (many keys, a big price table) from collecting at every quiet moment: its
 * heap must have grown since.
 */
final class HeapReturn {
    /** Below this, a heap is left as it is: the gateway's live data (~45 MiB) with room for light traffic. */
    static final long FLOOR_BYTES = 128L << 20;

    private long afterLastReturn;

    boolean returnNow(long committedBytes) {
        return committedBytes > FLOOR_BYTES && committedBytes > afterLastReturn + afterLastReturn / 4;
    }

    void returned(long committedBytes) {
        afterLastReturn = committedBytes;
    }
}
