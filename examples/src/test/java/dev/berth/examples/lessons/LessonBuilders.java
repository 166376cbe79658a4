package dev.berth.examples.lessons;

import dev.berth.BerthEnvironment;

/**
 * The lessons' declarations written with the builder: each lesson page shows its twin beside the
 * annotations, and {@link LessonBuildersTest} proves each reads into the same environment as the
 * annotations of its lesson class.
 */
final class LessonBuilders {

    private LessonBuilders() {
    }

    static final class Lesson01 {
        // tag::lesson01[]
        // docker run -d -p 80 berth/nginx   (Berth picks a free host port and binds it to 127.0.0.1)
        static BerthEnvironment env = BerthEnvironment.builder()
                .container("web", c -> c.image("berth/nginx").ports("80").waitFor(w -> w.port(80)))
                .build();
        // end::lesson01[]
    }

    static final class Lesson01a {
        // tag::lesson01a[]
        static BerthEnvironment env = BerthEnvironment.builder()
                // docker build -t lesson/instructions:1 src/test/resources/lessons/images/instructions
                .image("lesson/instructions:1", i -> i.context("src/test/resources/lessons/images/instructions"))
                // docker run -p 8080 lesson/instructions:1
                .container("app", c -> c.image("lesson/instructions:1").ports("8080").waitFor(w -> w.port(8080)))
                .build();
        // end::lesson01a[]
    }

    static final class Lesson02 {
        // tag::lesson02[]
        static BerthEnvironment env = BerthEnvironment.builder()
                .network("lesson02")
                // docker run busybox:1.35 sleep 3600                 -> replaces CMD ["sh"]
                .container("cmd-replaced", c -> c.image("busybox:1.35").command("sleep", "3600"))
                // docker run --entrypoint sleep busybox:1.35 3600    -> ENTRYPOINT + arguments
                .container("entrypoint-and-args", c -> c.image("busybox:1.35").entrypoint("sleep").command("3600"))
                // docker run berth/shell-less -p 9090                -> appended to the image's ENTRYPOINT
                .container("web", c -> c.image("berth/shell-less").networks("lesson02").command("-p", "9090")
                        .waitFor(w -> w.port(9090)))
                .container("client", c -> c.image("busybox:1.35").networks("lesson02").command("sleep", "3600"))
                .build();
        // end::lesson02[]
    }

    static final class Lesson03 {
        // tag::lesson03[]
        static BerthEnvironment env = BerthEnvironment.builder()
                .network("lesson03")
                // docker run berth/shell-less            (EXPOSE 8080 in its Dockerfile, no -p)
                .container("exposed-only", c -> c.image("berth/shell-less").networks("lesson03").waitFor(w -> w.port(8080)))
                // docker run -p 8080 berth/shell-less
                .container("published", c -> c.image("berth/shell-less").networks("lesson03").ports("8080")
                        .waitFor(w -> w.port(8080)))
                // busybox exposes nothing; its httpd listens on 9999 all the same
                .container("not-exposed", c -> c.image("busybox:1.35").networks("lesson03")
                        .command("httpd", "-f", "-p", "9999", "-h", "/").waitFor(w -> w.port(9999)))
                .container("neighbour", c -> c.image("busybox:1.35").networks("lesson03").command("sleep", "3600"))
                .build();
        // end::lesson03[]
    }

    static final class Lesson03a {
        // tag::lesson03a[]
        static BerthEnvironment env = BerthEnvironment.builder()
                // docker build --target build -t lesson/multistage:build .   -> stops after the build stage
                .image("lesson/multistage:build", i -> i.context("src/test/resources/lessons/images/multistage").target("build"))
                // docker build -t lesson/multistage:runtime .                 -> the last stage, runtime
                .image("lesson/multistage:runtime", i -> i.context("src/test/resources/lessons/images/multistage"))
                .container("app", c -> c.image("lesson/multistage:runtime"))
                .build();
        // end::lesson03a[]
    }

    static final class Lesson03b {
        // tag::lesson03b[]
        static BerthEnvironment env = BerthEnvironment.builder()
                // the same app on two bases: docker build --build-arg BASE=... (both tags pinned)
                .image("lesson/size:busybox", i -> i.context("src/test/resources/lessons/images/size-base")
                        .buildArg("BASE", "busybox:1.35"))
                .image("lesson/size:debian", i -> i.context("src/test/resources/lessons/images/size-base")
                        .buildArg("BASE", "debian:bookworm-slim"))
                // an 8 MB download cache removed by a later RUN, or in the RUN that wrote it
                .image("lesson/size:cleanup-later", i -> i.context("src/test/resources/lessons/images/cleanup-later"))
                .image("lesson/size:cleanup-same-layer", i -> i.context("src/test/resources/lessons/images/cleanup-same-layer"))
                // COPY . /app with a .dockerignore
                .image("lesson/size:dockerignore", i -> i.context("src/test/resources/lessons/images/dockerignore"))
                // one image, two configurations: docker run -e GREETING=...
                .container("staging", c -> c.image("lesson/size:busybox").env("GREETING", "hello staging"))
                .container("production", c -> c.image("lesson/size:busybox").env("GREETING", "hello production"))
                .build();
        // end::lesson03b[]
    }

