package io.profilestream.localstack.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestGeneratorTest {

    private static final java.time.Instant NOW = java.time.Instant.parse("2026-11-30T06:00:00Z");

    private final RequestGenerator generator = new RequestGenerator(1, NOW);

    @Test
    void shouldGenerateTheSameRequestForTheSameSeedEndpointAndIndex() {
        for (FuzzEndpoint endpoint : FuzzEndpoint.values()) {
            for (int i = 0; i < 40; i++) {
                FuzzRequest a = generator.request(endpoint, i);
                FuzzRequest b = new RequestGenerator(1, NOW).request(endpoint, i);
                assertThat(b.describe()).isEqualTo(a.describe());
                assertThat(b.body()).isEqualTo(a.body());
                assertThat(b.headers()).isEqualTo(a.headers());
            }
        }
    }

    @Test
    void shouldGenerateOtherRequestsForAnotherSeed() {
        long differing = 0;
        for (int i = 0; i < 50; i++) {
            FuzzRequest a = generator.request(FuzzEndpoint.POST_EVENTS, i);
            FuzzRequest b = new RequestGenerator(2, NOW).request(FuzzEndpoint.POST_EVENTS, i);
            differing += java.util.Arrays.equals(a.body(), b.body()) ? 0 : 1;
        }
        assertThat(differing).isGreaterThan(25);
    }

    @Test
    void shouldCoverEveryApplicableCategoryOfEveryEndpointWithinOneRound() {
        for (FuzzEndpoint endpoint : FuzzEndpoint.values()) {
            Set<FuzzCategory> seen = EnumSet.noneOf(FuzzCategory.class);
            for (int i = 0; i < endpoint.categories().size(); i++) {
                seen.add(generator.request(endpoint, i).category());
            }
            assertThat(seen).as(endpoint.label()).isEqualTo(endpoint.categories());
        }
    }

    @Test
    void shouldApplyBodyCategoriesOnlyToEndpointsWithBodiesAndEveryCategorySomewhere() {
        assertThat(FuzzEndpoint.POST_EVENTS.categories()).contains(FuzzCategory.DEEP_NESTING, FuzzCategory.HUGE_BODY,
                FuzzCategory.HUGE_NUMBERS, FuzzCategory.BROKEN_JSON, FuzzCategory.UNKNOWN_FIELDS);
        assertThat(FuzzEndpoint.GET_ITEM.categories()).doesNotContain(FuzzCategory.DEEP_NESTING, FuzzCategory.BAD_QUERY)
                .contains(FuzzCategory.PATH_TRAVERSAL, FuzzCategory.LONG_ID, FuzzCategory.API_KEY);
        assertThat(FuzzEndpoint.GET_RECOMMENDATIONS.categories()).contains(FuzzCategory.BAD_QUERY);
        Set<FuzzCategory> all = EnumSet.noneOf(FuzzCategory.class);
        for (FuzzEndpoint endpoint : FuzzEndpoint.values()) {
            all.addAll(endpoint.categories());
        }
        assertThat(all).isEqualTo(EnumSet.allOf(FuzzCategory.class));
    }

    @Test
    void shouldNestTenThousandLevelsAndSendTenMegabytesAndInvalidUtf8() {
        int maxDepth = 0;
        int maxBody = 0;
        boolean invalidUtf8 = false;
        for (int i = 0; i < 800; i++) {
            FuzzRequest r = generator.request(FuzzEndpoint.POST_EVENTS, i);
            if (r.category() == FuzzCategory.DEEP_NESTING) {
                maxDepth = Math.max(maxDepth, depth(r.body()));
            }
            if (r.category() == FuzzCategory.HUGE_BODY) {
                maxBody = Math.max(maxBody, r.body().length);
            }
            if (r.category() == FuzzCategory.INVALID_UTF8) {
                invalidUtf8 |= !isUtf8(r.body());
            }
        }
        assertThat(maxDepth).isGreaterThanOrEqualTo(BodyMutations.DEEP);
        assertThat(maxBody).isGreaterThanOrEqualTo(BodyMutations.TEN_MB);
        assertThat(invalidUtf8).isTrue();
    }

    @Test
    void shouldSendTheRightKeyExceptInApiKeyCases() {
        for (int i = 0; i < 200; i++) {
            FuzzRequest r = generator.request(FuzzEndpoint.GET_RECOMMENDATIONS, i);
            if (!r.raw() && r.category() != FuzzCategory.API_KEY) {
                assertThat(r.headers()).containsEntry("X-Api-Key", "local-reader-key-not-secret");
            }
        }
        FuzzRequest traversal = null;
        for (int i = 0; traversal == null; i++) {
            FuzzRequest r = generator.request(FuzzEndpoint.GET_ITEM, i);
            traversal = r.category() == FuzzCategory.PATH_TRAVERSAL ? r : null;
        }
        assertThat(traversal.target()).startsWith("/v1/items/").doesNotContain("fz-item-");
    }

    private static int depth(byte[] body) {
        int depth = 0;
        int max = 0;
        for (byte b : body) {
            depth += b == '[' || b == '{' ? 1 : b == ']' || b == '}' ? -1 : 0;
            max = Math.max(max, depth);
        }
        return max;
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
