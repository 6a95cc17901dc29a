# Build the jar first: mvn -B package -DskipTests
FROM eclipse-temurin:17-jre
RUN useradd --uid 10001 --user-group --no-create-home governor
COPY target/task-governor.jar /opt/task-governor/task-governor.jar
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/opt/task-governor/task-governor.jar"]
CMD ["operator"]
