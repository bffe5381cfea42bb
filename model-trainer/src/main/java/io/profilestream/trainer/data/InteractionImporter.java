package io.profilestream.trainer.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a source file into normalised interactions: decode each row (rejecting malformed ones
 * with line and reason), derive sessions from users when the source has none, and sort by
 * session then time.
 */
public final class InteractionImporter {

    private InteractionImporter() {
    }

    /**
     * What an import produced.
     *
     * @param interactions accepted rows, sorted by session then time
     * @param rejections   rejected rows in file order
     * @param rows         rows read (accepted + rejected + skipped)
     * @param skippedSearches searches that name no item, skipped (valid events, but no interaction with an item)
     */
    public record Result(List<Interaction> interactions, List<Rejection> rejections, long rows, long skippedSearches) {
    }

    /**
     * Imports {@code source}.
     *
     * @throws IllegalArgumentException when the mapping does not fit the file (a column missing from the header)
     * @throws IOException              when the file cannot be read or parsed at all
     */
    public static Result read(Reader source, ImportSettings settings) throws IOException {
        BufferedReader reader = source instanceof BufferedReader b ? b : new BufferedReader(source, 1 << 16);
        List<Interaction> accepted = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        long rows = 0;
        long skipped = 0;
        RowDecoder decoder = new RowDecoder(settings.mapping());
        try (RowSource rowSource = open(reader, settings)) {
            while (rowSource.advance()) {
                rows++;
                try {
                    Interaction interaction = decoder.decode(rowSource);
                    if (interaction == null) {
                        skipped++;
                    } else {
                        accepted.add(interaction);
                    }
                } catch (RowRejectedException e) {
                    rejected.add(new Rejection(rowSource.line(), e.getMessage(), rowSource.raw()));
                }
            }
        }
        List<Interaction> sessions = settings.mapping().hasSession()
                ? accepted
                : Sessions.deriveFromUsers(accepted, settings.sessionGap());
        List<Interaction> sorted = new ArrayList<>(sessions);
        sorted.sort(Sessions.FILE_ORDER);
        return new Result(sorted, rejected, rows, skipped);
    }

    private static RowSource open(BufferedReader reader, ImportSettings settings) throws IOException {
        return switch (settings.format()) {
            case CSV -> new CsvRowSource(reader, settings.delimiter(), settings.header(),
                    settings.mapping().columns().values());
            case JSONL -> new JsonLinesRowSource(reader);
        };
    }
}