    static final class Lesson04 {
        // tag::lesson04[]
        static final String SERVE_GREETING = "mkdir -p /www && echo \"$GREETING\" > /www/index.html && exec httpd -f -p 80 -h /www";

        static BerthEnvironment env = BerthEnvironment.builder()
                // docker run -e GREETING="hello from staging" -p 80 busybox:1.35 sh -c '...'
                .container("staging", c -> c.image("busybox:1.35").env("GREETING", "hello from staging").ports("80")
                        .command("sh", "-c", SERVE_GREETING).waitFor(w -> w.port(80)))
                // docker run --env-file production.env -p 80 busybox:1.35 sh -c '...'
                .container("production", c -> c.image("busybox:1.35").envFile("classpath:lessons/production.env").ports("80")
                        .command("sh", "-c", SERVE_GREETING).waitFor(w -> w.port(80)))
                .build();
        // end::lesson04[]
    }

    static final class Lesson05 {
        // tag::lesson05[]
        // docker run --name my-nginx -p 8080:80 -d nginx   (any free host port instead of 8080)
        static BerthEnvironment env = BerthEnvironment.builder()
                .container("my-nginx", c -> c.image("berth/nginx").ports("80").waitFor(w -> w.http("/").port(80)))
                .build();
        // end::lesson05[]
    }

    static final class Lesson08 {
        // tag::lesson08[]
        static BerthEnvironment env = BerthEnvironment.builder()
                // docker build -t lesson/share:1 src/test/resources/lessons/images/share
                .image("lesson/share:1", i -> i.context("src/test/resources/lessons/images/share"))
                // a registry that wants a login, in place of Docker Hub
                .registry("registry", r -> r.username("john").password("lesson-08-password"))
                .build();
        // end::lesson08[]
    }

    static final class Lesson09 {
        // tag::lesson09[]
        static BerthEnvironment env = BerthEnvironment.builder()
                // docker run -d busybox ...   (twice, no --network: Docker's default bridge)
                .container("default-a", c -> c.image("busybox:1.35").command("sleep", "3600"))
                .container("default-b", c -> c.image("busybox:1.35").command("httpd", "-f", "-p", "8080", "-h", "/")
                        .waitFor(w -> w.port(8080)))
                // docker network create redmine-network; docker run --network redmine-network ...
                .network("redmine-network")
                .container("some-mysql", c -> c.image("busybox:1.35").networks("redmine-network")
                        .command("httpd", "-f", "-p", "3306", "-h", "/").waitFor(w -> w.port(3306)))
                .container("some-redmine", c -> c.image("busybox:1.35").networks("redmine-network").command("sleep", "3600"))
                // a second user-defined bridge
                .network("other-network")
                .container("outsider", c -> c.image("busybox:1.35").networks("other-network").command("sleep", "3600"))
                .build();
        // end::lesson09[]
    }

    static final class Lesson09a {
        // tag::lesson09a[]
        static BerthEnvironment env = BerthEnvironment.builder()
                // docker network create redmine-network
                .network("redmine-network")
                // docker run --name some-mysql --network redmine-network -e MYSQL_ROOT_PASSWORD=my-secret-pw -e MYSQL_DATABASE=redmine -d mysql:8
                .container("some-mysql", c -> c.image("berth/mariadb:latest").networks("redmine-network")
                        .env("MYSQL_ROOT_PASSWORD", "my-secret-pw").env("MYSQL_DATABASE", "redmine")
                        .waitFor(w -> w.healthy().timeout("180s")))
                // docker run --name some-redmine --network redmine-network -e REDMINE_DB_MYSQL=some-mysql
                //            -e REDMINE_DB_PASSWORD=my-secret-pw -p 3000:3000 -d redmine
                .container("some-redmine", c -> c.image("berth/redmine:latest").networks("redmine-network")
                        .env("REDMINE_DB_MYSQL", "some-mysql").env("REDMINE_DB_PASSWORD", "my-secret-pw").ports("3000")
                        .dependsOn("some-mysql").waitFor(w -> w.http("/").port(3000).status(200).timeout("400s")))
                .build();
        // end::lesson09a[]
    }

