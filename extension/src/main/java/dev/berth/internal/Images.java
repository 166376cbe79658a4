package dev.berth.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.berth.internal.Specs.Pull;
import dev.berth.BerthException;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Image presence and pulling, with one bounded attempt instead of long retries. */
@API(status = INTERNAL, since = "0.1")
public final class Images {

    private static final Logger LOG = LoggerFactory.getLogger(Images.class);

    private Images() {
    }

    /**
     * An image reference split the way the engine's pull and tag calls want it: the repository
     * (registry host and port included), and the tag ({@code latest} when none is given). A
     * reference by digest keeps the digest in the repository part.
     */
    record Reference(String repository, String tag, boolean byDigest) {
        static Reference of(String image) {
            int at = image.indexOf('@');
            int colon = image.lastIndexOf(':');
            if (at < 0 && colon > image.lastIndexOf('/')) {
                return new Reference(image.substring(0, colon), image.substring(colon + 1), false);
            }
            return new Reference(image, "latest", at >= 0);
        }

        @Override
        public String toString() {
            return repository + ":" + tag;
        }
    }

    /**
     * A pull that keeps the engine's refusal for Berth's own message instead of logging it:
     * docker-java's callback logs every stream error as an ERROR with a stack trace, which looks
     * like a crash for what is an expected answer (no such image, registry unreachable, access
     * denied). Only this callback is quiet; every other docker-java log stays as configured.
     */
    static final class QuietPull extends PullImageResultCallback {

        private volatile Throwable refusal;

        @Override
        public void onError(Throwable throwable) {
            if (refusal == null) {
                refusal = throwable;
            }
            try {
                close();
            } catch (IOException closing) {
                throwable.addSuppressed(closing);
            }
        }

        @Override
        protected void throwFirstError() {
            Throwable first = refusal;
            if (first instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (first instanceof Error error) {
                throw error;
            }
            if (first != null) {
                throw new BerthException("Pulling failed: " + EngineMessage.of(first), first);
            }
            super.throwFirstError();
        }
    }

    /** Empty when the image is present (or was pulled); otherwise why it is missing. */
    public static Optional<String> ensure(DockerClient client, String image, Pull policy, Duration timeout) {
        boolean present;
        try {
            client.inspectImageCmd(image).exec();
            present = true;
        } catch (NotFoundException notLocal) {
            present = false;
        } catch (RuntimeException refused) {
            // e.g. 400 "invalid reference format": not an image the engine can look up or pull
            String reason = EngineMessage.of(refused);
            return Optional.of("the engine refused the reference: " + reason);
        }
        if (present && policy != Pull.ALWAYS) {
            return Optional.empty();
        }
        if (!present && policy == Pull.NEVER) {
            return Optional.of("not present, and the pull policy is never");
        }
        Reference ref = Reference.of(image);
        Optional<com.github.dockerjava.api.model.AuthConfig> auth = RegistryAuth.forImage(image); // the user's docker login
        try {
            var pull = client.pullImageCmd(ref.repository());
            if (!ref.byDigest()) {
                pull = pull.withTag(ref.tag());
            }
            if (auth.isPresent()) {
                pull = pull.withAuthConfig(auth.get());
            }
            boolean done = pull.exec(new QuietPull()).awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                return present ? Optional.empty() : Optional.of("pull did not finish within " + timeout.toSeconds() + " s ("
                        + Config.PULL_TIMEOUT + ")");
            }
            client.inspectImageCmd(image).exec();
            LOG.info("Berth pulled {}", image);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while pulling");
        } catch (RuntimeException pullFailure) {
            if (present) {
                LOG.warn("Pulling {} failed ({}); using the local image", image, Secrets.mask(EngineMessage.of(pullFailure)));
                return Optional.empty();
            }
            String reason = EngineMessage.of(pullFailure);
            return Optional.of("pull failed: " + Secrets.mask(reason.length() > 300 ? reason.substring(0, 300) + "..." : reason)
                    + RegistryAuth.hint(image, auth.isPresent(), reason));
        }
    }
}
