package dev.berth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.berth.WaitFor;
import dev.berth.WithContainer;
import dev.berth.WithNetwork;
import dev.berth.internal.Specs.ContainerSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Placeholders in declarations, resolved without an engine: each source, the order between them,
 * defaults, escaping, generated values, and the message when nothing resolves one.
 */
class PlaceholdersTests {

    private static Function<String, Optional<String>> only(String key, String value) {
        return k -> k.equals(key) ? Optional.of(value) : Optional.empty();
    }

    private static final Function<String, Optional<String>> NONE = k -> Optional.empty();

    private static Placeholders with(Function<String, Optional<String>> parameters, Function<String, Optional<String>> properties,
                                     Function<String, Optional<String>> environment) {
        return new Placeholders(parameters, properties, environment, List.of());
    }

    @Test
    void resolvesFromAConfigurationParameter() {
        String value = UUID.randomUUID().toString();
        assertThat(with(only("db.image", value), NONE, NONE).resolve("${db.image}", "here")).isEqualTo(value);
    }

    @Test
    void resolvesFromASystemProperty() {
        String key = "berth.test." + UUID.randomUUID();
        String value = UUID.randomUUID().toString();
        System.setProperty(key, value);
        try {
            Config config = Config.of(Map.of());
            assertThat(Placeholders.of(config, List.of()).resolve("x-${" + key + "}-y", "here")).isEqualTo("x-" + value + "-y");
        } finally {
            System.clearProperty(key);
        }
    }

    @Test
    void resolvesFromAnEnvironmentVariableAsWrittenAndUpperCased() {
        String path = System.getenv("PATH");
        Placeholders real = Placeholders.of(Config.of(Map.of()), List.of());
        assertThat(real.resolve("${PATH}", "here")).isEqualTo(path);
        assertThat(real.resolve("${path}", "here")).as("path → PATH").isEqualTo(path);
        String value = UUID.randomUUID().toString();
        assertThat(with(NONE, NONE, only("DB_IMAGE_TAG", value)).resolve("${db.image-tag}", "here")).isEqualTo(value);
    }

    @Test
    void configurationParametersWinOverSystemPropertiesWhichWinOverTheEnvironment() {
        Function<String, Optional<String>> all = k -> Optional.of("everywhere");
        assertThat(with(only("k", "parameter"), all, all).resolve("${k}", "here")).isEqualTo("parameter");
        assertThat(with(NONE, only("k", "property"), all).resolve("${k}", "here")).isEqualTo("property");
        assertThat(with(NONE, NONE, only("k", "environment")).resolve("${k}", "here")).isEqualTo("environment");
    }

    @Test
    void aValueWhoseKeyLooksSecretIsMasked() {
        String value = "pw-" + UUID.randomUUID();
        assertThat(with(only("db.password", value), NONE, NONE).resolve("${db.password}", "here")).isEqualTo(value);
        assertThat(Secrets.mask("connect with " + value)).isEqualTo("connect with " + Secrets.MASK);
        String plain = "plain-" + UUID.randomUUID();
        with(only("db.image", plain), NONE, NONE).resolve("${db.image}", "here");
        assertThat(Secrets.mask("image " + plain)).isEqualTo("image " + plain);
    }

    @Test
    void usesTheDefaultAfterTheFirstColonWhenNothingIsSet() {
        Placeholders none = with(NONE, NONE, NONE);
        assertThat(none.resolve("${db.image:berth/mariadb:latest}", "here")).isEqualTo("berth/mariadb:latest");
        assertThat(none.resolve("${empty:}", "here")).isEmpty();
        assertThat(with(only("db.image", "set"), NONE, NONE).resolve("${db.image:default}", "here")).isEqualTo("set");
    }

    @Test
    void doubleDollarWritesALiteralPlaceholder() {
        Placeholders none = with(NONE, NONE, NONE);
        assertThat(none.resolve("echo $${HOME} costs $5", "here")).isEqualTo("echo ${HOME} costs $5");
    }

    @Test
    void anUnresolvedPlaceholderFailsNamingItTheSourcesAndTheFix() {
        ExtensionConfigurationException e = catchThrowableOfType(ExtensionConfigurationException.class,
                () -> with(NONE, NONE, NONE).resolve("${db.image}", "@WithContainer(name = \"db\") on class X, attribute image"));
        assertThat(e.getMessage()).contains("@WithContainer(name = \"db\") on class X, attribute image", "${db.image} has no value",
                "configuration parameter, system property or environment variable db.image or DB_IMAGE", "${db.image:VALUE}");
    }

