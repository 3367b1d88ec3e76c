# Build the Windows one-folder bundle dist\cunwu\ (dist\cunwu\cunwu.exe, the window program, and
# dist\cunwu\cunwu-cli.exe, the same program for the command prompt), then run the window
# program's self-test twice: as installed, and in portable mode on a copy with the marker file;
# and check that cunwu-cli.exe prints to the console.
# Needs Python 3.11 (64-bit) as `python` on PATH. Run from anywhere:
#   powershell -ExecutionPolicy Bypass -File packaging\build.ps1
# Messages are ASCII on purpose: Windows PowerShell 5.1 reads a script without a BOM in
# the ANSI code page. CUNWU_TRIM=0 builds without trimming (to measure what it saves).
$ErrorActionPreference = "Stop"
Set-Location (Split-Path -Parent $PSScriptRoot)
$started = Get-Date

$python = ".venv\Scripts\python.exe"
if (-not (Test-Path $python)) {
    python -m venv .venv
    if ($LASTEXITCODE -ne 0) { throw "could not create .venv: is Python 3.11 on PATH?" }
}
& $python -m pip install --quiet --upgrade pip
& $python -m pip install --quiet -e ".[dev,build]"
if ($LASTEXITCODE -ne 0) { throw "pip install -e .[dev,build] failed" }

if (Test-Path dist\cunwu) { Remove-Item -Recurse -Force dist\cunwu }
& $python -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build\pyinstaller `
    packaging\cunwu.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }

# cunwu.exe is a window program: PowerShell does not wait for it and it has no console, so
# the self-test writes its report to a file, and the exit code is read from the process.
function Invoke-SelfTest([string]$Exe, [string]$Report) {
    $env:QT_QPA_PLATFORM = "offscreen"
    $env:CUNWU_SELFTEST_REPORT = $Report
    $process = Start-Process -FilePath $Exe -ArgumentList "--selftest" -PassThru
    $null = $process.Handle  # keeps the exit code readable after the process ends
    if (-not $process.WaitForExit(300000)) {
        $process.Kill()
        throw "self-test of $Exe did not finish in 5 minutes"
    }
    if (Test-Path $Report) { Get-Content $Report -Encoding UTF8 | Write-Host }
    if ($process.ExitCode -ne 0) { throw "self-test of $Exe failed (exit code $($process.ExitCode))" }
    Remove-Item Env:\CUNWU_SELFTEST_REPORT
}

New-Item -ItemType Directory -Force build | Out-Null
$root = (Get-Location).Path
Invoke-SelfTest "$root\dist\cunwu\cunwu.exe" "$root\build\selftest.txt"

# Portable mode end to end, on a copy so that no data\ folder ends up in the installer.
$portable = "$root\build\portable-test\cunwu"
if (Test-Path "$root\build\portable-test") { Remove-Item -Recurse -Force "$root\build\portable-test" }
Copy-Item -Recurse dist\cunwu $portable
New-Item -ItemType File "$portable\cunwu-portable.txt" | Out-Null
Invoke-SelfTest "$portable\cunwu.exe" "$root\build\selftest-portable.txt"
if (-not (Select-String -Path "$root\build\selftest-portable.txt" -Pattern "portable: .*portable-test" -Quiet)) {
    throw "portable mode did not keep the data beside the program"
}

# cunwu-cli.exe is a console program: PowerShell waits for it and reads what it prints.
$cli = "$root\dist\cunwu\cunwu-cli.exe"
$printed = & $cli --version
if ($LASTEXITCODE -ne 0 -or "$printed" -notmatch "^cunwu \S+") { throw "cunwu-cli.exe --version printed '$printed'" }
Write-Host "cunwu-cli.exe --version: $printed"
$env:QT_QPA_PLATFORM = "offscreen"
& $cli --selftest
if ($LASTEXITCODE -ne 0) { throw "self-test of cunwu-cli.exe failed (exit code $LASTEXITCODE)" }

$bytes = (Get-ChildItem dist\cunwu -Recurse -File | Measure-Object -Property Length -Sum).Sum
$files = (Get-ChildItem dist\cunwu -Recurse -File).Count
$seconds = [int]((Get-Date) - $started).TotalSeconds
Write-Host ("done: dist\cunwu ({0:N0} MB, {1} files) in {2} s" -f ($bytes / 1MB), $files, $seconds)
