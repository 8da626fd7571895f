using System.Reflection;
using Release.Logging.Configuration;
using Release.Shared;

namespace Release.Worker.Hosting;

/// <summary>
/// The worker's only arguments: <c>--help</c> and <c>--version</c>. Everything else is configured by
/// environment variables and appsettings.json, so any other argument is a mistake: one line on
/// stderr (with "did you mean" for a near option) and exit code 2.
/// </summary>
public static class WorkerCommandLine
{
    private static readonly string[] Options = ["--help", "-h", "--version"];

    // The settings people set most, as the README's table names them.
    private static readonly (string Setting, string Default, string Meaning)[] Settings =
    [
        ("TEMPORAL_ADDRESS", "localhost:7233", "Temporal frontend, host:port"),
        ("TEMPORAL_NAMESPACE", "default", "must exist"),
        ("TEMPORAL_TASK_QUEUE", "release", "task queue to poll"),
        ("TEMPORAL_API_KEY", "", "Temporal Cloud API key; turns TLS on"),
        ("TEMPORAL_TLS", "auto", "true / false; on with an API key or any TLS setting"),
        ("TEMPORAL_TLS_CLIENT_CERT_PATH / _DATA", "", "mTLS client certificate (PEM)"),
        ("TEMPORAL_TLS_CLIENT_KEY_PATH / _DATA", "", "its private key (PEM)"),
        ("TEMPORAL_TLS_SERVER_CA_CERT_PATH / _DATA", "system roots", "server root CA (PEM)"),
        ("TEMPORAL_TLS_SERVER_NAME", "", "name to verify on the server's certificate"),
        ("Temporal__ConnectTimeout", "60s", "how long to retry Temporal at start"),
        ("CIRCLECI_TOKEN or CIRCLECI_TOKEN_FILE", "(required)", "CircleCI API token, or a file holding it"),
        ("CIRCLECI_BASE_URL", "https://circleci.com/api/v2/", "CircleCI API root"),
        ("CircleCi__Timeout", "30s", "per HTTP call to CircleCI"),
        ("CIRCLECI_WEBHOOK_SECRET or _SECRET_FILE", "(off)", "turns the webhook receiver on"),
        ("CIRCLECI_WEBHOOK_PORT", "8088", "webhook port (path /circleci/webhook)"),
        ("CIRCLECI_WEBHOOK_IP", "0.0.0.0", "webhook address"),
        ("Worker__GracefulShutdownTimeout", "30s", "on stop, how long running activities may finish"),
        ("Worker__MaxCachedWorkflows", "10000", "workflows kept in memory between tasks"),
        ("Worker__MaxConcurrentActivities", "100", "activities run at once"),
        ("Worker__MaxConcurrentWorkflowTasks", "100", "workflow tasks run at once"),
        ("LOG_LEVEL", "information", "verbose, debug, information, warning, error, fatal"),
        ("LOG_CONSOLE", "text", "text, json or none"),
        ("LOG_JSON_FILE", "", "ECS NDJSON file for Filebeat, rolled daily"),
        ("ELASTICSEARCH_URL / _INDEX", "", "also send events to Elasticsearch (official client, _bulk)"),
        ("ELASTICSEARCH_API_KEY or _USERNAME + _PASSWORD", "", "Elasticsearch credentials"),
        ("ELASTICSEARCH_CA_FINGERPRINT", "", "trust a self-signed cluster by its CA's SHA-256 fingerprint"),
    ];

    public static string Version { get; } =
        typeof(WorkerCommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>
    /// Handles the arguments: an exit code when the process should stop here (help, version, a
    /// mistake), or null when there are none and the worker should run.
    /// </summary>
    public static int? Handle(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Count == 0)
        {
            return null;
        }

        if (args.Any(a => a is "--help" or "-h"))
        {
            WriteHelp(output);
            return 0;
        }

        if (args.Any(a => a == "--version"))
        {
            output.WriteLine($"release-worker {Version}");
            return 0;
        }

        var first = args[0];
        var problem = first.StartsWith('-')
            ? $"unknown option '{first}'{(NearestName.Find(first, Options) is { } near ? $"; did you mean {near}?" : ".")}"
            : $"unexpected argument '{first}'.";
        error.WriteLine($"release-worker: {problem} The worker takes only --help and --version; it is configured by environment variables (see --help).");
        return SettingException.ExitCode;
    }

    private static void WriteHelp(TextWriter output)
    {
        output.WriteLine($"release-worker {Version}: runs the release workflows and their activities on a Temporal task queue.");
        output.WriteLine();
        output.WriteLine("usage: Release.Worker [--help] [--version]");
        output.WriteLine();
        output.WriteLine("Settings come from appsettings.json, then environment variables (these names, or Section__Key):");
        var width = Settings.Max(s => s.Setting.Length);
        var defaultWidth = Settings.Max(s => s.Default.Length);
        foreach (var (setting, fallback, meaning) in Settings)
        {
            output.WriteLine($"  {setting.PadRight(width)}  {fallback.PadRight(defaultWidth)}  {meaning}");
        }

        output.WriteLine();
        output.WriteLine("Durations: 500ms, 30s, 5m, 1h or hh:mm:ss. Exit codes: 0 stopped, 1 Temporal unreachable or the worker failed,");
        output.WriteLine("2 a missing or invalid setting (one line on stderr). All settings: src/Worker/README.md.");
    }
}
