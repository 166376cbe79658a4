package dev.berth.internal.swarm;

import static org.apiguardian.api.API.Status.INTERNAL;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.transport.SSLConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.dockerclient.TransportConfig;

/**
 * How to reach one engine named in configuration: its address ({@code berth.engines.NAME.host}) and,
 * when {@code berth.engines.NAME.tls-verify} is true, the certificates in
 * {@code berth.engines.NAME.cert-path} (Docker's {@code DOCKER_TLS_VERIFY} and {@code DOCKER_CERT_PATH},
 * per engine: {@code ca.pem}, {@code cert.pem}, {@code key.pem}; default {@code ~/.docker}).
 *
 * <p>Everything is checked when read, before any engine is contacted: a missing or unreadable file is
 * an {@link ExtensionConfigurationException} that names the key and the file.
 *
 * @param name the engine's name ({@code node-1})
 * @param address its API, always {@code tcp://HOST:PORT} ({@code https://} is read as {@code tcp://} with TLS)
 * @param certPath the directory of the certificates, or null for plain tcp
 * @param tls the client's TLS context (this JVM verifies the engine against {@code ca.pem} and shows
 *     {@code cert.pem}), or null for plain tcp
 */
@API(status = INTERNAL, since = "0.9")
public record EngineSettings(String name, URI address, Path certPath, SSLContext tls) {

    /** Key suffix of an engine's address. */
    public static final String HOST = ".host";
    /** Key suffix of whether the engine is reached over TLS, verified both ways (Docker's DOCKER_TLS_VERIFY). */
    public static final String TLS_VERIFY = ".tls-verify";
    /** Key suffix of the directory holding ca.pem, cert.pem and key.pem (Docker's DOCKER_CERT_PATH). */
    public static final String CERT_PATH = ".cert-path";
    /** The files a TLS connection needs, as Docker names them. */
    public static final List<String> FILES = List.of("ca.pem", "cert.pem", "key.pem");

    /** For messages: {@code tcp://10.0.0.5:2376 (TLS)}. */
    @Override
    public String toString() {
        return address + (tls == null ? "" : " (TLS, certificates in " + certPath + ")");
    }

    /** A client for this engine (Testcontainers' client factory, with this engine's TLS context). */
    public DockerClient client() {
        TransportConfig.TransportConfigBuilder transport = TransportConfig.builder().dockerHost(address);
        if (tls != null) {
            SSLContext context = tls;
            transport.sslConfig((SSLConfig) () -> context);
        }
        return DockerClientProviderStrategy.getClientForConfig(transport.build());
    }

    /**
     * Reads and checks the settings of engine {@code name}, whose host is {@code host}; other keys come from
     * {@code parameters}.
     */
    public static EngineSettings read(String name, String host, Function<String, Optional<String>> parameters) {
        String prefix = Cluster.ENGINES + name;
        Optional<String> verifyValue = parameters.apply(prefix + TLS_VERIFY).map(String::trim).filter(v -> !v.isEmpty());
        Optional<String> pathValue = parameters.apply(prefix + CERT_PATH).map(String::trim).filter(v -> !v.isEmpty());
        boolean verify = verifyValue.map(v -> parseBoolean(prefix + TLS_VERIFY, v)).orElse(false);
        URI address;
        try {
            address = URI.create(host);
        } catch (IllegalArgumentException bad) {
            throw invalidHost(prefix, host, bad.getMessage());
        }
        String scheme = String.valueOf(address.getScheme());
        if (!scheme.equals("tcp") && !scheme.equals("https") || address.getHost() == null || address.getPort() < 0) {
            throw invalidHost(prefix, host, "expected tcp://HOST:PORT");
        }
        if (scheme.equals("https") && !verify) {
            throw new ExtensionConfigurationException("Configuration parameter " + prefix + HOST + " = \"" + host + "\" asks for TLS"
                    + " (https), but " + prefix + TLS_VERIFY + " is not true, so Berth has no certificates to verify the engine with."
                    + " Fix: set " + prefix + TLS_VERIFY + "=true and " + prefix + CERT_PATH + "=DIR (holding ca.pem, cert.pem and"
                    + " key.pem), or write the address as tcp://" + address.getHost() + ":" + address.getPort() + " for plain tcp.");
        }
        URI tcp = URI.create("tcp://" + address.getHost() + ":" + address.getPort());
        if (!verify) {
            if (pathValue.isPresent()) {
                throw new ExtensionConfigurationException("Configuration parameter " + prefix + CERT_PATH + " = \"" + pathValue.get()
                        + "\" is set, but " + prefix + TLS_VERIFY + " is not true: the connection would be plain tcp and the"
                        + " certificates unused. Fix: set " + prefix + TLS_VERIFY + "=true, or remove " + prefix + CERT_PATH + ".");
            }
            return new EngineSettings(name, tcp, null, null);
        }
        Path dir = Path.of(pathValue.orElse(Path.of(System.getProperty("user.home"), ".docker").toString()));
        String where = pathValue.isPresent() ? prefix + CERT_PATH + " = \"" + pathValue.get() + "\""
                : prefix + CERT_PATH + " (not set: Docker's default " + dir + ")";
        for (String file : FILES) {
            if (!Files.isReadable(dir.resolve(file))) {
                throw new ExtensionConfigurationException("Configuration parameter " + where + ": " + file + " is missing there ("
                        + dir.resolve(file) + " " + (Files.exists(dir.resolve(file)) ? "cannot be read" : "does not exist") + "), and "
                        + prefix + TLS_VERIFY + " = true needs ca.pem, cert.pem and key.pem. Fix: point " + prefix + CERT_PATH
                        + " at the directory of the engine's CA and this client's certificate and key (what DOCKER_CERT_PATH"
                        + " names for the docker CLI).");
            }
        }
        return new EngineSettings(name, tcp, dir, context(where, dir));
    }

