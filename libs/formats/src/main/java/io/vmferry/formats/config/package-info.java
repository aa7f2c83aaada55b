/**
 * VM configuration translation between VMware .vmx, Proxmox VE conf and Hyper-V (Get-VM JSON and a
 * PowerShell creation script). Entry point: {@link io.vmferry.formats.config.ConfigTranslator}.
 */
package io.vmferry.formats.config;
