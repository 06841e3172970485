package org.jtgt.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code String} parameter that {@link JtgtExtension} fills with the URL of a LUN of
 * the test's own target, {@code iscsi://127.0.0.1:PORT/IQN/LUN} (see {@link TestTarget#url}):
 *
 * <pre>{@code
 * @Test
 * void copiesAnImage(@LunUrl(0) String disk) { ... qemu-img convert -n -O raw image.raw disk ... }
 * }</pre>
 *
 * Usable wherever a {@link TestTarget} is: test methods, {@code @BeforeEach} and
 * {@code @AfterEach} methods.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface LunUrl {

    /** The LUN; 0 unless given. */
    int value() default 0;
}
