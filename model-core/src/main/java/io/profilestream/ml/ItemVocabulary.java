package io.profilestream.ml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The items a model knows, each with a dense index (its row in embedding and output matrices).
 * A model is only valid with the exact vocabulary it was trained on; {@link #fingerprint()}
 * identifies it so a mismatch is refused at load time.
 */
public final class ItemVocabulary {

    private final List<String> ids;
    private final Map<String, Integer> index;

    /** @param ids item ids in index order; must be distinct */
    public ItemVocabulary(List<String> ids) {
        this.ids = List.copyOf(ids);
        this.index = new HashMap<>(ids.size() * 2);
        for (int i = 0; i < this.ids.size(); i++) {
            if (index.put(this.ids.get(i), i) != null) {
                throw new IllegalArgumentException("duplicate item id in vocabulary: " + this.ids.get(i));
            }
        }
    }

    /** Number of items. */
    public int size() {
        return ids.size();
    }

    /** The index of {@code itemId}, empty when the item is unknown. */
    public Optional<Integer> indexOf(String itemId) {
        return Optional.ofNullable(index.get(itemId));
    }

    /** The item id at {@code i}. */
    public String id(int i) {
        return ids.get(i);
    }

    /** Item ids in index order. */
    public List<String> ids() {
        return ids;
    }

    /** SHA-256 over the ids in order, hex: equal fingerprints mean interchangeable vocabularies. */
    public String fingerprint() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String id : ids) {
                sha.update(id.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** Writes one id per line. */
    public void write(Path file) throws IOException {
        Files.write(file, ids, StandardCharsets.UTF_8);
    }

    /** Reads a file written by {@link #write}. */
    public static ItemVocabulary read(Path file) throws IOException {
        return new ItemVocabulary(Files.readAllLines(file, StandardCharsets.UTF_8));
    }
}
