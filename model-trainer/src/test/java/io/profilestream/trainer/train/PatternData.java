package io.profilestream.trainer.train;

import io.profilestream.trainer.data.Interaction;
import java.util.ArrayList;
import java.util.List;

/**
 * Generated clickstreams with an obvious rule: item i is followed by item i+1 (mod 10). Session k
 * starts at item (k + offset) mod 10, has 4 clicks, and starts k minutes after the epoch.
 */
public final class PatternData {

    private PatternData() {
    }

    /** Sessions {@code from..to} (inclusive). */
    public static List<Interaction> sessions(int from, int to, int offset) {
        List<Interaction> out = new ArrayList<>();
        for (int k = from; k <= to; k++) {
            for (int p = 0; p < 4; p++) {
                int item = (k + offset + p) % 10;
                out.add(new Interaction(Integer.toString(k), "", "i" + item, k * 60_000L + p * 1_000L, "view",
                        "c" + item % 2, ""));
            }
        }
        return out;
    }
}
