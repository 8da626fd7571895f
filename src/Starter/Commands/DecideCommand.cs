using System.CommandLine;
using Release.Releases.Operations;
using Release.Starter.Cli;
using Release.Starter.Releases;
using Release.Starter.Rendering;
using Release.Workflows.Release.Control;
using Spectre.Console;

namespace Release.Starter.Commands;

/// <summary><c>release decide ID COMPONENT --retry|--skip|--abort --reason R</c>: the answer to a failure of a release started with <c>--on-failure ask</c>.</summary>
internal sealed class DecideCommand : Command
{
    private readonly CommonOptions common;
    private readonly CliConsole console;
    private readonly Argument<string> id = Values.ReleaseId("Workflow id of the release waiting for a decision.");
    private readonly Argument<string> component = new("component") { Description = "The failed component the decision is about (release status names it)." };
    private readonly Option<bool> retry = new("--retry") { Description = "Release it again: a new pipeline, or with --rerun-failed a re-run of its failed workflow." };
    private readonly Option<bool> skip = new("--skip") { Description = "Record it as skipped by an operator; its dependents proceed." };
    private readonly Option<bool> abort = new("--abort") { Description = "End the release, as `release abort` does." };
    private readonly Option<bool> rerunFailed = new("--rerun-failed") { Description = "With --retry: re-run the failed CircleCI workflow from its failed jobs, in the same pipeline." };
    private readonly Option<string?> reason = OperatorOptions.Reason("Why (recorded in the report, the log event and status).", required: true);
    private readonly Option<string?> who = OperatorOptions.As();

    public DecideCommand(CommonOptions common, CliConsole console)
        : base("decide", "Answer a failed component of a release started with --on-failure ask: retry, skip or abort.")
    {
        this.common = common;
        this.console = console;
        Add(id);
        Add(component);
        Add(retry);
        Add(skip);
        Add(abort);
        Add(rerunFailed);
        Add(reason);
        Add(who);
        SetAction(ExecuteAsync);
    }

    private async Task<int> ExecuteAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        var action = Decision(parsed);
        var name = parsed.GetRequiredValue(component).Trim();
        if (name.Length == 0)
        {
            throw CliException.Usage("COMPONENT is empty; give the failed component's name (release status shows it)");
        }

        var rerun = parsed.GetValue(rerunFailed);
        if (rerun && action != DecisionAction.Retry)
        {
            throw CliException.Usage("--rerun-failed goes with --retry: it says how to retry");
        }

        var why = OperatorOptions.ReasonOf(parsed, reason, "this decision is taken");
        var given = OperatorOptions.AsOf(parsed, who);
        var connection = common.Connection(parsed, console);
        var client = await TemporalConnector.ConnectAsync(connection, cancellationToken);
        var state = await ReleaseLookup.GetAsync(client, parsed.GetRequiredValue(id), cancellationToken);
        var request = new DecisionRequest(name, action, why, OperatorUpdates.Who(client, given), rerun);
        var message = await OperatorUpdates.ExecuteAsync(client, state, wf => wf.DecideAsync(request), "decide", cancellationToken);
        if (parsed.GetValue(common.Json))
        {
            JsonOutput.Write(console, new { workflow_id = state.WorkflowId, run_id = state.RunId, update = ReleaseUpdates.Decide, component = name, action, rerun_failed = rerun, by = request.By, reason = why, message });
        }
        else
        {
            console.Out.MarkupLineInterpolated($"{message}");
            console.Out.MarkupLineInterpolated($"Follow it with: release watch {state.WorkflowId}");
        }

        return ExitCodes.Success;
    }

    private DecisionAction Decision(ParseResult parsed)
    {
        var chosen = new[] { (retry, DecisionAction.Retry), (skip, DecisionAction.Skip), (abort, DecisionAction.Abort) }
            .Where(c => parsed.GetValue(c.Item1))
            .ToList();
        return chosen.Count switch
        {
            1 => chosen[0].Item2,
            0 => throw CliException.Usage("release decide needs a decision: --retry, --skip or --abort"),
            _ => throw CliException.Usage($"{string.Join(" and ", chosen.Select(c => c.Item1.Name))} are different decisions; give one of --retry, --skip or --abort"),
        };
    }
}
