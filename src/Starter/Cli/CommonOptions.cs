using System.CommandLine;

namespace Release.Starter.Cli;

/// <summary>Options every command takes; each falls back to its environment variable.</summary>
public sealed class CommonOptions
{
    public const string DefaultAddress = "localhost:7233";
    public const string DefaultNamespace = "default";
    public const string DefaultTaskQueue = "release";

    public Option<string?> Address { get; } = new("--address")
    {
        Description = $"Temporal frontend host:port (env TEMPORAL_ADDRESS; default {DefaultAddress}).",
        Recursive = true,
    };

    public Option<string?> Namespace { get; } = new("--namespace")
    {
        Description = $"Temporal namespace (env TEMPORAL_NAMESPACE; default {DefaultNamespace}).",
        Recursive = true,
    };

    public Option<string?> TaskQueue { get; } = new("--task-queue")
    {
        Description = $"Task queue of the release worker (env TEMPORAL_TASK_QUEUE; default {DefaultTaskQueue}).",
        Recursive = true,
    };

    public Option<string?> UiUrl { get; } = new("--ui-url")
    {
        Description = "Base URL of the Temporal Web UI for links (env TEMPORAL_UI_URL; default http://localhost:8233 for a local server).",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Machine-readable JSON on stdout instead of tables (errors stay one line on stderr).",
        Recursive = true,
    };

    public IEnumerable<Option> All => [Address, Namespace, TaskQueue, UiUrl, Json];

    public ConnectionSettings Connection(ParseResult parsed, CliConsole console)
    {
        var address = Pick(parsed.GetValue(Address), console.Environment("TEMPORAL_ADDRESS")) ?? DefaultAddress;
        var ui = Pick(parsed.GetValue(UiUrl), console.Environment("TEMPORAL_UI_URL"))
            ?? (IsDefaultLocal(address) ? "http://localhost:8233" : null);
        return new ConnectionSettings(
            address,
            Pick(parsed.GetValue(Namespace), console.Environment("TEMPORAL_NAMESPACE")) ?? DefaultNamespace,
            Pick(parsed.GetValue(TaskQueue), console.Environment("TEMPORAL_TASK_QUEUE")) ?? DefaultTaskQueue,
            ui);
    }

    private static string? Pick(string? option, string? environment) =>
        !string.IsNullOrWhiteSpace(option) ? option.Trim()
        : !string.IsNullOrWhiteSpace(environment) ? environment.Trim()
        : null;

    // A local dev server on the standard port serves its UI on the standard UI port; elsewhere we
    // cannot guess where the UI is, so links appear only when TEMPORAL_UI_URL says.
    private static bool IsDefaultLocal(string address) =>
        address is "localhost:7233" or "127.0.0.1:7233";
}

/// <param name="UiUrl">Web UI base, e.g. http://localhost:8233; null when unknown.</param>
public sealed record ConnectionSettings(string Address, string Namespace, string TaskQueue, string? UiUrl)
{
    public string? WorkflowLink(string workflowId) =>
        UiUrl is null ? null : $"{UiUrl.TrimEnd('/')}/namespaces/{Uri.EscapeDataString(Namespace)}/workflows/{Uri.EscapeDataString(workflowId)}";
}
