package dev.berth;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Serialises a test class with the same class of every other JVM on this host: for tests that
 * must use a fixed, host-wide resource (a host port, a subnet, an image tag) and would otherwise
 * collide when two whole suites run at once (two clones, two CI jobs on one engine). Put it on the
 * top-level class, so the lock is taken before any of its environments is created. The lock is
 * an OS file lock in {@code java.io.tmpdir}: a JVM that dies releases it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(HostExclusive.Lock.class)
@interface HostExclusive {

    /** The shared resource, e.g. {@code host-port-47613}; classes naming the same resource never overlap. */
    String value();

    /** Takes the lock before the class's environments, releases it after. */
    final class Lock implements BeforeAllCallback, AfterAllCallback {
        private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(HostExclusive.class);

        @Override
        public void beforeAll(ExtensionContext context) throws IOException {
            HostExclusive exclusive = context.getRequiredTestClass().getAnnotation(HostExclusive.class);
            if (exclusive == null) {
                return; // a nested class inherits the extension; its top-level class holds the lock
            }
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "berth-test-locks");
            Files.createDirectories(dir);
            FileChannel channel = FileChannel.open(dir.resolve(exclusive.value() + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.lock(); // blocks while another JVM's suite holds it
            context.getStore(NS).put(context.getRequiredTestClass(), lock);
        }

        @Override
        public void afterAll(ExtensionContext context) throws IOException {
            FileLock lock = context.getStore(NS).remove(context.getRequiredTestClass(), FileLock.class);
            if (lock != null) {
                lock.release();
                lock.channel().close();
            }
        }
    }
}
