package io.profilestream.privacyfilter;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The privacy filter: the only service that reads raw events. It validates, de-duplicates,
 * normalises and pseudonymises them onto the clean topic and dead-letters everything else.
 * Wiring lives in {@code config}; the topology in {@code topology}.
 */
@SpringBootApplication
public class PrivacyFilterApplication {

    public static void main(String[] args) {
        SpringApplication.run(PrivacyFilterApplication.class, args);
    }
}
