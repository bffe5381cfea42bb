# The model trainer CLI (bin/profilestream-trainer in a container), for docker-compose.yml's
# model-trainer service: it exports model versions into the volume the profile-updater and the
# recommender-service read. Build the jars first (mvn -DskipTests package, which also fills
# model-trainer/target/lib), then: docker build -f docker/trainer.Dockerfile -t profilestream/model-trainer .
FROM eclipse-temurin:17-jre
ARG VERSION=0.1.0-SNAPSHOT
# Same uid/gid as the services (docker/Dockerfile): model versions it writes are theirs to read.
RUN groupadd --system --gid 10001 profilestream \
 && useradd --system --uid 10001 --gid 10001 profilestream \
 && mkdir -p /var/lib/profilestream/models /data \
 && chown -R 10001:10001 /var/lib/profilestream /data
COPY model-trainer/target/lib/ /app/lib/
COPY model-trainer/target/model-trainer-${VERSION}.jar /app/trainer.jar
USER 10001:10001
WORKDIR /data
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError --add-modules=jdk.incubator.vector"
# One native thread, as bin/profilestream-trainer sets: libnd4j sizes its OpenMP pool from this
# variable when it loads, and a second thread only spins (model-core Nd4jRuntime). Override with -e.
ENV OMP_NUM_THREADS=1
ENTRYPOINT ["java", "-cp", "/app/lib/*:/app/trainer.jar", "io.profilestream.trainer.TrainerCli"]
CMD ["--help"]
