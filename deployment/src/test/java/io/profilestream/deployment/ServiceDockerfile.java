package io.profilestream.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What compose and k8s rely on in docker/Dockerfile (the image of every service): the user it runs
 * as, the directories it prepares for volumes, and the JVM options it sets.
 *
 * @param uid         numeric user of USER uid:gid
 * @param gid         numeric group of USER uid:gid
 * @param directories directories created by {@code mkdir -p} (and owned by uid, see the file)
 * @param javaOptions the JAVA_TOOL_OPTIONS value
 */
record ServiceDockerfile(int uid, int gid, List<String> directories, String javaOptions) {

    static final Path FILE = Repo.path("docker/Dockerfile");

    private static final Pattern USER = Pattern.compile("(?m)^USER\\s+(\\d+):(\\d+)\\s*$");
    private static final Pattern MKDIR = Pattern.compile("mkdir -p ((?:/\\S+\\s*)+)");
    private static final Pattern JAVA_TOOL_OPTIONS = Pattern.compile("JAVA_TOOL_OPTIONS=\"([^\"]*)\"");

    /** Reads docker/Dockerfile. */
    static ServiceDockerfile read() {
        String text;
        try {
            text = Files.readString(FILE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher user = USER.matcher(text);
        if (!user.find()) {
            throw new AssertionError("docker/Dockerfile has no numeric USER uid:gid (Kubernetes checks runAsNonRoot only for numbers)");
        }
        List<String> directories = new ArrayList<>();
        Matcher mkdir = MKDIR.matcher(text);
        while (mkdir.find()) {
            for (String d : mkdir.group(1).trim().split("\\s+")) {
                directories.add(d);
            }
        }
        Matcher options = JAVA_TOOL_OPTIONS.matcher(text);
        return new ServiceDockerfile(Integer.parseInt(user.group(1)), Integer.parseInt(user.group(2)), List.copyOf(directories),
                options.find() ? options.group(1) : "");
    }
}
