/**
 * Plumbing shared by the format packages, not for callers outside this library: bounds-checked
 * file access ({@link io.vmferry.formats.internal.ImageFile}), the table-driven reader base
 * ({@link io.vmferry.formats.internal.MappedReader}), paged on-disk tables, extent merging, GUIDs.
 */
package io.vmferry.formats.internal;
