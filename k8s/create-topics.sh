#!/bin/sh
# Creates the topic catalogue of common-model io.profilestream.model.topic.Topics on a running
# broker; topics that exist already are left as they are (re-running is safe).
# One script for both deployments: docker-compose.yml mounts it into kafka-init, k8s/topics-job.yaml
# runs it from a ConfigMap (kustomize configMapGenerator; a kustomization may only read files
# under its own directory, hence its place in k8s/). deployment's TopicScriptTest fails when a
# topic of Topics is missing here, is extra, or differs in clean-up policy, retention or configs.
#
#   BOOTSTRAP_SERVERS   broker to create them on (required)
#   PARTITIONS          partitions of EVERY topic (co-partitioned: a user's clean events, profile,
#                       key, impressions, erasures live in the same partition number). Fixed at
#                       creation in practice: docs/OPERATIONS.md "Scaling by partitions"
#   REPLICATION_FACTOR  1 for a single broker, 3 in production
set -eu
: "${BOOTSTRAP_SERVERS:?set BOOTSTRAP_SERVERS, e.g. kafka:9092}"
: "${PARTITIONS:?set PARTITIONS, the partition count of every topic}"
: "${REPLICATION_FACTOR:?set REPLICATION_FACTOR (1 for a single broker)}"
KAFKA_BIN=${KAFKA_BIN:-/opt/kafka/bin}

create() {
  name=$1
  shift
  "$KAFKA_BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP_SERVERS" --create --if-not-exists \
    --partitions "$PARTITIONS" --replication-factor "$REPLICATION_FACTOR" --topic "$name" "$@"
}

create profilestream.events.raw.v1 --config cleanup.policy=delete --config retention.ms=604800000
create profilestream.events.clean.v1 --config cleanup.policy=delete --config retention.ms=604800000
create profilestream.items.v1 --config cleanup.policy=compact
create profilestream.profiles.v1 --config cleanup.policy=compact
create profilestream.user-keys.v1 --config cleanup.policy=compact --config segment.ms=3600000 --config min.cleanable.dirty.ratio=0.01 --config delete.retention.ms=3600000 --config max.compaction.lag.ms=3600000
create profilestream.events.dlq.v1 --config cleanup.policy=delete --config retention.ms=1209600000
create profilestream.catalogue.v1 --config cleanup.policy=compact
create profilestream.impressions.v1 --config cleanup.policy=delete --config retention.ms=604800000
create profilestream.erasure.requests.v1 --config cleanup.policy=delete --config retention.ms=604800000
create profilestream.erasures.v1 --config cleanup.policy=delete --config retention.ms=1209600000
create profilestream.erasure.status.v1 --config cleanup.policy=compact
create profilestream.rekeys.v1 --config cleanup.policy=delete --config retention.ms=604800000
create profilestream.handovers.v1 --config cleanup.policy=delete --config retention.ms=86400000

echo "topics ready: $("$KAFKA_BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP_SERVERS" --list | grep -c '^profilestream\.')"
