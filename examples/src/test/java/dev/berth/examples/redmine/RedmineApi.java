package dev.berth.examples.redmine;

import dev.berth.BerthContainer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * Redmine's REST API from the test JVM, through the published port 3000, as admin/admin with
 * basic auth (berth/redmine enables the API and frees admin from its forced password change).
 */
// tag::api[]
final class RedmineApi {

    private static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    RedmineApi(BerthContainer redmine) {
        this.base = URI.create("http://" + redmine.host() + ":" + redmine.hostPort(3000) + "/");
    }

    /** POST /projects.json: 201 and the new project as JSON when Redmine stored it. */
    HttpResponse<String> createProject(String identifier, String name) throws IOException, InterruptedException {
        String json = "{\"project\": {\"identifier\": \"" + identifier + "\", \"name\": \"" + name + "\"}}";
        return send(HttpRequest.newBuilder(base.resolve("projects.json"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** GET /projects/IDENTIFIER.json: 200 and the project as JSON, 404 when Redmine has no such project. */
    HttpResponse<String> project(String identifier) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve("projects/" + identifier + ".json")).GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.header("Authorization", ADMIN).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
// end::api[]
