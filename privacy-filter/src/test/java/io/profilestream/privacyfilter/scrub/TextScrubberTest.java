package io.profilestream.privacyfilter.scrub;

import io.profilestream.privacyfilter.scrub.TextScrubber.Kind;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextScrubberTest {

    private final TextScrubber scrubber = new TextScrubber();

    @Test
    void shouldMaskEmailAddresses() {
        TextScrubber.Result r = scrubber.scrub("Mail me at jane.doe+shop@example.co.uk, thanks");
        assertThat(r.text()).isEqualTo("Mail me at [email], thanks");
        assertThat(r.replaced()).isEqualTo(Map.of(Kind.EMAIL, 1));
    }

    @Test
    void shouldMaskLuhnValidCardNumbersInAnyGrouping() {
        assertThat(scrubber.scrub("card 4111 1111 1111 1111 declined").text()).isEqualTo("card [card] declined");
        assertThat(scrubber.scrub("card 4111-1111-1111-1111").text()).isEqualTo("card [card]");
        assertThat(scrubber.scrub("amex 378282246310005.").text()).isEqualTo("amex [card].");
    }

    @Test
    void shouldNotCallADigitRunThatFailsTheLuhnCheckACard() {
        // 4111 1111 1111 1112 fails Luhn; 16 digits is too long for a phone number too.
        TextScrubber.Result r = scrubber.scrub("order 4111111111111112 arrived");
        assertThat(r.text()).isEqualTo("order 4111111111111112 arrived");
        assertThat(r.changed()).isFalse();
    }

    @Test
    void shouldMaskPhoneNumbersWithCommonSeparators() {
        assertThat(scrubber.scrub("call +49 30 1234567 today").text()).isEqualTo("call [phone] today");
        assertThat(scrubber.scrub("call (555) 123-4567").text()).isEqualTo("call [phone]");
        assertThat(scrubber.scrub("call 0044.20.7946.0958").text()).isEqualTo("call [phone]");
    }

    @Test
    void shouldMaskIpv4AndIpv6AddressesButNotVersionNumbersOrPrices() {
        assertThat(scrubber.scrub("from 192.168.10.7 and 2001:db8::ff00:42:8329").text())
                .isEqualTo("from [ip] and [ip]");
        TextScrubber.Result r = scrubber.scrub("v1.2.3 costs 12.99, size 42, 999.1.1.1");
        assertThat(r.text()).isEqualTo("v1.2.3 costs 12.99, size 42, 999.1.1.1");
        assertThat(r.changed()).isFalse();
    }

    @Test
    void shouldCountEveryKindInOneText() {
        TextScrubber.Result r = scrubber.scrub(
                "a@b.io 10.0.0.1 5500 0000 0000 0004 +1 202 555 0143 c@d.org");
        assertThat(r.text()).isEqualTo("[email] [ip] [card] [phone] [email]");
        assertThat(r.replaced()).isEqualTo(Map.of(Kind.EMAIL, 2, Kind.IP, 1, Kind.CARD, 1, Kind.PHONE, 1));
    }

    @Test
    void shouldKeepCalendarDatesThatLookLikePhoneNumbers() {
        TextScrubber.Result r = scrubber.scrub("ordered 2023-05-01, arrived 03.05.2023, returned 2023/5/9");
        assertThat(r.text()).isEqualTo("ordered 2023-05-01, arrived 03.05.2023, returned 2023/5/9");
        assertThat(r.changed()).isFalse();
        assertThat(scrubber.scrub("on 2023-05-01 call 030 1234 5678").text()).isEqualTo("on 2023-05-01 call [phone]");
    }

    @Test
    void shouldLeaveOrdinaryTextAndNullAlone() {
        assertThat(scrubber.scrub("Great lipstick, 5 stars, bought 2 in 2019!").text())
                .isEqualTo("Great lipstick, 5 stars, bought 2 in 2019!");
        assertThat(scrubber.scrub(null).text()).isNull();
    }
}