    private static boolean parseBoolean(String key, String value) {
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new ExtensionConfigurationException("Configuration parameter " + key + " = \"" + value + "\" is not a boolean."
                + " Fix: set it to true or false.");
    }

    private static ExtensionConfigurationException invalidHost(String prefix, String value, String why) {
        return new ExtensionConfigurationException("Configuration parameter " + prefix + HOST + " = \"" + value
                + "\" is not an engine address (" + why + "). Fix: write it like tcp://10.0.0.5:2375 (or tcp://10.0.0.5:2376 with "
                + prefix + TLS_VERIFY + "=true).");
    }

    // ------------------------------------------------------------------------------------ PEM files

    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]+)-----END \\1-----");

    /** An SSL context that trusts only ca.pem and shows cert.pem with key.pem, each file checked with a message naming it. */
    private static SSLContext context(String where, Path dir) {
        try {
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            List<Certificate> cas = certificates(x509, where, dir.resolve("ca.pem"));
            List<Certificate> chain = certificates(x509, where, dir.resolve("cert.pem"));
            PrivateKey key = privateKey(where, dir.resolve("key.pem"));
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                trust.setCertificateEntry("ca-" + i, cas.get(i));
            }
            KeyStore keys = KeyStore.getInstance(KeyStore.getDefaultType());
            keys.load(null, null);
            char[] none = new char[0];
            try {
                keys.setKeyEntry("client", key, none, chain.toArray(Certificate[]::new));
            } catch (GeneralSecurityException mismatch) {
                throw unreadable(where, dir.resolve("key.pem"), "it does not go with cert.pem (" + mismatch.getMessage() + ")");
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, none);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new ExtensionConfigurationException("Configuration parameter " + where + ": Berth could not build a TLS context"
                    + " from ca.pem, cert.pem and key.pem (" + e.getMessage() + ").", e);
        }
    }

    private static List<Certificate> certificates(CertificateFactory x509, String where, Path file) throws IOException {
        Collection<? extends Certificate> found;
        try {
            found = x509.generateCertificates(new ByteArrayInputStream(Files.readAllBytes(file)));
        } catch (java.security.cert.CertificateException e) {
            throw unreadable(where, file, "it is not a PEM certificate: " + e.getMessage());
        }
        if (found.isEmpty()) {
            throw unreadable(where, file, "it holds no certificate");
        }
        return new ArrayList<>(found);
    }

    private static PrivateKey privateKey(String where, Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        Matcher m = PEM.matcher(text);
        if (!m.find()) {
            throw unreadable(where, file, "it holds no PEM block");
        }
        String type = m.group(1);
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(2).trim());
        } catch (IllegalArgumentException e) {
            throw unreadable(where, file, "its base64 is damaged");
        }
        byte[] pkcs8 = switch (type) {
            case "PRIVATE KEY" -> der;
            case "RSA PRIVATE KEY" -> rsaPkcs1ToPkcs8(der);
            default -> throw unreadable(where, file, "its key is a \"" + type + "\"; Berth reads PRIVATE KEY (PKCS#8) and RSA PRIVATE"
                    + " KEY (PKCS#1). Convert it: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key8.pem");
        };
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } catch (GeneralSecurityException notThisOne) {
                // try the next algorithm
            }
        }
        throw unreadable(where, file, "it is not an RSA, EC or Ed25519 private key (an encrypted key? Berth needs it unencrypted)");
    }

    /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo (version 0, rsaEncryption, the key as an OCTET STRING). */
    private static byte[] rsaPkcs1ToPkcs8(byte[] pkcs1) {
        byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
        byte[] version = {0x02, 0x01, 0x00};
        byte[] octets = der(0x04, pkcs1);
        byte[] body = new byte[version.length + algorithm.length + octets.length];
        System.arraycopy(version, 0, body, 0, version.length);
        System.arraycopy(algorithm, 0, body, version.length, algorithm.length);
        System.arraycopy(octets, 0, body, version.length + algorithm.length, octets.length);
        return der(0x30, body);
    }

    private static byte[] der(int tag, byte[] content) {
        byte[] length;
        if (content.length < 0x80) {
            length = new byte[] {(byte) content.length};
        } else {
            byte[] n = BigInteger.valueOf(content.length).toByteArray();
            int start = n[0] == 0 ? 1 : 0;
            length = new byte[n.length - start + 1];
            length[0] = (byte) (0x80 | (n.length - start));
            System.arraycopy(n, start, length, 1, n.length - start);
        }
        byte[] out = new byte[1 + length.length + content.length];
        out[0] = (byte) tag;
        System.arraycopy(length, 0, out, 1, length.length);
        System.arraycopy(content, 0, out, 1 + length.length, content.length);
        return out;
    }

    private static ExtensionConfigurationException unreadable(String where, Path file, String why) {
        return new ExtensionConfigurationException("Configuration parameter " + where + ": " + file.getFileName() + " (" + file
                + ") cannot be used: " + why + ". Fix: put the engine's CA as ca.pem and this client's certificate and key as"
                + " cert.pem and key.pem there.");
    }
}
