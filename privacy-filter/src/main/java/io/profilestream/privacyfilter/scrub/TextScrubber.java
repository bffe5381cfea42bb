package io.profilestream.privacyfilter.scrub;

import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.validator.routines.InetAddressValidator;
import org.apache.commons.validator.routines.checkdigit.LuhnCheckDigit;

/**
 * Removes personal data from free text (review text, search queries) before it leaves the
 * privacy filter: e-mail addresses, IP addresses, payment card numbers and phone numbers are
 * replaced by {@code [email]}, {@code [ip]}, {@code [card]} and {@code [phone]}.
 *
 * <p>Candidates are found by patterns and confirmed by Apache Commons Validator where a real check
 * exists: an IP candidate must parse as IPv4 or IPv6, a card candidate (13-19 digits, optionally
 * grouped by spaces or dashes) must pass the Luhn check. Digit runs that fail the Luhn check are
 * not cards, but one of 7-15 digits, optionally with a leading {@code +}, brackets, spaces, dots
 * or dashes, is still treated as a phone number (calendar dates such as {@code 2023-05-01} or
 * {@code 01.05.2023} excepted): a shop's order number is rarely in a review, and a leaked phone
 * number costs more than a masked order number.
 *
 * <p>Kinds are applied in the order email, ip, card, phone, so a digit inside an address is never
 * taken for a phone number. Immutable and thread-safe.
 */
public final class TextScrubber {

    /** What a replacement stood for; the count per kind is reported for metrics. */
    public enum Kind {
        EMAIL("[email]"), IP("[ip]"), CARD("[card]"), PHONE("[phone]");

        private final String mask;

        Kind(String mask) {
            this.mask = mask;
        }

        /** The text that replaces a match. */
        public String mask() {
            return mask;
        }
    }

    /** Scrubbed text and how many matches of each kind were replaced. */
    public record Result(String text, Map<Kind, Integer> replaced) {
        /** Whether anything was replaced. */
        public boolean changed() {
            return !replaced.isEmpty();
        }
    }

    private static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
    // IPv4 dotted quads, and IPv6 as hex groups with at least two colons (validated afterwards).
    private static final Pattern IP = Pattern.compile(
            "(?<![\\w.:])(?:\\d{1,3}(?:\\.\\d{1,3}){3}|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:%\\w+)?)(?![\\w.:])");
    private static final Pattern CARD = Pattern.compile("(?<![\\d-])\\d(?:[ -]?\\d){12,18}(?![\\d-])");
    private static final Pattern PHONE = Pattern.compile(
            "(?<![\\w+])(?:\\+|00)?\\(?\\d(?:[\\s().-]{0,2}\\d){6,14}(?!\\w)");

    // Calendar dates have phone-like digit runs ("ordered 2023-05-01", "am 01.05.2023"); they are
    // common in reviews and carry no identity, so they are kept.
    private static final Pattern DATE = Pattern.compile(
            "\\d{4}[-./]\\d{1,2}[-./]\\d{1,2}|\\d{1,2}[-./]\\d{1,2}[-./]\\d{4}");

    private static final InetAddressValidator IPS = InetAddressValidator.getInstance();

    /** Returns the text with every recognised personal datum masked; null stays null. */
    public Result scrub(String text) {
        if (text == null || text.isEmpty()) {
            return new Result(text, Map.of());
        }
        Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
        String s = replace(text, EMAIL, Kind.EMAIL, counts);
        s = replace(s, IP, Kind.IP, counts);
        s = replace(s, CARD, Kind.CARD, counts);
        s = replace(s, PHONE, Kind.PHONE, counts);
        return new Result(s, Map.copyOf(counts));
    }

    private static String replace(String text, Pattern pattern, Kind kind, Map<Kind, Integer> counts) {
        Matcher m = pattern.matcher(text);
        StringBuilder out = null;
        int last = 0;
        while (m.find()) {
            if (!confirmed(kind, m.group())) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, last, m.start()).append(kind.mask());
            last = m.end();
            counts.merge(kind, 1, Integer::sum);
        }
        if (out == null) {
            return text;
        }
        return out.append(text, last, text.length()).toString();
    }

    private static boolean confirmed(Kind kind, String candidate) {
        return switch (kind) {
            case EMAIL -> true;
            case PHONE -> !DATE.matcher(candidate).matches();
            case IP -> IPS.isValid(stripZone(candidate));
            case CARD -> LuhnCheckDigit.LUHN_CHECK_DIGIT.isValid(candidate.replaceAll("[ -]", ""));
        };
    }

    private static String stripZone(String ip) {
        int zone = ip.indexOf('%');
        return zone < 0 ? ip : ip.substring(0, zone);
    }
}
