# The image the pods of kubernetes-job.yaml (written by compare --plan DIR) run: the built jar on
# Eclipse Temurin 17. Build the jar, then the image, then push it where the cluster pulls from:
#   ./mvnw -B package -Dmaven.test.skip=true
#   docker build -t seqmnist:0.1.0 .
# Described, not built, where this project was developed: no container registry was reachable.
FROM eclipse-temurin:17-jre
COPY target/seqmnist.jar /opt/seqmnist/seqmnist.jar
# DJL extracts libtorch from the jar on first use (about 450 MB): a writable place for it
ENV DJL_CACHE_DIR=/tmp/djl
ENTRYPOINT ["java", "-Xmx1g", "-XX:+UseSerialGC", "-Dai.djl.offline=true", "-jar", "/opt/seqmnist/seqmnist.jar"]
