using Release.Logging.Elasticsearch;
using Serilog.Events;

namespace Release.Logging;

/// <summary>What the console shows: text for people, ECS JSON lines, or nothing.</summary>
public enum ConsoleFormat
{
    Text,
    Json,
    None,
}

/// <summary>Where and how a release process logs; see <see cref="ReleaseLogging.CreateLogger"/>.</summary>
public sealed record LogSettings
{
    /// <summary>ECS <c>service.name</c>.</summary>
    public string ServiceName { get; init; } = "release-worker";

    /// <summary>ECS <c>event.dataset</c> of ordinary events (the stage report has its own).</summary>
    public string Dataset { get; init; } = "release.log";

    public LogEventLevel MinimumLevel { get; init; } = LogEventLevel.Information;

    public ConsoleFormat Console { get; init; } = ConsoleFormat.Text;

    /// <summary>Where console output goes; null means standard output. Tests pass a StringWriter.</summary>
    public TextWriter? ConsoleWriter { get; init; }

    /// <summary>ANSI colours in text console output; null means "when standard output is a terminal".</summary>
    public bool? ConsoleColors { get; init; }

    /// <summary>An ECS NDJSON file (rolled daily and at 100 MB: <c>worker20261124.json</c>), for Filebeat.</summary>
    public string? JsonFile { get; init; }

    /// <summary>Also send every event to Elasticsearch's _bulk API.</summary>
    public ElasticsearchSettings? Elasticsearch { get; init; }

    /// <summary>Values that must never be written (the CircleCI token, API keys): replaced by ***.</summary>
    public IReadOnlyList<string> Secrets { get; init; } = [];
}
