package io.profilestream.recommender;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The recommender service: item popularity and catalogue, profiles, and personalised
 * recommendations over REST. Beans are wired in {@code config.RecommenderConfiguration}.
 */
@SpringBootApplication
public class RecommenderApplication {

    public static void main(String[] args) {
        SpringApplication.run(RecommenderApplication.class, args);
    }
}
