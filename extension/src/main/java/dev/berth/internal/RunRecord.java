package dev.berth.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Frame;
import dev.berth.BerthException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proof of what this run created and that it is alive, kept in the engine so that it works
 * for every JVM sharing that engine, across PID namespaces and hosts.
 *
 * <p>It is one small container per run ({@code berth-run-<run id>}) whose stdin this JVM holds
 * open through an attach connection. Its shell appends every line it reads to
 * {@code /berth-run/objects} (the names and IDs of what this run creates, written before and
 * after each creation) and touches {@code /berth-run/heartbeat} on each heartbeat line. When this
 * JVM dies, however it dies, its end of the connection closes, the engine closes the container's
 * stdin (StdinOnce) and the container exits: an exited record is a dead run. A record that keeps
 * running but whose heartbeat is older than {@link Sweeper#MAX_AGE} belongs to a run that
 * is gone without its connection closing (a host that vanished) or wedged.
 *
 * <p>The first line the record receives is its own container ID, so a container made from a
 * {@code docker commit} of a record is recognisably not a record: its copied file names another ID.
 */
@API(status = INTERNAL, since = "0.1")
public final class RunRecord {

    private static final Logger LOG = LoggerFactory.getLogger(RunRecord.class);

    /** Value of {@link RunIdentity#KIND} on a run record. */
    public static final String KIND = "run-record";
    /** Where the record keeps its files inside its container. */
    public static final String DIR = "/berth-run";

    static final String SCRIPT = "mkdir -p " + DIR + " && : > " + DIR + "/objects && touch " + DIR + "/heartbeat"
            + " && while IFS= read -r l; do case \"$l\" in"
            + " h) touch " + DIR + "/heartbeat; echo h ;;"
            + " 'self '*) echo \"${l#self }\" > " + DIR + "/self ;;"
            + " x) touch " + DIR + "/ended; exit 0 ;;"
            + " *) echo \"$l\" >> " + DIR + "/objects ;;"
            + " esac; done";

    /** System property: how often the live run touches its heartbeat (default 10s). */
    public static final String HEARTBEAT = "berth.run.heartbeat";

    private static volatile RunRecord current;
    /** This JVM's records on the other engines it creates objects on (real hosts of a swarm), by engine address. */
    private static final Map<String, RunRecord> ON_ENGINES = new java.util.concurrent.ConcurrentHashMap<>();

    private final DockerClient client;
    private final String image;
    /** Where the engine of a record on another engine listens (for a two-second reachability check at exit); null on the default engine. */
    private volatile java.net.InetSocketAddress reachAt;
    /** Every object line written so far: replayed into a new record if the connection ever breaks. */
    private final List<String> lines = new ArrayList<>();
    private final ScheduledExecutorService heartbeat;
    private volatile Anchor anchor;
    private volatile boolean closing;

    /** One record container and the stdin this JVM holds open. */
    private record Anchor(String containerId, Feed feed, ResultCallback.Adapter<Frame> attach) {
    }

    private RunRecord(DockerClient client, String image, Duration every) {
        this.client = client;
        this.image = image;
        this.anchor = anchor();
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "berth-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long ms = Math.max(100, every.toMillis());
        heartbeat.scheduleAtFixedRate(() -> anchor.feed().line("h"), ms, ms, TimeUnit.MILLISECONDS);
    }

    /**
     * The start of this JVM's record on the default engine, begun at first engine contact
     * ({@link #startInBackground}); null before (nothing can have been created then).
     */
    private static volatile Start starting;

    /**
     * A record being started in the background, and the lines written meanwhile: a line that must be in
     * the record before its object exists ({@link #write}) waits until the record is up; one that need not
     * ({@link #writeSoon}) is kept and written first once it is up. A start that fails lets every writer go
     * on at once (its lines go nowhere, as when no record could be started): nothing ever waits on it forever.
     */
    static final class Start {
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private final List<String> deferred = new ArrayList<>();
        /** Where lines go once the record is up; null until then, and for good when its start failed. */
        private volatile Consumer<String> sink;

        /**
         * Runs {@code start} on {@code executor}: it returns where lines go, or throws (then {@code failed} is
         * told); {@code whenDone} runs after either, once waiting writers may go on.
         */
        void begin(Supplier<Consumer<String>> start, Executor executor,
                   Consumer<RuntimeException> failed, Runnable whenDone) {
            executor.execute(() -> {
                Consumer<String> up = null;
                try {
                    up = start.get();
                } catch (RuntimeException e) {
                    failed.accept(e);
                } finally {
                    synchronized (this) {
                        if (up != null) {
                            deferred.forEach(up); // before any waiting writer's line: they go on only after this
                        }
                        deferred.clear();
                        sink = up;
                        done.complete(null);
                    }
                    whenDone.run();
                }
            });
        }

        /** Waits until the record is up or its start failed; an interrupt is a {@link BerthException} (the interrupt kept). */
        void await() {
            if (done.isDone()) {
                return;
            }
            long since = System.nanoTime();
            try {
                done.get();
                LOG.debug("waited {} ms for the run record to start", (System.nanoTime() - since) / 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BerthException("interrupted while waiting for Berth's run record to start", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("the start of a run record never completes exceptionally", e);
            }
        }

        /** Writes the line once the record is up, waiting for it; drops it when the start failed. */
        void write(String line) {
            await();
            Consumer<String> up = sink;
            if (up != null) {
                up.accept(line);
            }
        }

        /** Writes the line now when the record is up, or keeps it to be written first once it is up; never waits. */
        void writeSoon(String line) {
            synchronized (this) {
                if (!done.isDone()) {
                    deferred.add(line);
                    return;
                }
            }
            write(line);
        }
    }

    /**
     * Begins starting this JVM's record on the default engine without waiting for it (once): from now on
     * every {@link #naming}/{@link #created}/{@link #project} waits until it is up (or its start failed:
     * then, as when it failed before, the lines go nowhere and this run's objects are reported instead of
     * swept). {@code whenDone} runs once it is up or failed.
     */
    static void startInBackground(DockerClient client, Config config, Runnable whenDone) {
        Start s;
        synchronized (RunRecord.Start.class) {
            if (starting != null) {
                return;
            }
            s = new Start();
            starting = s;
        }
        s.begin(() -> start(client, config)::append, Workers.POOL, e -> LOG.warn("{} Objects of this run cannot be swept"
                + " should it die; they will be reported instead.", e instanceof BerthException ? e.getMessage()
                : "Berth could not start its run record: " + EngineMessage.of(e)), whenDone);
    }

    /**
     * Waits until this JVM's record on the default engine is up or its start failed (at once when it was
     * never begun: nothing was created then). For code that creates an object without writing a line first.
     */
    public static void awaitStarted() {
        Start s = starting;
        if (s != null) {
            s.await();
        }
    }

    /** Like {@link #current()}, after {@link #awaitStarted()}: null when the record could not be started. */
    static RunRecord awaitCurrent() {
        awaitStarted();
        return current;
    }

    /** Starts this JVM's record (once); a failure is a {@link BerthException}: without it nothing is provably ours. */
    static synchronized RunRecord start(DockerClient client, Config config) {
        if (current == null) {
            String every = System.getProperty(HEARTBEAT, "10s");
            current = new RunRecord(client, config.probeImage(), Config.duration(every, HEARTBEAT));
        }
        return current;
    }

    /**
     * Starts this JVM's record on another engine ({@code engine}: its address), once per engine, before
     * Berth creates anything there: from then on every line is written to it as well, so a sweep on that
     * engine can prove what this run created there. A failure is a {@link BerthException}.
     */
    public static RunRecord startOn(String engine, java.net.InetSocketAddress reachAt, DockerClient client, String image) {
        return ON_ENGINES.computeIfAbsent(engine, k -> {
            String every = System.getProperty(HEARTBEAT, "10s");
            RunRecord r = new RunRecord(client, image, Config.duration(every, HEARTBEAT));
            r.reachAt = reachAt;
            return r;
        });
    }

    /**
     * Whether this record's engine accepts a connection within two seconds (always true on the default
     * engine): at exit, a real host that went away (or was a test's engine, removed) must not hold up the JVM.
     */
    public boolean engineAnswers() {
        if (reachAt == null) {
            return true;
        }
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(reachAt, 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** This JVM's records on other engines ({@link #startOn}), by engine address. */
    public static Map<String, RunRecord> onEngines() {
        return Map.copyOf(ON_ENGINES);
    }

    /** The engine this record is kept in. */
    public DockerClient client() {
        return client;
    }

    /** This JVM's record, if it was started. */
    public static RunRecord current() {
        return current;
    }

    /** The record container's ID. */
    public String containerId() {
        return anchor.containerId();
    }

    /** Records that this run is about to create an object of that kind and Docker name. */
    public static void naming(String kind, String dockerName) {
        write("n " + kind + " " + dockerName);
    }

    /** Records the ID (for volumes: the name) of an object this run created. */
    public static void created(String kind, String id) {
        write("i " + kind + " " + id);
    }

    /** Records a compose project this run is about to bring up. */
    public static void project(String project) {
        write("p compose " + project);
    }

    /**
     * Like {@link #naming}, without waiting for the record to be up: for an object that is safe without its
     * line (the reuse lock: its liveness is its run's, by its label). The line reaches the record once it is up.
     */
    static void namingSoon(String kind, String dockerName) {
        writeSoon("n " + kind + " " + dockerName);
    }

    /** Like {@link #created}, without waiting for the record to be up (see {@link #namingSoon}). */
    static void createdSoon(String kind, String id) {
        writeSoon("i " + kind + " " + id);
    }

    private static void writeSoon(String line) {
        Start s = starting;
        if (s != null) {
            s.writeSoon(line);
        }
        ON_ENGINES.values().forEach(other -> other.append(line));
    }

    private static void write(String line) {
        Start s = starting;
        if (s != null) { // (no engine contact yet means nothing can be created either)
            s.write(line); // waits while the record starts: the line must be in it before its object exists
        }
        // every line to every record: a line about another engine's object proves nothing there (its ID is not there)
        ON_ENGINES.values().forEach(other -> other.append(line));
    }

    private synchronized void append(String line) {
        lines.add(line);
        anchor.feed().line(line);
    }

    /** Ends the record: its stdin closes, the container exits; removes it when {@code remove}. */
    public void close(boolean remove) {
        closing = true;
        heartbeat.shutdownNow();
        Anchor a = anchor;
        a.feed().line("x"); // an orderly end: a sweep need not wait out the grace period
        a.feed().end();
        try {
            // the JVM is about to halt: let the line reach the record before the connection dies
            client.waitContainerCmd(a.containerId()).exec(new WaitContainerResultCallback()).awaitStatusCode(5, TimeUnit.SECONDS);
        } catch (DockerException | com.github.dockerjava.api.exception.DockerClientException e) {
            LOG.warn("Berth's run record {} did not end in time: {}", a.containerId(), EngineMessage.of(e));
        }
        if (remove) {
            try {
                client.removeContainerCmd(a.containerId()).withForce(true).exec();
            } catch (DockerException e) {
                LOG.warn("Berth could not remove its run record {}: {}", a.containerId(), EngineMessage.of(e));
            }
        }
    }

    private Anchor anchor() {
        RunIdentity me = RunIdentity.current();
        Map<String, String> labels = me.labels(KIND, null, null);
        String id;
        try {
            id = client.createContainerCmd(image)
                    .withName("berth-run-" + me.runId() + (anchor == null ? "" : "-" + System.nanoTime()))
                    .withLabels(labels)
                    .withEntrypoint("sh", "-c", SCRIPT)
                    // it needs no network, and a container without one starts ~100 ms sooner (no veth, no bridge port)
                    .withHostConfig(com.github.dockerjava.api.model.HostConfig.newHostConfig().withNetworkMode("none"))
                    .withStdinOpen(true)
                    .withStdInOnce(true)
                    .withAttachStdin(true)
                    .withAttachStdout(true)
                    .withAttachStderr(true)
                    .exec().getId();
        } catch (DockerException e) {
            throw new BerthException("Berth could not create its run record from image " + image + " (" + EngineMessage.of(e)
                    + "). Pull it (docker pull " + image + ") or build an image of that name, or set " + Config.PROBE_IMAGE
                    + " to a local image that has sh.", e);
        }
        Feed feed = new Feed();
        ResultCallback.Adapter<Frame> attach = new ResultCallback.Adapter<>() {
            @Override
            public void onError(Throwable throwable) {
                lost(id, throwable.toString());
            }

            @Override
            public void onComplete() {
                lost(id, "the attach stream ended");
            }
        };
        try {
            client.attachContainerCmd(id).withStdIn(feed).withStdOut(true).withStdErr(true).withFollowStream(true)
                    .exec(attach).awaitStarted(30, TimeUnit.SECONDS);
            client.startContainerCmd(id).exec();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException("interrupted while starting Berth's run record", e);
        } catch (RuntimeException e) {
            client.removeContainerCmd(id).withForce(true).exec();
            throw new BerthException("Berth could not start its run record: " + EngineMessage.of(e), e);
        }
        feed.line("self " + id);
        synchronized (this) {
            lines.forEach(feed::line);
        }
        return new Anchor(id, feed, attach);
    }

    /** The connection holding the record ended while this JVM lives: a new record takes over at once. */
    private void lost(String id, String why) {
        if (closing || anchor == null || !anchor.containerId().equals(id)) {
            return;
        }
        LOG.warn("Berth's run record {} lost its connection ({}); starting a new one", id, why);
        Anchor old = anchor;
        try {
            synchronized (this) {
                anchor = anchor();
            }
        } catch (RuntimeException e) { // a BerthException, or the engine itself is gone (a real host that went away)
            // nothing can reach the record any more: stop feeding it, or the thread that wrote its stdin fails
            // on the closed socket at the next heartbeat (an uncaught exception in a docker-java thread)
            closing = true;
            heartbeat.shutdownNow();
            old.feed().end();
            LOG.warn("Berth could not replace its run record: {}. Objects of this run may be swept as those of a dead run"
                    + " once the grace period has passed.", EngineMessage.of(e));
            return;
        }
        old.feed().end(); // the old connection's writer thread ends instead of waiting for lines forever
        // the new record holds every line: the old one is this JVM's own and of no use (left, it stayed behind)
        try {
            client.removeContainerCmd(id).withForce(true).exec();
        } catch (com.github.dockerjava.api.exception.NotFoundException gone) {
            // removed already
        } catch (DockerException e) {
            LOG.warn("Berth could not remove its replaced run record {}: {}", id, EngineMessage.of(e));
        }
    }

    /** For tests: behaves as when the connection holding the record ends while this JVM lives. */
    void connectionLost(String why) {
        lost(anchor.containerId(), why);
    }

    /** An endless stdin: lines queued by {@link #line}, end of stream only after {@link #end}. */
    static final class Feed extends InputStream {
        private static final byte[] END = new byte[0];
        private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
        private byte[] chunk = new byte[0];
        private int pos;
        private boolean ended;

        void line(String line) {
            queue.add((line.replace('\n', ' ') + "\n").getBytes(StandardCharsets.UTF_8));
        }

        void end() {
            queue.add(END);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (pos >= chunk.length) {
                if (ended) {
                    return -1;
                }
                try {
                    chunk = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for the next run-record line", e);
                }
                pos = 0;
                if (chunk == END) {
                    ended = true;
                    return -1;
                }
            }
            int n = Math.min(len, chunk.length - pos);
            System.arraycopy(chunk, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public int available() {
            return pos < chunk.length ? chunk.length - pos : 0;
        }
    }
}
