/**
 * VHDX (MS-VHDX): {@link io.vmferry.formats.vhdx.VhdxReader} for fixed, dynamic and differencing
 * files with CRC-32C checked headers and region tables, and the dynamic
 * {@link io.vmferry.formats.vhdx.VhdxWriter}.
 */
package io.vmferry.formats.vhdx;
