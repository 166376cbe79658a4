package dev.berth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import dev.berth.BerthEnvironment;
import dev.berth.WithNetwork;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Which test plans make {@link EarlyContact} contact the engine, without an engine (plans are only discovered). */
class EarlyContactTests {

    static class PlainTestCases {
        @Test
        void nothing() {
        }
    }

    @WithNetwork(name = "early-net")
    static class AnnotatedTestCases {
        @Test
        void nothing() {
        }
    }

    static class BuilderTestCases {
        static BerthEnvironment env = BerthEnvironment.builder().network("early-net").build();

        @Test
        void nothing() {
        }
    }

    static class OuterTestCases {
        @Nested
        @WithNetwork(name = "early-net")
        class Inner {
            @Test
            void nothing() {
            }
        }
    }

    static class BaseTestCases {
        static BerthEnvironment env = BerthEnvironment.builder().network("early-net").build();
    }

    static class InheritedBuilderTestCases extends BaseTestCases {
        @Test
        void nothing() {
        }
    }

    private static TestPlan plan(Class<?>... classes) {
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
        for (Class<?> c : classes) {
            request.selectors(selectClass(c));
        }
        return LauncherFactory.create().discover(request.build());
    }

    @Test
    @DisplayName("discovery that selects a Berth class, or a method of one, contacts the engine; other selectors wait for the plan")
    void selectors() {
        assertThat(EarlyContact.selectsBerthClass(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(PlainTestCases.class), selectClass(AnnotatedTestCases.class)).build())).isTrue();
        assertThat(EarlyContact.selectsBerthClass(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectMethod(BuilderTestCases.class, "nothing")).build())).isTrue();
        assertThat(EarlyContact.selectsBerthClass(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(PlainTestCases.class)).build())).isFalse();
        assertThat(EarlyContact.selectsBerthClass(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectPackage("dev.berth.nothing.here")).build())).isFalse();
    }

    @Test
    @DisplayName("a plan without a Berth class does not contact the engine")
    void plainPlan() {
        assertThat(EarlyContact.holdsBerthClass(plan(PlainTestCases.class))).isFalse();
        assertThat(EarlyContact.usesBerth(PlainTestCases.class)).isFalse();
    }

    @Test
    @DisplayName("a Berth annotation, a builder field (also inherited) or a nested Berth class make the plan a Berth plan")
    void berthPlans() {
        assertThat(EarlyContact.holdsBerthClass(plan(PlainTestCases.class, AnnotatedTestCases.class))).isTrue();
        assertThat(EarlyContact.holdsBerthClass(plan(BuilderTestCases.class))).isTrue();
        assertThat(EarlyContact.holdsBerthClass(plan(OuterTestCases.class))).isTrue();
        assertThat(EarlyContact.holdsBerthClass(plan(InheritedBuilderTestCases.class))).isTrue();
        assertThat(EarlyContact.usesBerth(OuterTestCases.class)).as("the outer class alone").isFalse();
    }
}
