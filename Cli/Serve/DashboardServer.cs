using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Ssgan.Training.Data;

namespace Ssgan.Cli.Serve;

/// <summary>
/// The dashboard's web app: the page, a JSON API over the run directories and the engine work of
/// <see cref="ModelService"/>. It binds to 127.0.0.1 only: it serves whatever the runs directory holds to anyone
/// who can connect.
/// </summary>
internal static class DashboardServer
{
    /// <summary>Starts listening; <paramref name="port"/> 0 picks a free one. Returns the app and the address it listens on.</summary>
    public static async Task<(WebApplication App, Uri Address)> StartAsync(string runsDirectory, int port, Func<MnistDataset> loadTestData)
    {
        var root = new RunsRoot(runsDirectory);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = root.FullPath });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        Map(app, root, new ModelService(loadTestData));
        try
        {
            await app.StartAsync().ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new CliException(ExitCodes.Usage, $"--port {port}: cannot listen on 127.0.0.1:{port} ({ErrorReport.OneLine(e.Message)})");
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    private static void Map(WebApplication app, RunsRoot root, ModelService models)
    {
        app.MapGet("/", () => Asset("index.html"));
        app.MapGet("/assets/{name}", (string name) => Asset(name));
        app.MapGet("/api/runs", () => Results.Json(RunCatalog.List(root)));
        app.MapGet("/api/runs/{run}/metrics", (string run, int? from, double? last) =>
        {
            if (root.Run(run) is not { } dir)
            {
                return NotFound();
            }

            var (rows, reset, total) = MetricsTable.Read(Path.Combine(dir, "metrics.csv"), Math.Max(0, from ?? 0), last);
            return Results.Json(new { columns = MetricsTable.Columns, rows, reset, total });
        });
        app.MapGet("/api/runs/{run}/confusion", (string run) =>
            root.Run(run) is { } dir ? Engine(() => Results.Json(models.ConfusionOf(dir))) : NotFound());
        app.MapPost("/api/runs/{run}/predict", async (string run, HttpRequest request) =>
        {
            if (root.Run(run) is not { } dir)
            {
                return NotFound();
            }

            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body).ConfigureAwait(false);
            if (body.Length == 0 || body.Length > ModelService.MaxImageBytes)
            {
                return Results.Json(new { error = $"drawing: expected a PNG of 1 to {ModelService.MaxImageBytes} bytes, got {body.Length}" }, statusCode: 400);
            }

            return Engine(() => Results.Json(models.Predict(dir, body.ToArray())));
        });

        // Files of the runs (sample grids, curves, summaries), by a path checked segment by segment and after symlinks.
        app.MapGet("/files/{**path}", (string path) =>
            root.File(path) is { } file && FileType(file) is { } type ? Results.File(file, type) : NotFound());

        // Everything else, with a body: an empty 404 makes a browser show its own error page instead of ours.
        app.MapFallback("{**path}", () => NotFound());
    }

    private static IResult Asset(string name) =>
        StaticAssets.Get(name) is { } bytes ? Results.Bytes(bytes, StaticAssets.ContentTypes[name]) : NotFound();

    private static IResult NotFound() => Results.Json(new { error = "not found" }, statusCode: 404);

    private static string? FileType(string path) => Path.GetExtension(path) switch
    {
        ".png" => "image/png",
        ".json" => "application/json",
        ".csv" => "text/csv",
        ".txt" => "text/plain; charset=utf-8",
        _ => null,
    };

    /// <summary>The model calls' expected failures as one-line JSON errors: no checkpoint yet (409), a bad drawing (400).</summary>
    private static IResult Engine(Func<IResult> work)
    {
        try
        {
            return work();
        }
        catch (Exception e) when (e is CliException or IOException or Training.Checkpoints.CheckpointFormatException)
        {
            var status = e is CliException { ExitCode: ExitCodes.Image } ? 400 : 409;
            return Results.Json(new { error = ErrorReport.OneLine(e.Message) }, statusCode: status);
        }
    }
}
