using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Release.Logging.Configuration;
using Release.Releases.Connection;
using Release.Releases.Operations;

namespace Release.Starter.Cli;

/// <summary>
/// Options every command takes. The connection comes from Temporal's environment configuration,
/// read by the same code as the worker's (<see cref="TemporalSettingsReader"/>); an option wins over its variable.
/// </summary>
public sealed class CommonOptions
{
    public const string DefaultAddress = TemporalSettings.DefaultAddress;
    public const string DefaultNamespace = TemporalSettings.DefaultNamespace;
    public const string DefaultTaskQueue = TemporalSettings.DefaultTaskQueue;

    private static readonly EnvironmentAliases Aliases = new EnvironmentAliases().AddTemporalAliases();

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

    /// <summary>Where to connect; a wrong option or variable is a usage error (exit 2) naming it.</summary>
    public ConnectionSettings Connection(ParseResult parsed, CliConsole console)
    {
        var address = Given(parsed.GetValue(Address));
        if (address is not null && TemporalAddress.Problem(address) is { } problem)
        {
            throw CliException.Usage($"--address {problem}");
        }

        var overrides = new Dictionary<string, string?>
        {
            ["Temporal:Address"] = address,
            ["Temporal:Namespace"] = Given(parsed.GetValue(Namespace)),
            ["Temporal:TaskQueue"] = Given(parsed.GetValue(TaskQueue)),
        };
        var configuration = new ConfigurationBuilder();
        Aliases.AddTo(configuration, TemporalEnvironment.Variables.ToDictionary(v => v.Variable, v => console.Environment(v.Variable)));
        configuration.AddGrpcMetadata(console.VariablesStartingWith(TemporalEnvironment.GrpcMetaPrefix));
        configuration.AddInMemoryCollection(overrides.Where(o => o.Value is not null));
        TemporalSettings temporal;
        try
        {
            temporal = TemporalSettingsReader.Read(new SettingReader(configuration.Build(), Aliases));
        }
        catch (SettingException e)
        {
            throw CliException.Usage(e.Message);
        }

        var ui = Given(parsed.GetValue(UiUrl)) ?? Given(console.Environment("TEMPORAL_UI_URL"))
            ?? (IsDefaultLocal(temporal.Address) ? "http://localhost:8233" : null);
        if (ui is not null && !(Uri.TryCreate(ui, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            throw CliException.Usage($"--ui-url (or TEMPORAL_UI_URL) is '{ui}', not an absolute http(s) URL such as http://localhost:8233");
        }

        return new ConnectionSettings(temporal, ui);
    }

    private static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    // A local dev server on the standard port serves its UI on the standard UI port; elsewhere we
    // cannot guess where the UI is, so links appear only when TEMPORAL_UI_URL says.
    private static bool IsDefaultLocal(string address) =>
        address is "localhost:7233" or "127.0.0.1:7233";
}
