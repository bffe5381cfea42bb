package io.profilestream.trainer.eval;

import io.profilestream.ml.ItemVocabulary;
import io.profilestream.trainer.data.Interaction;
import io.profilestream.trainer.data.Sessions;
import io.profilestream.trainer.data.Sessions.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A test session as vocabulary indexes.
 *
 * @param id    session id
 * @param items vocabulary indexes of its clicks in time order
 * @param user  the user of its first click, or empty when the data has none
 */
public record TestSession(String id, int[] items, String user) {

    public TestSession {
        user = user == null ? "" : user;
    }

    /** A session without a user. */
    public TestSession(String id, int[] items) {
        this(id, items, "");
    }

    /**
     * Test sessions in file order, mapped onto {@code vocabulary}.
     *
     * @param test       test interactions (as written by split)
     * @param vocabulary the training vocabulary
     * @param unknown    receives the number of clicks on items outside the vocabulary (removed,
     *                   as split does); may be null
     * @return sessions with at least 2 known clicks
     */
    public static List<TestSession> of(List<Interaction> test, ItemVocabulary vocabulary, long[] unknown) {
        List<TestSession> out = new ArrayList<>();
        long skipped = 0;
        for (Session s : Sessions.group(test)) {
            int[] items = new int[s.events().size()];
            int n = 0;
            for (Interaction e : s.events()) {
                Optional<Integer> i = vocabulary.indexOf(e.itemId());
                if (i.isPresent()) {
                    items[n++] = i.get();
                } else {
                    skipped++;
                }
            }
            if (n >= 2) {
                out.add(new TestSession(s.id(), java.util.Arrays.copyOf(items, n), s.events().get(0).userId()));
            }
        }
        if (unknown != null) {
            unknown[0] = skipped;
        }
        return out;
    }
}
