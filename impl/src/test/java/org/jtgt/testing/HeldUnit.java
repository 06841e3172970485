package org.jtgt.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jtgt.api.LogicalUnit;
import org.jtgt.api.ScsiCommand;

/**
 * A logical unit for tests that does what it is told: by default it holds every command until
 * the test completes it (a slow store, a command in flight); or it runs a given behaviour
 * (throwing, completing twice).
 */
public final class HeldUnit implements LogicalUnit {

    public final List<ScsiCommand> held = new ArrayList<>();
    private Consumer<ScsiCommand> behaviour = held::add;

    /** What to do with each command from now on. */
    public HeldUnit behave(Consumer<ScsiCommand> b) {
        this.behaviour = b;
        return this;
    }

    @Override
    public void execute(ScsiCommand command) {
        behaviour.accept(command);
    }

    @Override
    public long capacity() {
        return 1 << 20;
    }

    @Override
    public String deviceType() {
        return "held";
    }

    @Override
    public void close() {
    }
}
