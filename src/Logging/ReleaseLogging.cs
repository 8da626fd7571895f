using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Release.Logging.Elasticsearch;
using Release.Logging.Formatting;
using Release.Logging.Redaction;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace Release.Logging;

/// <summary>
/// The release processes' logging: text or ECS JSON on the console, an ECS NDJSON file for
/// Filebeat, optionally Elasticsearch's _bulk API; secrets masked in every output.
/// <code>var log = ReleaseLogging.CreateLogger(settings);   // or builder.AddReleaseLogging(settings)</code>
/// </summary>
public static class ReleaseLogging
{
    /// <summary>Builds the logger. Dispose it to flush the file and the Elasticsearch queue.</summary>
    public static ReleaseLogger CreateLogger(LogSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var redactor = new SecretRedactor(settings.Secrets.Append(settings.Elasticsearch?.ApiKey).Append(settings.Elasticsearch?.Password));
        var ecs = new RedactingFormatter(new EcsJsonFormatter(settings), redactor);
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(settings.MinimumLevel)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .MinimumLevel.Override("System", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .Enrich.With(new SecretPropertyEnricher(redactor));

        ITextFormatter? console = settings.Console switch
        {
            ConsoleFormat.Text => new RedactingFormatter(
                new TextFormatter(settings.ConsoleColors ?? (settings.ConsoleWriter is null && !Console.IsOutputRedirected)), redactor),
            ConsoleFormat.Json => ecs,
            _ => null,
        };
        if (console is not null)
        {
            configuration.WriteTo.Sink(new TextWriterSink(console, settings.ConsoleWriter ?? Console.Out));
        }

        if (settings.JsonFile is { } path)
        {
            configuration.WriteTo.File(
                ecs,
                path,
                rollingInterval: RollingInterval.Day,
                fileSizeLimitBytes: 100 * 1024 * 1024,
                rollOnFileSizeLimit: true,
                retainedFileCountLimit: 14);
        }

        ElasticsearchBulkSink? elasticsearch = null;
        if (settings.Elasticsearch is { } es)
        {
            elasticsearch = new ElasticsearchBulkSink(es, ecs);
            configuration.WriteTo.Sink(elasticsearch);
        }

        return new ReleaseLogger(configuration.CreateLogger(), elasticsearch);
    }

    /// <summary>
    /// Replaces the host's logging providers with <see cref="CreateLogger"/>'s logger; the host
    /// disposes (flushes) it when it stops.
    /// </summary>
    public static ReleaseLogger AddReleaseLogging(this IHostApplicationBuilder builder, LogSettings settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var logger = CreateLogger(settings);
        builder.Logging.ClearProviders();
        builder.Services.AddSerilog(logger.Logger, dispose: true);
        builder.Services.AddSingleton(logger);
        return logger;
    }
}

/// <summary>A configured Serilog logger and, when enabled, its Elasticsearch sink's counters.</summary>
public sealed class ReleaseLogger(Logger logger, ElasticsearchBulkSink? elasticsearch) : IDisposable, IAsyncDisposable
{
    public Logger Logger { get; } = logger;

    /// <summary>Null when Elasticsearch is not configured.</summary>
    public ElasticsearchSinkStats? ElasticsearchStats => elasticsearch?.Stats;

    /// <summary>A Microsoft.Extensions.Logging factory over this logger (for code outside a host).</summary>
    public ILoggerFactory CreateLoggerFactory() => LoggerFactory.Create(b => b.AddSerilog(Logger));

    public void Dispose()
    {
        Logger.Dispose();
        ReportLosses();
    }

    public async ValueTask DisposeAsync()
    {
        await Logger.DisposeAsync();
        ReportLosses();
    }

    // The logger itself is gone by now, and lost events must not go unnoticed: one line on stderr.
    private void ReportLosses()
    {
        if (ElasticsearchStats is { } stats && stats.DroppedQueueFull + stats.DroppedAfterRetries + stats.Rejected > 0)
        {
            Console.Error.WriteLine(
                $"release-logging: Elasticsearch did not get every event: {stats.DroppedQueueFull} dropped (queue full), " +
                $"{stats.DroppedAfterRetries} dropped after retries, {stats.Rejected} rejected; {stats.Sent} sent.");
        }
    }
}
