package io.profilestream.profileupdater;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The profile-updater service: folds clean events into per-user profiles and serves them over REST. */
@SpringBootApplication
public class ProfileUpdaterApplication {

    /** Starts the service. */
    public static void main(String[] args) {
        SpringApplication.run(ProfileUpdaterApplication.class, args);
    }
}
