/**
 * The local repository destination: restore points stored as extent stream files plus a JSON index
 * ({@code DESIGN.md} §6), the sink side that fills it from incoming streams, and restore.
 *
 * <ul>
 *   <li>{@link io.vmferry.bridge.repo.LocalRepository}: blocking read access and atomic commits (also used
 *   by the CLI without a bus);</li>
 *   <li>{@link io.vmferry.bridge.repo.Restorer}: rebuilds one disk at one point from its chain;</li>
 *   <li>{@link io.vmferry.bridge.repo.LocalDestination}: the backup sessions fed by the stream sink.</li>
 * </ul>
 *
 * On-disk layout:
 * <pre>
 * &lt;repo&gt;/index.json                              every committed point (atomically replaced)
 * &lt;repo&gt;/.lock                                   index writer lock
 * &lt;repo&gt;/.points.lock                            a byte-range lock per point being read ({@code PointLocks})
 * &lt;repo&gt;/&lt;host&gt;/&lt;vmid&gt;/&lt;pointId&gt;/point.json       the point (same fields as its index entry)
 * &lt;repo&gt;/&lt;host&gt;/&lt;vmid&gt;/&lt;pointId&gt;/vm.conf          VM config text at the point
 * &lt;repo&gt;/&lt;host&gt;/&lt;vmid&gt;/&lt;pointId&gt;/&lt;disk&gt;.vfs       one extent stream per disk
 * &lt;repo&gt;/&lt;host&gt;/&lt;vmid&gt;/&lt;pointId&gt;/.receiver          while the point is received: its process (removed at commit)
 * &lt;repo&gt;/&lt;host&gt;/&lt;vmid&gt;/&lt;pointId&gt;/verified.json     the last read-back check ({@code vmferry verify})
 * &lt;repo&gt;/&lt;host&gt;/&lt;vmid&gt;/&lt;pointId&gt;/.pruned            being removed by a prune
 * </pre>
 */
package io.vmferry.bridge.repo;
