package io.profilestream.model.dp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The mechanism's distribution, checked over {@value #DRAWS} seeded draws per case.
 *
 * <p>Tolerances are {@value #Z} standard errors of the statistic, computed from the exact
 * distribution: a correct sampler stays inside with probability about 1 - 6e-7 per check (normal
 * approximation), whatever the seed, while a scale 5% off moves the variance by ~10%, i.e. 4 to 20
 * standard errors (0.5% to 2.5% relative SE here), and a wrong tail ratio by far more.
 */
class DiscreteLaplaceTest {

    private static final int DRAWS = 200_000;
    private static final double Z = 5.0;

    /** Exact probability mass function: (1-q)/(1+q) · q^|k|, q = exp(-1/t). */
    private static double pmf(double scale, long k) {
        double q = Math.exp(-1 / scale);
        return (1 - q) / (1 + q) * Math.pow(q, Math.abs(k));
    }

    /** Central moment {@code order} of the exact distribution (mean 0), summed until the terms vanish. */
    private static double moment(double scale, int order) {
        double total = 0;
        for (long k = 1; k < 200 + 100 * scale; k++) {
            total += 2 * pmf(scale, k) * Math.pow(k, order);
        }
        return total;
    }

    private static Map<Long, Integer> histogram(DiscreteLaplace noise, RandomGenerator random, long offset) {
        Map<Long, Integer> counts = new HashMap<>();
        for (int i = 0; i < DRAWS; i++) {
            counts.merge(offset + noise.sample(random), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void shouldTurnSensitivityOverEpsilonIntoAnExactReducedFraction() {
        assertThat(DiscreteLaplace.forEpsilon(1, 0.1)).hasToString("discrete-laplace(scale=10/1)");
        assertThat(DiscreteLaplace.forEpsilon(3, 0.5)).hasToString("discrete-laplace(scale=6/1)");
        assertThat(DiscreteLaplace.forEpsilon(1, 0.3)).hasToString("discrete-laplace(scale=10/3)");
        assertThat(DiscreteLaplace.forEpsilon(2, 10.0)).hasToString("discrete-laplace(scale=1/5)");
        assertThat(DiscreteLaplace.forEpsilon(10_000, 0.25)).hasToString("discrete-laplace(scale=40000/1)");
        // 1/3 is rounded DOWN to 9 decimals: the noise is slightly larger than asked, never smaller.
        assertThat(DiscreteLaplace.forEpsilon(1, 1.0 / 3)).hasToString("discrete-laplace(scale=1000000000/333333333)");
        assertThat(DiscreteLaplace.forEpsilon(1, 0.3).scale()).isEqualTo(10.0 / 3);
    }

    @Test
    void shouldRefuseParametersThatGiveNoPrivacyGuarantee() {
        assertThatThrownBy(() -> DiscreteLaplace.forEpsilon(1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("epsilon must be a positive finite number, got 0.0");
        assertThatThrownBy(() -> DiscreteLaplace.forEpsilon(1, Double.NaN))
                .hasMessage("epsilon must be a positive finite number, got NaN");
        assertThatThrownBy(() -> DiscreteLaplace.forEpsilon(1, Double.POSITIVE_INFINITY))
                .hasMessage("epsilon must be a positive finite number, got Infinity");
        assertThatThrownBy(() -> DiscreteLaplace.forEpsilon(1, 1e-10))
                .hasMessage("epsilon must be at least 1e-9, got 1.0E-10");
        assertThatThrownBy(() -> DiscreteLaplace.forEpsilon(0, 1))
                .hasMessage("the sensitivity must be at least 1, got 0");
        assertThatThrownBy(() -> DiscreteLaplace.forEpsilon(Long.MAX_VALUE / 2, 0.123456789))
                .hasMessageStartingWith("sensitivity 4611686018427387903 with epsilon 0.123456789 gives a noise scale too large");
        assertThatThrownBy(() -> DiscreteLaplace.withScale(0, 1))
                .hasMessage("the scale must be a positive fraction, got 0/1");
    }

    @Test
    void shouldStateTheDiscreteLaplaceVariance() {
        DiscreteLaplace noise = DiscreteLaplace.withScale(2, 1);
        double q = Math.exp(-0.5);
        assertThat(noise.variance()).isCloseTo(2 * q / ((1 - q) * (1 - q)), within(1e-12));
        assertThat(noise.variance()).isCloseTo(moment(2, 2), within(1e-9));
        assertThat(noise.standardDeviation()).isCloseTo(Math.sqrt(2 * q) / (1 - q), within(1e-12));
    }

    @ParameterizedTest(name = "sensitivity {0}, epsilon {1}")
    @CsvSource({"1, 0.5", "1, 0.3", "3, 1.0", "1, 5.0", "1, 0.05"})
    void shouldHaveMeanZeroAndTheDiscreteLaplaceVarianceOverManyDraws(long sensitivity, double epsilon) {
        DiscreteLaplace noise = DiscreteLaplace.forEpsilon(sensitivity, epsilon);
        RandomGenerator random = new SplittableRandom(20261130L + sensitivity * 31 + (long) (epsilon * 1000));
        double sum = 0;
        double sumSquares = 0;
        for (int i = 0; i < DRAWS; i++) {
            long x = noise.sample(random);
            sum += x;
            sumSquares += (double) x * x;
        }
        // Expected moments from sensitivity/epsilon and the pmf, independently of the class under test.
        double scale = sensitivity / epsilon;
        double variance = moment(scale, 2);
        double fourth = moment(scale, 4);
        double mean = sum / DRAWS;
        // Mean: SE = sigma/sqrt(N). Variance (mean known to be 0): SE = sqrt((mu4 - sigma^4) / N).
        assertThat(mean).isCloseTo(0, within(Z * Math.sqrt(variance / DRAWS)));
        assertThat(sumSquares / DRAWS).isCloseTo(variance, within(Z * Math.sqrt((fourth - variance * variance) / DRAWS)));
    }

    @ParameterizedTest(name = "sensitivity {0}, epsilon {1}")
    @CsvSource({"1, 0.5", "1, 0.3", "3, 1.0", "1, 5.0"})
    void shouldDecayGeometricallyByExpOfOneOverScaleBetweenNeighbouringValues(long sensitivity, double epsilon) {
        DiscreteLaplace noise = DiscreteLaplace.forEpsilon(sensitivity, epsilon);
        Map<Long, Integer> counts = histogram(noise, new SplittableRandom(7L + sensitivity), 0);
        double scale = sensitivity / epsilon;
        int checked = 0;
        for (long k = 0; k < 6; k++) {
            for (long sign : new long[] {1, -1}) {
                int near = counts.getOrDefault(sign * k, 0);
                int far = counts.getOrDefault(sign * (k + 1), 0);
                if (near < 1_000 || far < 1_000) {
                    continue; // too few draws for the normal approximation of the log ratio
                }
                // Delta method for a multinomial: Var(log(n_k / n_k+1)) ~ 1/n_k + 1/n_k+1.
                double logRatio = Math.log((double) near / far);
                assertThat(logRatio).as("log P(%d)/P(%d)", sign * k, sign * (k + 1))
                        .isCloseTo(1 / scale, within(Z * Math.sqrt(1.0 / near + 1.0 / far)));
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(2);
    }

    @Test
    void shouldChangeTheProbabilityOfEveryOutputByAtMostExpEpsilonWhenTheCountMovesBySensitivity() {
        long sensitivity = 3;
        double epsilon = 1.0;
        DiscreteLaplace noise = DiscreteLaplace.forEpsilon(sensitivity, epsilon);
        long c = 100;
        Map<Long, Integer> atC = histogram(noise, new SplittableRandom(11), c);
        Map<Long, Integer> atNeighbour = histogram(noise, new SplittableRandom(12), c + sensitivity);
        int checked = 0;
        int tight = 0;
        for (long y = c - 40; y <= c + sensitivity + 40; y++) {
            int a = atC.getOrDefault(y, 0);
            int b = atNeighbour.getOrDefault(y, 0);
            if (a < 2_000 || b < 2_000) {
                continue; // the bulk only: ratios of tiny counts have no useful precision
            }
            double logRatio = Math.log((double) a / b);
            double tolerance = Z * Math.sqrt(1.0 / a + 1.0 / b);
            assertThat(Math.abs(logRatio)).as("|log P(y=%d | c) / P(y | c+3)|", y).isLessThanOrEqualTo(epsilon + tolerance);
            if (y <= c) {
                // Below both centres the ratio is exactly e^epsilon: the bound is tight, the noise not wasteful.
                assertThat(logRatio).as("log ratio at y=%d", y).isCloseTo(epsilon, within(tolerance));
                tight++;
            }
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(10);
        assertThat(tight).isGreaterThanOrEqualTo(3);
    }

    @ParameterizedTest(name = "gamma {0}/{1}")
    @CsvSource({"1, 2", "1, 1", "5, 2", "7, 3", "1, 1000"})
    void shouldSucceedWithProbabilityExpMinusGamma(long numerator, long denominator) {
        RandomGenerator random = new SplittableRandom(numerator * 1_000 + denominator);
        int successes = 0;
        for (int i = 0; i < DRAWS; i++) {
            if (DiscreteLaplace.bernoulliExpMinus(random, numerator, denominator)) {
                successes++;
            }
        }
        double p = Math.exp(-(double) numerator / denominator);
        assertThat((double) successes / DRAWS).isCloseTo(p, within(Z * Math.sqrt(p * (1 - p) / DRAWS)));
    }

    @Test
    void shouldAlwaysSucceedForGammaZero() {
        RandomGenerator random = new SplittableRandom(1);
        for (int i = 0; i < 1_000; i++) {
            assertThat(DiscreteLaplace.bernoulliExpMinus(random, 0, 7)).isTrue();
        }
    }

    @Test
    void shouldDrawTheSameNoiseFromTheSameSeed() {
        DiscreteLaplace noise = DiscreteLaplace.forEpsilon(1, 0.5);
        SplittableRandom first = new SplittableRandom(99);
        SplittableRandom second = new SplittableRandom(99);
        for (int i = 0; i < 100; i++) {
            assertThat(noise.sample(first)).isEqualTo(noise.sample(second));
        }
    }
}
