package io.profilestream.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** k8s/create-topics.sh, which both compose (kafka-init) and k8s (the topics Job) run. */
final class TopicScript {

    static final Path FILE = Repo.path("k8s/create-topics.sh");

    private TopicScript() {
    }

    /** Each created topic with the configs it is created with, in script order. */
    static Map<String, Map<String, String>> topics() {
        List<String> lines;
        try {
            lines = Files.readAllLines(FILE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Map<String, String>> topics = new LinkedHashMap<>();
        for (String line : lines) {
            if (!line.startsWith("create ")) {
                continue;
            }
            String[] words = line.trim().split("\\s+");
            Map<String, String> configs = new TreeMap<>();
            for (int i = 2; i < words.length; i++) {
                if (!words[i].equals("--config") || i + 1 == words.length || !words[i + 1].contains("=")) {
                    throw new AssertionError("create-topics.sh: expected --config name=value in: " + line);
                }
                String[] pair = words[++i].split("=", 2);
                if (configs.put(pair[0], pair[1]) != null) {
                    throw new AssertionError("create-topics.sh: " + pair[0] + " twice in: " + line);
                }
            }
            if (topics.put(words[1], configs) != null) {
                throw new AssertionError("create-topics.sh creates " + words[1] + " twice");
            }
        }
        return topics;
    }

    /** The whole script. */
    static String text() {
        try {
            return Files.readString(FILE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