    static final class Lesson10 {
        // tag::lesson10-across-nodes[]
        static BerthEnvironment env = BerthEnvironment.builder()
                .swarm(2)                                                  // node-1 (the manager) and node-2
                // docker network create -d overlay --attachable multi-host   (on the manager)
                .network("multi-host", n -> n.driver("overlay"))
                .network("node-1-bridge")
                // docker network create -d macvlan --subnet 192.168.77.0/24 -o parent=eth0 lan   (on node-1)
                .network("lan", n -> n.driver("macvlan").subnet("192.168.77.0/24").option("parent", "eth0"))
                .container("web", c -> c.image("busybox:1.35").node("node-1").networks("multi-host")
                        .command("sh", "-c", "mkdir -p /www && echo served-on-node-1 > /www/index.html && exec httpd -f -p 80 -h /www")
                        .waitFor(w -> w.port(80)))
                .container("visitor", c -> c.image("busybox:1.35").node("node-2").networks("multi-host").command("sleep", "3600"))
                .container("neighbour", c -> c.image("busybox:1.35").node("node-1").networks("node-1-bridge").command("sleep", "3600"))
                .container("lan-server", c -> c.image("busybox:1.35").node("node-1").networks("lan")
                        .command("sh", "-c", "mkdir -p /www && echo served-over-macvlan > /www/index.html && exec httpd -f -p 80 -h /www")
                        .waitFor(w -> w.port(80)))
                .container("lan-client", c -> c.image("busybox:1.35").node("node-1").networks("lan").command("sleep", "3600"))
                .build();
        // end::lesson10-across-nodes[]
    }

    static final class Lesson10Overlay {
        // tag::lesson10-overlay[]
        /** docker network create -d overlay multi-host, built in code: refused the same way without swarm(N). */
        static BerthEnvironment env = BerthEnvironment.builder()
                .network("multi-host", n -> n.driver("overlay"))
                .build();
        // end::lesson10-overlay[]
    }

    static final class Lesson10a {
        // tag::lesson10a[]
        static BerthEnvironment env = BerthEnvironment.builder()
                // ENV DB_PASSWORD=... in the Dockerfile, and COPY . /app takes db.env along
                .image("lesson/secrets:leaky", i -> i.context("src/test/resources/lessons/images/secrets-leaky"))
                // no secret in the Dockerfile, *.env in .dockerignore
                .image("lesson/secrets:fixed", i -> i.context("src/test/resources/lessons/images/secrets-fixed"))
                // docker run --env-file db.env lesson/secrets:fixed
                .container("app", c -> c.image("lesson/secrets:fixed").envFile("src/test/resources/lessons/images/secrets-fixed/db.env"))
                .build();
        // end::lesson10a[]
    }

    static final class Lesson10b {
        // tag::lesson10b[]
        static BerthEnvironment env = versions("1.0.0", "1.1.0");

        // docker build --build-arg VERSION=... -t lesson/versioned:... .   (one image per version)
        static BerthEnvironment versions(String... versions) {
            BerthEnvironment.Builder builder = BerthEnvironment.builder();
            for (String version : versions) {
                builder.image("lesson/versioned:" + version, i -> i.context("src/test/resources/lessons/images/versioned")
                        .buildArg("VERSION", version));
            }
            return builder.registry().build();
        }
        // end::lesson10b[]
    }

    static final class Lesson11 {
        // tag::lesson11[]
        static BerthEnvironment env = BerthEnvironment.builder()
                .network("front")
                .network("back")
                .volume("db-data")
                .container("db", c -> c.image("busybox:1.35").networks("back").volumes("db-data:/data")
                        .command("sh", "-c", "date +%s%N > /tmp/started && echo row-1 > /data/table && exec httpd -f -p 5432 -h /data")
                        .waitFor(w -> w.port(5432)))
                .container("api", c -> c.image("busybox:1.35").networks("front", "back")
                        .command("sh", "-c", "date +%s%N > /tmp/started && exec httpd -f -p 8080 -h /").waitFor(w -> w.port(8080)))
                .container("frontend", c -> c.image("busybox:1.35").networks("front").command("sleep", "3600"))
                .build();
        // end::lesson11[]
    }

    static final class Lesson06 {
        // tag::lesson06-up[]
        static BerthEnvironment env = BerthEnvironment.builder()
                .composeStack("course", s -> s.files("classpath:lessons/compose/compose.yml").env("APP_GREETING", "hello compose"))
                .build();
        // end::lesson06-up[]
    }

    static final class Lesson10Stack {
        // tag::lesson10-host-and-macvlan[]
        static BerthEnvironment env = BerthEnvironment.builder()
                .composeStack("drivers", s -> s.files("classpath:lessons/compose/network-drivers.yml"))
                .build();
        // end::lesson10-host-and-macvlan[]
    }

    static final class Lesson07 {
        // tag::lesson07-bind-versus-volume[]
        static BerthEnvironment env = BerthEnvironment.builder()
                // docker volume create my-nginx-volume, then copy index.html in through a temporary container
                .volume("my-nginx-volume", v -> v.seedFrom("classpath:lessons/site"))
                // docker run -v $(pwd)/src/test/resources/lessons/site:/usr/share/nginx/html:ro -p 80 -d nginx
                .container("bind-mounted", c -> c.image("berth/nginx").ports("80")
                        .volumes("./src/test/resources/lessons/site:/usr/share/nginx/html:ro").waitFor(w -> w.port(80)))
                // docker run -v my-nginx-volume:/usr/share/nginx/html -p 80 -d nginx
                .container("volume-mounted", c -> c.image("berth/nginx").ports("80")
                        .volumes("my-nginx-volume:/usr/share/nginx/html").waitFor(w -> w.port(80)))
                .build();
        // end::lesson07-bind-versus-volume[]
    }
}
