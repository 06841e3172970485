/**
 * The SPI of jtgt: the three extension points a user plugs into, each found with
 * {@link java.util.ServiceLoader} through a provider.
 *
 * <table>
 * <caption>Extension points</caption>
 * <tr><th>SPI</th><th>provider, keyed by</th><th>built in</th></tr>
 * <tr><td>{@link org.jtgt.api.BackingStore}</td>
 *     <td>{@link org.jtgt.api.BackingStoreProvider#scheme()}</td>
 *     <td>{@code memory:}, {@code file:}, {@code null:}</td></tr>
 * <tr><td>{@link org.jtgt.api.LogicalUnit}</td>
 *     <td>{@link org.jtgt.api.LogicalUnitProvider#deviceType()}</td>
 *     <td>{@code disk} (SBC over any backing store)</td></tr>
 * <tr><td>{@link org.jtgt.api.Target}</td>
 *     <td>{@link org.jtgt.api.TargetProvider#name()}</td>
 *     <td>targets from the daemon's configuration file</td></tr>
 * </table>
 *
 * <p>Fault injection has an extension point without a provider: a {@link org.jtgt.api.FaultRule}
 * is installed on a running server (its {@code faults()}) and decides a {@link org.jtgt.api.Fault}
 * for each command, seeing it as a {@link org.jtgt.api.CommandInfo}.
 *
 * <p>Two providers with the same key on one class path are an error when a server starts; the
 * message names both classes. This package depends on nothing but the JDK.
 */
package org.jtgt.api;
