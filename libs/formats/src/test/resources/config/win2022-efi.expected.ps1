# Creates VM WIN-APP01-prod (generation 2). Copy the converted VHDX files to the paths below first.
$ErrorActionPreference = 'Stop'
$vm = New-VM -Name 'WIN-APP01-prod' -Generation 2 -MemoryStartupBytes 16384MB -NoVHD
Set-VMProcessor -VM $vm -Count 8
Set-VMMemory -VM $vm -DynamicMemoryEnabled $false
Get-VMNetworkAdapter -VM $vm | Remove-VMNetworkAdapter
Add-VMHardDiskDrive -VM $vm -ControllerType SCSI -ControllerNumber 0 -ControllerLocation 0 -Path 'C:\ProgramData\Microsoft\Windows\Virtual Hard Disks\WIN-APP01-prod-disk-0.vhdx'
Add-VMHardDiskDrive -VM $vm -ControllerType SCSI -ControllerNumber 0 -ControllerLocation 1 -Path 'C:\ProgramData\Microsoft\Windows\Virtual Hard Disks\WIN-APP01-prod-disk-1.vhdx'
Add-VMDvdDrive -VM $vm -ControllerNumber 0 -ControllerLocation 2
Add-VMNetworkAdapter -VM $vm -Name 'net0' -SwitchName 'External vSwitch' -StaticMacAddress '0050563F0010'
Add-VMNetworkAdapter -VM $vm -Name 'net1' -StaticMacAddress '005056A17C3E'
Set-VMKeyProtector -VM $vm -NewLocalKeyProtector
Enable-VMTPM -VM $vm
Set-VMFirmware -VM $vm -EnableSecureBoot On -BootOrder (Get-VMHardDiskDrive -VM $vm -ControllerType SCSI -ControllerNumber 0 -ControllerLocation 0), (Get-VMDvdDrive -VM $vm -ControllerNumber 0 -ControllerLocation 2), (Get-VMNetworkAdapter -VM $vm -Name 'net0'), (Get-VMNetworkAdapter -VM $vm -Name 'net1')
