#!/usr/bin/env pwsh
# A thin convenience over the dotnet CLI (not a second build system): each target is one or two dotnet commands,
# echoed before it runs. After `dotnet tool restore`, run: dotnet pwsh -File build.ps1 <target> [arguments...]
#   restore   dotnet restore Ssgan.sln
#   build     dotnet build Ssgan.sln [arguments, e.g. -c Release]
#   test      dotnet test Engine.Tests, then Training.Tests [arguments, e.g. --filter FullyQualifiedName~Cli]
#   bench     a short timed Release training run: ssgan train --steps 200 --eval-every 200 --checkpoint-every 200
#             --out runs/bench-<time> [arguments, which replace those defaults, e.g. --provider managed --threads 1];
#             its last line gives ms/step
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
    'test' {
        foreach ($project in 'Engine.Tests/Engine.Tests.csproj', 'Training.Tests/Training.Tests.csproj') {
            Invoke-Dotnet (@('test', $project) + $rest)
        }
    }
    'bench' {
        # A default is only added when not given: a single-valued option may appear once on the command line.
        $defaults = [ordered]@{
            '--steps' = '200'
            '--eval-every' = '200'
            '--checkpoint-every' = '200'
            '--out' = Join-Path 'runs' ('bench-' + (Get-Date -Format 'yyyyMMdd-HHmmss'))
        }
        $arguments = @($rest)
        foreach ($name in $defaults.Keys) {
            if ($rest -notcontains $name) {
                $arguments += @($name, $defaults[$name])
            }
        }

        Invoke-Dotnet (@('run', '--project', 'Cli', '-c', 'Release', '--', 'train') + $arguments)
    }
    'train' { Invoke-Dotnet (@('run', '--project', 'Cli', '-c', 'Release', '--', 'train') + $rest) }
    default {
        [Console]::Error.WriteLine("error: unknown target '$target'; expected one of: restore, build, test, bench, train")
        exit 2
    }
}
