package io.profilestream.recommender.config;

import io.profilestream.ml.serving.ItemRetriever;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
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
 * @param retrieval    how LSTM candidates are found: {@code quantized} (default) scores every item
 *                     on int8 copies of the item vectors with the Vector API and rescores the best
 *                     4·n exactly (3-9× cheaper than {@code exact} over 50,000 items with the same
 *                     top-100 on every catalogue measured, see BENCHMARKS.md; falls back to
 *                     {@code exact} in a JVM without {@code --add-modules=jdk.incubator.vector});
 *                     {@code exact} scores every item in float; {@code hnsw} walks a Lucene graph
 *                     (built at each model load); {@code partitioned} runs the quantized passes over
 *                     the best-placed ~15 % of the catalogue only, clustered into lists at each model
 *                     load (approximate: see {@code partitionedProbeShare}; needs the Vector API,
 *                     else {@code exact})
 * @param hnswEfSearch HNSW search beam; 1000 gave recall@20 ≥ 0.95 on a trained 47k-item model
 * @param partitionedProbeShare share of the catalogue the {@code partitioned} retrieval reads per
 *                     request, in (0, 1]: 0.15 found 0.95 of the exact top 100 on the online
 *                     benchmark's model but 0.79 on the trained Taobao model, where 0.3 reads
 *                     0.97 of it (docs/BENCHMARKS.md); 1 reads everything (as {@code quantized})
 * @param requiredForReadiness whether the instance is ready only once a model is loaded (health
 *                     component {@code model} OUT_OF_SERVICE until then); false (default): the
 *                     popularity fallbacks serve without a model, so the instance is ready without
 *                     one. Needs {@code dir}, or the instance could never become ready
 */
@Validated
@ConfigurationProperties("profilestream.model")
public record ModelSettings(
        Path dir,
        @DefaultValue("5s") @NotNull(message = "set profilestream.model.poll-interval, e.g. 5s") Duration pollInterval,
        @DefaultValue("quantized") @NotNull(message = "set profilestream.model.retrieval to quantized, partitioned, exact or hnsw")
        Retrieval retrieval,
        @DefaultValue("1000") @Min(value = 20, message = "profilestream.model.hnsw-ef-search must be at least 20") int hnswEfSearch,
        @DefaultValue("0.15") @DecimalMin(value = "0.0", inclusive = false,
                message = "profilestream.model.partitioned-probe-share must be in (0, 1]")
        @DecimalMax(value = "1.0", message = "profilestream.model.partitioned-probe-share must be in (0, 1]")
        double partitionedProbeShare,
        @DefaultValue("false") boolean requiredForReadiness) {

    /** Candidate retrieval method. */
    public enum Retrieval { QUANTIZED, PARTITIONED, EXACT, HNSW }

    /** The loader the registry uses for each version directory. */
    public java.util.function.Function<Path, io.profilestream.ml.serving.ServingModel> loader() {
        return loader(UnaryOperator.identity());
    }

    /**
     * The loader the registry uses for each version directory, with every model's retriever
     * wrapped by {@code decorate} (e.g. {@code InferenceClock::timed}, which times retrieval).
     */
    public java.util.function.Function<Path, io.profilestream.ml.serving.ServingModel> loader(
            UnaryOperator<ItemRetriever> decorate) {
        if (retrieval == Retrieval.HNSW) {
            return dir -> io.profilestream.ml.serving.ServingModels.load(dir,
                    w -> decorate.apply(new io.profilestream.ml.serving.HnswRetriever(w).withEfSearch(hnswEfSearch)));
        }
        if (retrieval == Retrieval.PARTITIONED && io.profilestream.ml.serving.QuantizedRetriever.VECTORISED) {
            return dir -> io.profilestream.ml.serving.ServingModels.load(dir,
                    w -> decorate.apply(new io.profilestream.ml.serving.PartitionedRetriever(w,
                            io.profilestream.ml.serving.PartitionedRetriever.Params.defaults(w.items())
                                    .withProbeShare(partitionedProbeShare))));
        }
        if (retrieval == Retrieval.QUANTIZED && io.profilestream.ml.serving.QuantizedRetriever.VECTORISED) {
            return dir -> io.profilestream.ml.serving.ServingModels.load(dir,
                    w -> decorate.apply(new io.profilestream.ml.serving.QuantizedRetriever(w)));
        }
        // Exact, or quantized/partitioned without the Vector API, whose scalar pass is slower than exact.
        return dir -> io.profilestream.ml.serving.ServingModels.load(dir,
                w -> decorate.apply(new io.profilestream.ml.serving.ExactRetriever(w)));
    }

    /** Checked at start-up: without a directory no model ever loads, so the instance would never be ready. */
    @AssertTrue(message = "profilestream.model.required-for-readiness=true needs profilestream.model.dir: "
            + "without a models directory no model is ever loaded and the instance would never become ready")
    public boolean isDirSetWhenRequiredForReadiness() {
        return !requiredForReadiness || dir != null;
    }

    /** Checked at start-up: a zero interval would make the scanner spin. */
    @AssertTrue(message = "profilestream.model.poll-interval must be at least 10ms")
    public boolean isPollIntervalPositive() {
        return pollInterval == null || pollInterval.toMillis() >= 10;
    }
}
