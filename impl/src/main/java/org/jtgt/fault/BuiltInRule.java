package org.jtgt.fault;

import java.util.Objects;
import org.jtgt.api.CommandInfo;
import org.jtgt.api.Fault;
import org.jtgt.api.FaultRule;

/**
 * A fault rule made of a {@link FaultMatcher} (which commands) and a {@link FaultAction} (what
 * happens to them), as {@link FaultRuleParser} reads it from text such as
 * {@code medium-error lba=1000-1007 count=1}. Thread-safe, like its matcher.
 */
public final class BuiltInRule implements FaultRule {

    private final FaultMatcher matcher;
    private final FaultAction action;

    BuiltInRule(FaultMatcher matcher, FaultAction action) {
        this.matcher = Objects.requireNonNull(matcher);
        this.action = Objects.requireNonNull(action);
    }

    @Override
    public Fault decide(CommandInfo command) {
        return matcher.hits(command) ? action.faultFor(command, matcher.firstLba()) : null;
    }

    public FaultMatcher matcher() {
        return matcher;
    }

    public FaultAction action() {
        return action;
    }

    /** The rule in its text syntax, criteria in a fixed order: {@code medium-error lba=1000-1007 count=1}. */
    @Override
    public String toString() {
        String criteria = matcher.toString();
        return criteria.isEmpty() ? action.toString() : action + " " + criteria;
    }
}
