# Creates VM FS01 (generation 2). Copy the converted VHDX files to the paths below first.
$ErrorActionPreference = 'Stop'
$vm = New-VM -Name 'FS01' -Generation 2 -MemoryStartupBytes 8192MB -NoVHD
Set-VMProcessor -VM $vm -Count 4
Set-VMMemory -VM $vm -DynamicMemoryEnabled $true -MinimumBytes 2048MB -StartupBytes 8192MB -MaximumBytes 8192MB
Get-VMNetworkAdapter -VM $vm | Remove-VMNetworkAdapter
Add-VMHardDiskDrive -VM $vm -ControllerType SCSI -ControllerNumber 0 -ControllerLocation 0 -Path 'C:\ProgramData\Microsoft\Windows\Virtual Hard Disks\FS01-disk-0.vhdx'
Add-VMHardDiskDrive -VM $vm -ControllerType SCSI -ControllerNumber 0 -ControllerLocation 1 -Path 'C:\ProgramData\Microsoft\Windows\Virtual Hard Disks\FS01-disk-1.vhdx'
Add-VMDvdDrive -VM $vm -ControllerNumber 0 -ControllerLocation 2
Add-VMNetworkAdapter -VM $vm -Name 'net0' -SwitchName 'External vSwitch' -StaticMacAddress 'BC24114E2A01'
Add-VMNetworkAdapter -VM $vm -Name 'net1' -StaticMacAddress 'BC24114E2A02'
Set-VMKeyProtector -VM $vm -NewLocalKeyProtector
Enable-VMTPM -VM $vm
Set-VMFirmware -VM $vm -EnableSecureBoot On -BootOrder (Get-VMHardDiskDrive -VM $vm -ControllerType SCSI -ControllerNumber 0 -ControllerLocation 0), (Get-VMDvdDrive -VM $vm -ControllerNumber 0 -ControllerLocation 2), (Get-VMNetworkAdapter -VM $vm -Name 'net0')
