package io.profilestream.trainer.segment;

import io.profilestream.ml.segment.SegmentDescription;
import io.profilestream.model.dp.DpReleaser;
import io.profilestream.model.dp.NoisyHistogram;
import io.profilestream.model.dp.PrivacyNote;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Releases the segments' sizes and descriptions with differential privacy, through the shared
 * {@link DpReleaser} (which charges the privacy budget ledger once per histogram and refuses a
 * release that does not fit).
 *
 * <p><b>Releases</b> (each one histogram, ε = {@code epsilon}, charged once; neighbouring data sets
 * differ by all the data of one user, and each user is in exactly one segment and exactly one cell
 * of every histogram, so every histogram has L1 sensitivity 1):
 * <ol>
 *   <li>{@value #SIZES}: users per segment over the public domain 0..k-1;</li>
 *   <li>{@value #TOP_CATEGORIES}: users per (segment, top category), where each user counts only
 *       with their single top category, over the feature space's category list plus {@value #OTHER};</li>
 *   <li>{@value #PRICE_BANDS}: users per (segment, price band) over {@code unknown, low, medium, high},
 *       band edges fixed by the caller (public constants, not from the data);</li>
 *   <li>{@value #ACTIVITY}: users per (segment, activity level) over {@code light, regular, heavy}, edges
 *       fixed by the caller;</li>
 *   <li>{@value #CHURN}, only with a churn model: users per (segment, churn level) over {@code low,
 *       medium, high} (probability below 1/3, below 2/3, else).</li>
 * </ol>
 * The descriptions are post-processing of these noisy counts only (the arg-max band, the top three
 * categories by noisy count), which costs no further privacy. Together the releases are (number of
 * releases × ε)-DP under sequential composition, which the ledger accounts.
 *
 * <p><b>Not covered</b>, said plainly: the category LIST (chosen from the users' exact top
 * categories), the centroids and the standardisation (exact means of the training users) and the
 * cluster quality figures are not differentially private. The centroids must stay inside the
 * system (the service needs them to assign users); only the released sizes and descriptions may be
 * shown, e.g. on the dashboard. The guarantee is per ledger period; re-fitting every period spends
 * a new budget each time.
 */
public final class SegmentRelease {

    /** Ledger name of the sizes release. */
    public static final String SIZES = "segment-sizes";
    /** Ledger name of the top-category release. */
    public static final String TOP_CATEGORIES = "segment-top-categories";
    /** Ledger name of the price-band release. */
    public static final String PRICE_BANDS = "segment-price-bands";
    /** Ledger name of the activity release. */
    public static final String ACTIVITY = "segment-activity";
    /** Ledger name of the churn release. */
    public static final String CHURN = "segment-churn-levels";
    /** The category cell of users whose top category is not listed (or who have none). */
    public static final String OTHER = "(other)";
    /** Description value when a property is not known. */
    public static final String UNKNOWN = "unknown";

    static final List<String> PRICE_LEVELS = List.of(UNKNOWN, "low", "medium", "high");
    static final List<String> ACTIVITY_LEVELS = List.of("light", "regular", "heavy");
    static final List<String> CHURN_LEVELS = List.of("low", "medium", "high");

    /**
     * One user's exact contribution: their segment and their single cell in each histogram.
     *
     * @param segment     0..k-1
     * @param topCategory index into the category list, or -1 for {@value #OTHER}
     * @param priceLevel  index into {@code unknown, low, medium, high}
     * @param activity    index into {@code light, regular, heavy}
     * @param churnLevel  index into {@code low, medium, high}, or -1 without a churn model
     */
    public record Member(int segment, int topCategory, int priceLevel, int activity, int churnLevel) {
    }

    /** A cell of a per-segment histogram. */
    record Cell(int segment, String value) {
    }

    /**
     * The released descriptions and the notes of the releases that paid for them.
     *
     * @param segments one per segment, ids 0..k-1
     * @param notes    release name to its privacy note, in release order
     */
    public record Result(List<SegmentDescription> segments, Map<String, PrivacyNote> notes) {
    }

    private SegmentRelease() {
    }

    /** Price level of a typical price: 0 unknown (no price), 1 below {@code low}, 2 below {@code high}, else 3. */
    public static int priceLevel(boolean priced, double typical, double low, double high) {
        return !priced ? 0 : typical < low ? 1 : typical < high ? 2 : 3;
    }

    /** Activity level of an event count: 0 below {@code regular}, 1 below {@code heavy}, else 2. */
    public static int activityLevel(long events, long regular, long heavy) {
        return events < regular ? 0 : events < heavy ? 1 : 2;
    }

    /** Churn level of a probability: 0 below 1/3, 1 below 2/3, else 2. */
    public static int churnLevel(double probability) {
        return probability < 1.0 / 3 ? 0 : probability < 2.0 / 3 ? 1 : 2;
    }

    /**
     * Makes the releases, in the order of the class documentation, and describes each segment.
     *
     * @param releaser   charges the ledger and adds the noise
     * @param k          number of segments
     * @param categories the feature space's category list (the public domain of the category cells)
     * @param members    each user's exact contribution
     * @param withChurn  whether members carry churn levels (then the churn histogram is released too)
     * @param epsilon    ε of EACH release
     * @throws io.profilestream.model.dp.PrivacyBudgetExhaustedException when a release does not fit the
     *         budget: the releases before it are spent, nothing is described
     */
    public static Result release(DpReleaser releaser, int k, List<String> categories, List<Member> members,
                                 boolean withChurn, double epsilon) {
        Objects.requireNonNull(releaser, "releaser");
        List<Integer> ids = new ArrayList<>();
        for (int s = 0; s < k; s++) {
            ids.add(s);
        }
        Map<Integer, Long> sizes = new LinkedHashMap<>();
        for (Member m : members) {
            sizes.merge(m.segment(), 1L, Long::sum);
        }
        List<String> categoryDomain = new ArrayList<>(categories);
        categoryDomain.add(OTHER);
        Map<String, PrivacyNote> notes = new LinkedHashMap<>();
        NoisyHistogram<Integer> noisySizes = releaser.histogram(SIZES, ids, sizes, 1, epsilon);
        notes.put(SIZES, noisySizes.note());
        NoisyHistogram<Cell> top = cells(releaser, TOP_CATEGORIES, k, categoryDomain, members,
                m -> m.topCategory() < 0 ? OTHER : categories.get(m.topCategory()), epsilon, notes);
        NoisyHistogram<Cell> price = cells(releaser, PRICE_BANDS, k, PRICE_LEVELS, members,
                m -> PRICE_LEVELS.get(m.priceLevel()), epsilon, notes);
        NoisyHistogram<Cell> activity = cells(releaser, ACTIVITY, k, ACTIVITY_LEVELS, members,
                m -> ACTIVITY_LEVELS.get(m.activity()), epsilon, notes);
        NoisyHistogram<Cell> churn = withChurn ? cells(releaser, CHURN, k, CHURN_LEVELS, members,
                m -> CHURN_LEVELS.get(m.churnLevel()), epsilon, notes) : null;

        List<SegmentDescription> out = new ArrayList<>();
        for (int s = 0; s < k; s++) {
            List<String> topCategories = topCategories(top, s, categories);
            String band = argMax(price, s, PRICE_LEVELS);
            String level = churn == null ? UNKNOWN : argMax(churn, s, CHURN_LEVELS);
            String act = argMax(activity, s, ACTIVITY_LEVELS);
            long size = noisySizes.values().get(s);
            String text = String.format(Locale.ROOT, "about %d users; top categories %s; price band %s; churn risk %s; "
                    + "activity %s", size, topCategories.isEmpty() ? "none stand out" : String.join(", ", topCategories),
                    band, level, act);
            out.add(new SegmentDescription(s, size, topCategories, band, level, act, text));
        }
        return new Result(out, notes);
    }

    private static NoisyHistogram<Cell> cells(DpReleaser releaser, String name, int k, List<String> values,
                                              List<Member> members, java.util.function.Function<Member, String> cellOf,
                                              double epsilon, Map<String, PrivacyNote> notes) {
        List<Cell> domain = new ArrayList<>();
        for (int s = 0; s < k; s++) {
            for (String v : values) {
                domain.add(new Cell(s, v));
            }
        }
        Map<Cell, Long> counts = new LinkedHashMap<>();
        for (Member m : members) {
            counts.merge(new Cell(m.segment(), cellOf.apply(m)), 1L, Long::sum);
        }
        NoisyHistogram<Cell> h = releaser.histogram(name, domain, counts, 1, epsilon);
        notes.put(name, h.note());
        return h;
    }

    /** Up to three listed categories with a positive noisy count, highest first (ties: list order). */
    static List<String> topCategories(NoisyHistogram<Cell> h, int segment, List<String> categories) {
        List<String> ranked = new ArrayList<>(categories);
        ranked.removeIf(c -> h.values().get(new Cell(segment, c)) <= 0);
        ranked.sort((a, b) -> Long.compare(h.values().get(new Cell(segment, b)), h.values().get(new Cell(segment, a))));
        return ranked.subList(0, Math.min(3, ranked.size()));
    }

    /** The value with the highest noisy count (ties: the earlier value). */
    static String argMax(NoisyHistogram<Cell> h, int segment, List<String> values) {
        String best = values.get(0);
        for (String v : values) {
            if (h.values().get(new Cell(segment, v)) > h.values().get(new Cell(segment, best))) {
                best = v;
            }
        }
        return best;
    }
}
