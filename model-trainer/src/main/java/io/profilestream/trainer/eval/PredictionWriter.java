package io.profilestream.trainer.eval;

import io.profilestream.ml.ItemVocabulary;
import java.io.IOException;
import java.io.Writer;

/**
 * Writes {@code session_id<TAB>position<TAB>target_item<TAB>item1,item2,...} per prediction, so
 * anyone can recompute the metrics from the file.
 */
public final class PredictionWriter implements PredictionSink {

    private final Writer out;
    private final ItemVocabulary vocabulary;
    private final StringBuilder line = new StringBuilder(256);

    /** @param out receives the lines; the caller closes it */
    public PredictionWriter(Writer out, ItemVocabulary vocabulary) {
        this.out = out;
        this.vocabulary = vocabulary;
    }

    @Override
    public void accept(String sessionId, int position, int target, int[] top, int count) throws IOException {
        line.setLength(0);
        line.append(sessionId).append('\t').append(position).append('\t').append(vocabulary.id(target)).append('\t');
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(vocabulary.id(top[i]));
        }
        line.append('\n');
        out.append(line);
    }
}
