# Creates VM ubuntu-web (generation 1). Copy the converted VHDX files to the paths below first.
$ErrorActionPreference = 'Stop'
$vm = New-VM -Name 'ubuntu-web' -Generation 1 -MemoryStartupBytes 4096MB -NoVHD
Set-VMProcessor -VM $vm -Count 2
Set-VMMemory -VM $vm -DynamicMemoryEnabled $false
Get-VMNetworkAdapter -VM $vm | Remove-VMNetworkAdapter
Get-VMDvdDrive -VM $vm | Remove-VMDvdDrive
Add-VMHardDiskDrive -VM $vm -ControllerType IDE -ControllerNumber 0 -ControllerLocation 0 -Path 'C:\ProgramData\Microsoft\Windows\Virtual Hard Disks\ubuntu-web-disk-0.vhdx'
Add-VMDvdDrive -VM $vm -ControllerNumber 1 -ControllerLocation 0
Add-VMNetworkAdapter -VM $vm -Name 'net0' -SwitchName 'External vSwitch' -StaticMacAddress '000C295E9A41'
Set-VMBios -VM $vm -StartupOrder @('IDE', 'CD', 'LegacyNetworkAdapter', 'Floppy')