    @Test
    void anUnclosedOrKeylessPlaceholderFails() {
        Placeholders none = with(NONE, NONE, NONE);
        assertThat(catchThrowableOfType(ExtensionConfigurationException.class, () -> none.resolve("${db.image", "attr"))
                .getMessage()).contains("attr", "is not closed", "$${");
        assertThat(catchThrowableOfType(ExtensionConfigurationException.class, () -> none.resolve("${:x}", "attr"))
                .getMessage()).contains("attr", "${:x} has no valid key");
    }

    @Test
    void aGeneratedValueIsRandomTheSameWithinAScopeSeenInsideAndMasked() {
        Placeholders outer = with(NONE, NONE, NONE);
        String first = outer.resolve("${random.db}", "here");
        assertThat(first).matches("[A-Za-z0-9]{24}");
        assertThat(outer.resolve("pw=${random.db}", "here")).isEqualTo("pw=" + first);
        assertThat(outer.resolve("${random.other}", "here")).isNotEqualTo(first);
        assertThat(outer.generated()).containsEntry("db", first);
        assertThat(Secrets.mask("the password is " + first)).doesNotContain(first).contains(Secrets.MASK);
        Placeholders inner = new Placeholders(NONE, NONE, NONE, List.of(outer.generated()));
        assertThat(inner.resolve("${random.db}", "here")).as("an inner scope sees its outer scope's value").isEqualTo(first);
        assertThat(with(NONE, NONE, NONE).resolve("${random.db}", "here")).as("another scope").isNotEqualTo(first);
        assertThat(catchThrowableOfType(ExtensionConfigurationException.class, () -> outer.resolve("${random.db:x}", "attr"))
                .getMessage()).contains("attr", "without a default");
    }

    @WithNetwork(name = "${net.name:backend}")
    @WithContainer(name = "db", image = "${db.image:busybox:1.35}", env = {"A=${a.value}", "LITERAL=$${a.value}"},
            ports = "${db.port:3306}", networks = "${net.name:backend}", command = {"sh", "-c", "echo ${A} ${HOME#/}"},
            entrypoint = "${NOT_BERTHS}", waitFor = {@WaitFor(log = "${ready.line:ready}", timeout = "${wait:5s}"),
                    @WaitFor(command = {"test", "${A}"})})
    static class EveryStringAttribute {
    }

    @Test
    void everyStringAttributeButCommandsIsResolvedBeforeValidation() {
        String value = UUID.randomUUID().toString();
        Config config = Config.of(Map.of("a.value", value, "db.port", "13306"));
        Specs.EnvironmentSpec spec = Declarations.read(EveryStringAttribute.class, config);
        assertThat(spec.networks().get(0).name()).isEqualTo("backend");
        ContainerSpec db = spec.containers().get(0);
        assertThat(db.image()).isEqualTo("busybox:1.35");
        assertThat(db.env()).containsExactly("A=" + value, "LITERAL=${a.value}");
        assertThat(db.ports().get(0).containerPort()).isEqualTo(13306);
        assertThat(db.networks()).containsExactly("backend");
        assertThat(db.command()).as("the container's shell expands these").containsExactly("sh", "-c", "echo ${A} ${HOME#/}");
        assertThat(db.entrypoint()).containsExactly("${NOT_BERTHS}");
        assertThat(db.waits().get(1).command()).containsExactly("test", "${A}");
        assertThat(db.waits().get(0).logPattern()).isEqualTo("ready");
        assertThat(db.waits().get(0).timeout()).hasSeconds(5);
    }

    @WithContainer(name = "db", image = "${db.image.unset}")
    static class Unresolved {
    }

    @Test
    void anUnresolvedPlaceholderInAnAnnotationNamesTheDeclarationAndAttribute() {
        ExtensionConfigurationException e = catchThrowableOfType(ExtensionConfigurationException.class,
                () -> Declarations.read(Unresolved.class, Config.of(Map.of())));
        assertThat(e.getMessage()).startsWith("@WithContainer(name = \"db\") on class " + Unresolved.class.getName() + ", attribute image:")
                .contains("${db.image.unset} has no value");
    }

    @WithContainer(name = "db", image = "${db.image:busybox:1.35}", ports = "${db.port}")
    static class ResolvedThenInvalid {
    }

    @Test
    void aResolvedValueIsValidatedLikeAWrittenOne() {
        ExtensionConfigurationException e = catchThrowableOfType(ExtensionConfigurationException.class,
                () -> Declarations.read(ResolvedThenInvalid.class, Config.of(Map.of("db.port", "not-a-port"))));
        assertThat(e.getMessage()).contains("@WithContainer(name = \"db\")", "port \"not-a-port\" is not understood");
    }
}
