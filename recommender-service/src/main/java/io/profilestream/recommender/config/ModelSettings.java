package io.profilestream.recommender.config;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the recommender finds exported models ({@code profilestream.model.*}).
 *
 * @param dir          the models directory the trainer exports into (one sub-directory per
 *                     version, optional {@code CURRENT} pin file); unset or blank: no model is
 *                     ever loaded and the popularity fallbacks serve every request
 * @param pollInterval how often the directory is scanned for a new version
 * @param retrieval    how LSTM candidates are found: {@code exact} scores every item (measured
 *                     faster than HNSW at equal recall up to ~50,000 items, see BENCHMARKS.md) or
 *                     {@code hnsw} (Lucene graph, for larger catalogues; built at each model load)
 * @param hnswEfSearch HNSW search beam; 1000 gave recall@20 ≥ 0.95 on a trained 47k-item model
 */
@Validated
@ConfigurationProperties("profilestream.model")
public record ModelSettings(
        Path dir,
        @DefaultValue("5s") @NotNull(message = "set profilestream.model.poll-interval, e.g. 5s") Duration pollInterval,
        @DefaultValue("exact") @NotNull(message = "set profilestream.model.retrieval to exact or hnsw") Retrieval retrieval,
        @DefaultValue("1000") @Min(value = 20, message = "profilestream.model.hnsw-ef-search must be at least 20") int hnswEfSearch) {

    /** Candidate retrieval method. */
    public enum Retrieval { EXACT, HNSW }

    /** The loader the registry uses for each version directory. */
    public java.util.function.Function<Path, io.profilestream.ml.serving.ServingModel> loader() {
        if (retrieval == Retrieval.HNSW) {
            return dir -> io.profilestream.ml.serving.ServingModels.load(dir,
                    w -> new io.profilestream.ml.serving.HnswRetriever(w).withEfSearch(hnswEfSearch));
        }
        return io.profilestream.ml.serving.ServingModels::load;
    }

    /** Checked at start-up: a zero interval would make the scanner spin. */
    @AssertTrue(message = "profilestream.model.poll-interval must be at least 10ms")
    public boolean isPollIntervalPositive() {
        return pollInterval == null || pollInterval.toMillis() >= 10;
    }
}
