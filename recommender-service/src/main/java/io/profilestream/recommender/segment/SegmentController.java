package io.profilestream.recommender.segment;

import io.profilestream.ml.serving.VersionedModels;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/segments}: the segments of the model this instance uses, as released with
 * differential privacy. Every instance follows the same artifact or models directory, so any
 * instance answers (for the moment between two instances' polls, with different versions).
 */
@RestController
@Tag(name = "segments", description = "User segments as released with differential privacy")
public class SegmentController {

    static final String EXAMPLE = """
            {"modelVersion":"segments-2025-03-05","k":2,"segments":[\
            {"id":0,"size":1210,"topCategories":["books","toys"],"priceBand":"low","churnLevel":"high",\
            "activity":"light","description":"about 1210 users; top categories books, toys; price band low; \
            churn risk high; activity light"},\
            {"id":1,"size":388,"topCategories":["electronics/phones"],"priceBand":"high","churnLevel":"low",\
            "activity":"heavy","description":"about 388 users; top categories electronics/phones; price band high; \
            churn risk low; activity heavy"}],\
            "privacy":{"epsilon":1.0,"mechanisms":["discrete-laplace"],"releases":[\
            {"name":"segment-sizes","epsilon":0.5,"mechanism":"discrete-laplace","sensitivity":1,"noiseScale":2.0,\
            "noiseStandardDeviation":2.82,"receiptId":"r-0001"},\
            {"name":"segment-top-categories","epsilon":0.5,"mechanism":"discrete-laplace","sensitivity":1,\
            "noiseScale":2.0,"noiseStandardDeviation":2.82,"receiptId":"r-0002"}],\
            "covered":"segments[].size and every description field are post-processing of the releases listed, \
            each an epsilon-DP histogram with L1 sensitivity 1 (each user in one cell)",\
            "notCovered":"categories, mean, scale, weight, centroids and training are exact functions of the \
            training users: internal only, never to be shown"}}""";
    static final String NOT_CONFIGURED = """
            {"type":"urn:profilestream:problem:segments-not-configured","title":"No segment model","status":404,\
            "detail":"this instance has no segment model: set profilestream.segments.model to the directory \
            written by 'profilestream-trainer segments --out DIR'","instance":"/v1/segments"}""";

    static final String NOT_LOADED = """
            {"type":"urn:profilestream:problem:segments-not-loaded","title":"No segment model loaded yet","status":404,\
            "detail":"no segment model version loaded yet from /models/segments: the segments appear once the trainer \
            exports a re-fit there (health component segmentModel says why a version was refused)",\
            "instance":"/v1/segments"}""";

    private final ObjectProvider<VersionedModels<Segments>> segments;

    /** @param segments the models, absent when {@code profilestream.segments.model} is not set */
    public SegmentController(ObjectProvider<VersionedModels<Segments>> segments) {
        this.segments = segments;
    }

    /** The released segments and their privacy facts. */
    @GetMapping(value = "/v1/segments", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The user segments and what their privacy covers", description = """
            The segment model's version and k, and per segment its noisy size and description, all \
            post-processing of epsilon-DP histograms the trainer released (privacy.releases; the epsilons \
            add up to privacy.epsilon). Only these released values are served: the centroids, the \
            standardisation, the feature space's category list and the training counts are exact and \
            stay internal (privacy.notCovered). Changes only with a new model version.""")
    @ApiResponse(responseCode = "200", description = "The segments", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = SegmentsResponse.class),
            examples = @ExampleObject(name = "segments", value = EXAMPLE)))
    @ApiResponse(responseCode = "404", description = "No segment model configured (problem type "
            + "urn:profilestream:problem:segments-not-configured), or none loaded yet from the models directory "
            + "the instance follows (urn:profilestream:problem:segments-not-loaded)", content = @Content(
            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
            schema = @Schema(ref = "#/components/schemas/Problem"),
            examples = {@ExampleObject(name = "segments-not-configured", value = NOT_CONFIGURED),
                    @ExampleObject(name = "segments-not-loaded", value = NOT_LOADED)}))
    public SegmentsResponse segments() {
        VersionedModels<Segments> models = segments.getIfAvailable();
        if (models == null) {
            throw new SegmentsNotConfiguredException();
        }
        // The version current now: a re-fit swapped in later answers the next request.
        return models.current().map(Segments::published)
                .orElseThrow(() -> new SegmentsNotLoadedException(models.directory().orElseThrow()));
    }
}
