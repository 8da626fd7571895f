using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Release.Releases.Operations;
using Release.Starter.Cli;
using Release.Starter.Releases;
using Release.Workflows.Manifest;

namespace Release.Starter.Api;

/// <summary>
/// The release commands with <c>--api</c>: the same command lines, sent to the REST API instead of
/// Temporal. The options are read by name from the parsed command, so each command keeps one
/// definition of its options; the ones the API has no counterpart for are refused by name.
/// </summary>
internal static class ApiCommandRunner
{
    /// <summary>The commands the API can run; the others need a Temporal connection.</summary>
    public static readonly IReadOnlySet<string> Supported = new HashSet<string>(StringComparer.Ordinal)
    {
        "start", "status", "watch", "list", "abort", "resume", "decide", "approve", "pause", "unpause", "report",
    };

    public static async Task<int> RunAsync(ParseResult parsed, ApiTarget target, CliConsole console, CancellationToken cancellationToken)
    {
        var command = parsed.CommandResult.Command.Name;
        if (!Supported.Contains(command))
        {
            throw CliException.Usage($"'{command}' needs a Temporal connection and does not run through --api; drop --api (the API runs {string.Join(", ", Supported)})");
        }

        Refuse(parsed, command, "--as", "who acts is the token's name");
        Refuse(parsed, command, "--query", "filter with the API's product, version and status instead, or drop --api");
        Refuse(parsed, command, "--manifest", "the API resumes with the manifest of the failed run");
        foreach (var option in (string[])["--schedule", "--max-parallel", "--decision-timeout"])
        {
            Refuse(parsed, command, option, "the API starts releases with the default for it");
        }

        var json = parsed.GetValue<bool>("--json");
        using var api = new ReleaseApiClient(target);
        var output = new ApiOutput(console, json);
        var id = Supported.Contains(command) && command is not ("start" or "list") ? Uri.EscapeDataString(parsed.GetValue<string>("id")!) : "";
        switch (command)
        {
            case "start":
                var started = await api.PostAsync("api/v1/releases", StartBody(parsed, console, json), cancellationToken);
                output.Handle(started, "Started");
                return parsed.GetValue<bool>("--wait") ? await FollowAsync(api, output, started.GetProperty("workflowId").GetString()!, cancellationToken) : ExitCodes.Success;
            case "status":
                return output.Detail(await api.GetAsync($"api/v1/releases/{id}", cancellationToken));
            case "watch":
                return await FollowAsync(api, output, parsed.GetValue<string>("id")!, cancellationToken);
            case "list":
                output.List(await api.GetAsync($"api/v1/releases?pageSize={parsed.GetValue<int>("--limit")}", cancellationToken));
                return ExitCodes.Success;
            case "report":
                output.Raw(await api.GetAsync($"api/v1/releases/{id}/report", cancellationToken));
                return ExitCodes.Success;
            case "abort":
                output.Handle(await api.PostAsync($"api/v1/releases/{id}/abort", new JsonObject
                {
                    ["reason"] = Reason(parsed, "the release is aborted"),
                    ["cancelPipelines"] = parsed.GetValue<bool>("--cancel-pipelines"),
                }, cancellationToken), "Abort requested for");
                return ExitCodes.Success;
            case "resume":
                var resumed = await api.PostAsync($"api/v1/releases/{id}/resume", new JsonObject
                {
                    ["reason"] = Reason(parsed, "the release is resumed"),
                    ["only"] = parsed.GetValue<string?>("--only") is { } only
                        ? new JsonArray([.. only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n => (JsonNode)n)])
                        : null,
                    ["fromStage"] = parsed.GetValue<int?>("--from-stage"),
                    ["rerunFailed"] = parsed.GetValue<bool>("--rerun-failed"),
                }, cancellationToken);
                output.Handle(resumed, "Resumed");
                return parsed.GetValue<bool>("--wait") ? await FollowAsync(api, output, resumed.GetProperty("workflowId").GetString()!, cancellationToken) : ExitCodes.Success;
            case "decide":
                output.Handle(await api.PostAsync($"api/v1/releases/{id}/decisions", new JsonObject
                {
                    ["component"] = parsed.GetValue<string>("component"),
                    ["action"] = DecisionAction(parsed),
                    ["reason"] = Reason(parsed, "this is decided"),
                    ["rerunFailed"] = parsed.GetValue<bool>("--rerun-failed"),
                }, cancellationToken), "Decision sent to");
                return ExitCodes.Success;
            case "approve":
                output.Handle(await api.PostAsync($"api/v1/releases/{id}/approvals", new JsonObject
                {
                    ["reason"] = Reason(parsed, "the stage is approved"),
                    ["stage"] = parsed.GetValue<int?>("--stage"),
                }, cancellationToken), "Approval sent to");
                return ExitCodes.Success;
            default:
                var reason = parsed.GetValue<string?>("--reason")?.Trim();
                output.Handle(await api.PostAsync($"api/v1/releases/{id}/{command}", new JsonObject
                {
                    ["reason"] = string.IsNullOrEmpty(reason) ? (command == "pause" ? throw CliException.Usage("--reason must say why the release is paused") : "(no reason given)") : reason,
                }, cancellationToken), command == "pause" ? "Paused" : "Unpaused");
                return ExitCodes.Success;
        }
    }

    // The manifest is read and checked here first, so a mistake is named exactly as without --api.
    private static JsonObject StartBody(ParseResult parsed, CliConsole console, bool json)
    {
        var path = parsed.GetValue<string>("manifest")!;
        var loaded = ManifestLoader.Load(path, new ManifestParseOptions(Strict: parsed.GetValue<bool>("--strict")), console, json);
        ManifestLoader.WriteWarnings(console, path, loaded.Warnings);
        var parameters = new JsonObject();
        foreach (var (name, value) in PipelineParameters.Parse(parsed.GetValue<string[]>("--param") ?? []))
        {
            parameters[name] = JsonNode.Parse(value.GetRawText());
        }

        var gates = parsed.GetValue<int[]>("--approve-before-stage") ?? [];
        return new JsonObject
        {
            ["manifest"] = JsonNode.Parse(File.ReadAllText(path)),
            ["branch"] = parsed.GetValue<string?>("--branch"),
            ["parameters"] = parameters,
            ["dryRun"] = parsed.GetValue<bool>("--dry-run"),
            ["onFailure"] = parsed.GetValue<string?>("--on-failure"),
            ["approveBeforeStages"] = new JsonArray([.. gates.Select(g => (JsonNode)g)]),
            ["pollIntervalSeconds"] = parsed.GetValue<double?>("--poll-interval"),
            ["allowEmpty"] = parsed.GetValue<bool>("--allow-empty"),
            ["publishEvents"] = !parsed.GetValue<bool>("--no-events"),
        };
    }

    private static async Task<int> FollowAsync(ReleaseApiClient api, ApiOutput output, string workflowId, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var (name, data) in api.EventsAsync($"api/v1/releases/{Uri.EscapeDataString(workflowId)}/events", cancellationToken))
            {
                if (name == "end")
                {
                    return output.Detail(data);
                }

                output.Progress(data);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }

        throw CliException.Unavailable($"the API at {api.BaseUrl} closed the event stream of {workflowId} before the release ended; follow it again with: release --api {api.BaseUrl} watch {workflowId}");
    }

    private static string DecisionAction(ParseResult parsed)
    {
        var chosen = new[] { "retry", "skip", "abort" }.Where(a => parsed.GetValue<bool>($"--{a}")).ToList();
        return chosen.Count == 1 ? chosen[0] : throw CliException.Usage("say what to do with the failed component: exactly one of --retry, --skip, --abort");
    }

    private static string Reason(ParseResult parsed, string what)
    {
        var given = parsed.GetValue<string?>("--reason")?.Trim();
        return string.IsNullOrEmpty(given) ? throw CliException.Usage($"--reason must say why {what}") : given;
    }

    private static void Refuse(ParseResult parsed, string command, string option, string why)
    {
        if (parsed.CommandResult.Children.OfType<System.CommandLine.Parsing.OptionResult>().Any(o => o.Option.Name == option && !o.Implicit))
        {
            throw CliException.Usage($"{command} {option} does not go through --api: {why}");
        }
    }
}
