using System.CommandLine;
using Release.Releases.Operations;
using Release.Starter.Commands;

namespace Release.Starter.Cli;

/// <summary>
/// The <c>release</c> command line: builds the commands, runs one, and turns every error into one
/// line on stderr and an exit code (<see cref="ExitCodes"/>), never a stack trace.
/// </summary>
public static class ReleaseCli
{
    public const string Name = "release";

    public static RootCommand Build(CliConsole console)
    {
        var common = new CommonOptions();
        var api = new ApiOptions();
        var root = new RootCommand("Start, follow, resume, steer (decide, approve, pause) and abort releases run by the Temporal release orchestrator. Connects as the worker does, from Temporal's environment configuration: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS_*, TEMPORAL_GRPC_META_*.")
        {
            new StartCommand(common, console),
            new StatusCommand(common, console),
            new WatchCommand(common, console),
            new AbortCommand(common, console),
            new ResumeCommand(common, console),
            new DecideCommand(common, console),
            new ApproveCommand(common, console),
            PauseCommand.Pause(common, console),
            PauseCommand.Unpause(common, console),
            new ReportCommand(common, console),
            new TimingCommand(common, console),
            new CollectCommand(common, console),
            new EventsCommand(console),
            new TriggersCommand(common, console),
            new StatsCommand(common, console),
            new ListCommand(common, console),
            new DemoCommand(common, console),
            new ScopeCommand(console),
            new TestBedCommand(common, console),
            new CompletionCommand(console),
        };
        foreach (var option in common.All.Concat(api.All))
        {
            root.Add(option);
        }

        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken)
    {
        var parsed = Build(console).Parse(args);
        if (parsed.Errors.Count > 0)
        {
            await console.Error.WriteLineAsync($"{Name}: {OneLine(UsageErrors.Describe(parsed))}");
            return ExitCodes.UsageError;
        }

        var invocation = new InvocationConfiguration
        {
            Output = console.Out.Profile.Out.Writer,
            Error = console.Error,
            EnableDefaultExceptionHandler = false,

            // Program.cs turns Ctrl+C into the cancellation token; commands decide what it means.
            ProcessTerminationTimeout = null,
        };
        try
        {
            // --plan-only needs no server, so it stays local; help is help whatever the connection.
            if (parsed.Action is not System.CommandLine.Help.HelpAction && !IsPlanOnly(parsed) && ApiOptions.Target(parsed, console) is { } api)
            {
                return await Api.ApiCommandRunner.RunAsync(parsed, api, console, cancellationToken);
            }

            return await parsed.InvokeAsync(invocation, cancellationToken);
        }
        catch (CliException e)
        {
            await console.Error.WriteLineAsync($"{Name}: {OneLine(e.Message)}");
            return e.ExitCode;
        }
        catch (ReleaseOperationException e)
        {
            await console.Error.WriteLineAsync($"{Name}: {OneLine(e.Message)}");
            return e.Refusal == ReleaseRefusal.Unavailable ? ExitCodes.TemporalUnavailable : ExitCodes.UsageError;
        }
        catch (Temporalio.Exceptions.RpcException e) when (!cancellationToken.IsCancellationRequested)
        {
            // Connected, then a call failed: the server went away or refused the request.
            await console.Error.WriteLineAsync($"{Name}: Temporal call failed ({e.Code}): {OneLine(e.Message)}");
            return ExitCodes.TemporalUnavailable;
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested)
        {
            await console.Error.WriteLineAsync($"{Name}: interrupted ({OneLine(e.Message)})");
            return ExitCodes.Interrupted;
        }
        catch (Exception e)
        {
            // Not a user mistake: say what broke, in one line, with its type for the bug report.
            await console.Error.WriteLineAsync($"{Name}: unexpected error: {e.GetType().Name}: {OneLine(e.Message)}");
            return ExitCodes.ReleaseFailed;
        }
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();

    private static bool IsPlanOnly(ParseResult parsed) =>
        parsed.CommandResult.Command.Name == "start" && parsed.GetValue<bool>("--plan-only");
}
