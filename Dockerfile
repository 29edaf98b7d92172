# Build stage: the same Maven build a developer runs.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY db db
COPY admin-ui admin-ui
COPY proxy-app proxy-app
RUN mvn -q -B -DskipTests package

# Run stage: a JRE and the application jar with its libraries.
FROM eclipse-temurin:17-jre
WORKDIR /opt/fulcrum
COPY --from=build /src/proxy-app/target/fulcrum.jar ./fulcrum.jar
COPY --from=build /src/proxy-app/target/lib ./lib
EXPOSE 5432
# The launcher's defaults (see docs/performance.md): a small heap with a roomy young generation, native memory trimmed.
ENV MALLOC_ARENA_MAX=2
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-Xms48m", "-Xmx96m", "-Xmn32m", "-Xss512k", \
            "-XX:ReservedCodeCacheSize=64m", "-XX:MaxMetaspaceSize=96m", "-XX:TrimNativeHeapInterval=5000", \
            "-jar", "/opt/fulcrum/fulcrum.jar"]
CMD ["serve", "5432", "--backend", "http://127.0.0.1:5001"]
