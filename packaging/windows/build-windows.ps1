# Builds the Windows one-folder bundle (dist\warroom\warroom.exe and
# warroom-cli.exe), a zip of it, and the Inno Setup installer, from a clean
# virtual environment so no test or development package ends up inside.
#
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build-windows.ps1
#
# Needs: Python 3.11+ (python.org, "py" launcher), Inno Setup 6 (iscc.exe on
# PATH or in its default folder).  Signing (optional): set SIGNTOOL_CERT to a
# .pfx and SIGNTOOL_PASSWORD; signtool.exe from the Windows SDK signs both exes
# and the installer.
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")
$root = Get-Location
$build = Join-Path $env:TEMP ("warroom-build-" + [guid]::NewGuid())
New-Item -ItemType Directory $build | Out-Null
try {
    py -3.11 -m venv "$build\venv"
    & "$build\venv\Scripts\python.exe" -m pip install -q --upgrade pip
    robocopy $root "$build\src" /E /XD .venv .git dist build .mypy_cache .ruff_cache .pytest_cache __pycache__ | Out-Null
    & "$build\venv\Scripts\python.exe" -m pip install -q "$build\src" "pyinstaller>=6.10,<7"
    if ($LASTEXITCODE -ne 0) { throw "pip install failed" }
    Remove-Item -Recurse -Force dist\warroom -ErrorAction SilentlyContinue
    Push-Location "$build\src"
    & "$build\venv\Scripts\pyinstaller.exe" --noconfirm --clean --log-level WARN `
        --distpath "$root\dist" --workpath "$build\work" packaging\warroom.spec
    if ($LASTEXITCODE -ne 0) { throw "pyinstaller failed" }
    Pop-Location
    $version = & "$build\venv\Scripts\python.exe" -c "import importlib.metadata as m; print(m.version('warroom'))"

    if ($env:SIGNTOOL_CERT) {
        signtool sign /f $env:SIGNTOOL_CERT /p $env:SIGNTOOL_PASSWORD /fd SHA256 `
            /tr http://timestamp.digicert.com /td SHA256 dist\warroom\warroom.exe dist\warroom\warroom-cli.exe
    }
    Compress-Archive -Force -Path dist\warroom -DestinationPath "dist\warroom-$version-windows-x64.zip"

    $iscc = (Get-Command iscc.exe -ErrorAction SilentlyContinue).Source
    if (-not $iscc) { $iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
    & $iscc "/DAppVersion=$version" packaging\windows\warroom.iss
    if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }
    if ($env:SIGNTOOL_CERT) {
        signtool sign /f $env:SIGNTOOL_CERT /p $env:SIGNTOOL_PASSWORD /fd SHA256 `
            /tr http://timestamp.digicert.com /td SHA256 "dist\Warroom-$version-windows-x64-setup.exe"
    }
    Write-Output "dist\Warroom-$version-windows-x64-setup.exe"
} finally {
    Remove-Item -Recurse -Force $build -ErrorAction SilentlyContinue
}
