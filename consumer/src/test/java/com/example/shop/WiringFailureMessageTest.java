package com.example.shop;

import static dev.berth.assertions.BerthAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.Berth;
import dev.berth.BerthContainer;
import dev.berth.WithContainer;
import dev.berth.WithNetwork;
import org.junit.jupiter.api.Test;

/** What a user sees when the wiring is wrong: a failure that says what and why. */
@WithNetwork(name = "orders")
@WithNetwork(name = "billing")
@WithContainer(name = "orders", image = "busybox:1.35", networks = "orders", command = {"sleep", "3600"})
@WithContainer(name = "invoices", image = "busybox:1.35", networks = "billing", command = {"sleep", "3600"})
class WiringFailureMessageTest {

    @Test
    void twoContainersOnDifferentNetworks(@Berth("orders") BerthContainer orders, @Berth("invoices") BerthContainer invoices) {
        assertThatThrownBy(() -> assertThat(orders).sharesNetworkWith(invoices))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expecting orders and invoices to share a network but they share none"
                        + " (orders: [orders], invoices: [billing])");
    }
}
