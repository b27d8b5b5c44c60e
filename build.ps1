#!/usr/bin/env pwsh
# A thin convenience over the dotnet CLI (not a second build system): each target is one or two dotnet commands,
# echoed before it runs. After `dotnet tool restore`, run: dotnet pwsh -File build.ps1 <target> [arguments...]
#   restore   dotnet restore Ssgan.sln
#   build     dotnet build Ssgan.sln [arguments, e.g. -c Release]
#   test      dotnet test Ssgan.sln [arguments, e.g. --filter FullyQualifiedName~Cli]
#   bench     dotnet run --project Cli -c Release -- bench [arguments, e.g. --provider managed --json --layers]
#   train     dotnet run --project Cli -c Release -- train [arguments]   (build.ps1 train --help lists them)
# No param() block on purpose: PowerShell would try to bind `--out`, `-c` and the like as its own parameters.

$ErrorActionPreference = 'Stop'
Set-Location -LiteralPath $PSScriptRoot
$target = if ($args.Count -gt 0) { [string]$args[0] } else { 'build' }
$rest = @($args | Select-Object -Skip 1 | ForEach-Object { [string]$_ })

function Invoke-Dotnet([string[]] $Arguments) {
    Write-Host "> dotnet $($Arguments -join ' ')"
    & dotnet @Arguments
    if ($LASTEXITCODE -ne 0) {
        exit $LASTEXITCODE
    }
}

switch ($target) {
    'restore' { Invoke-Dotnet (@('restore', 'Ssgan.sln') + $rest) }
    'build' { Invoke-Dotnet (@('build', 'Ssgan.sln') + $rest) }
    'test' { Invoke-Dotnet (@('test', 'Ssgan.sln') + $rest) }
    'bench' { Invoke-Dotnet (@('run', '--project', 'Cli', '-c', 'Release', '--', 'bench') + $rest) }
    'train' { Invoke-Dotnet (@('run', '--project', 'Cli', '-c', 'Release', '--', 'train') + $rest) }
    default {
        [Console]::Error.WriteLine("error: unknown target '$target'; expected one of: restore, build, test, bench, train")
        exit 2
    }
}
