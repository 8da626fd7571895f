using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace DevServer.Tests;

/// <summary>Workflows that run into the real server's limits (see LimitsTests), one limit each.</summary>
[Workflow]
public sealed class PayloadEchoWorkflow
{
    /// <summary>Returns its input twice: a result over the limit from an input under it.</summary>
    [WorkflowRun]
    public Task<string> RunAsync(string input) => Task.FromResult(input + input);
}

[Workflow]
public sealed class LargeActivityResultWorkflow
{
    /// <summary>
    /// Runs an activity returning (or, with <paramref name="heartbeat"/>, heartbeating) <paramref name="size"/>
    /// characters; returns the failure's message, if any.
    /// </summary>
    [WorkflowRun]
    public async Task<string> RunAsync(int size, bool heartbeat)
    {
        try
        {
            var options = new ActivityOptions { StartToCloseTimeout = TimeSpan.FromSeconds(30), HeartbeatTimeout = TimeSpan.FromSeconds(20) };
            var result = heartbeat
                ? await Workflow.ExecuteActivityAsync((LimitsActivities a) => a.LargeHeartbeatAsync(size), options)
                : await Workflow.ExecuteActivityAsync((LimitsActivities a) => a.Large(size), options);
            return $"completed with {result.Length} characters";
        }
        catch (ActivityFailureException e)
        {
            return e.InnerException?.Message ?? e.Message;
        }
    }
}

public sealed class LimitsActivities
{
    [Temporalio.Activities.Activity("limits-large")]
    public string Large(int size) => new('x', size);

    /// <summary>Heartbeats a large detail, then waits for the cancellation the server answers it with.</summary>
    [Temporalio.Activities.Activity("limits-large-heartbeat")]
    public async Task<string> LargeHeartbeatAsync(int size)
    {
        var context = Temporalio.Activities.ActivityExecutionContext.Current;
        context.Heartbeat(new string('h', size));
        await Task.Delay(Timeout.Infinite, context.CancellationToken);
        return "not cancelled";
    }
}

[Workflow]
public sealed class ManyPendingActivitiesWorkflow
{
    /// <summary>Schedules <paramref name="count"/> activities in one task; no worker runs them, so all stay pending.</summary>
    [WorkflowRun]
    public async Task RunAsync(int count)
    {
        var options = new ActivityOptions { StartToCloseTimeout = TimeSpan.FromMinutes(10) };
        await Workflow.WhenAllAsync(Enumerable.Range(0, count)
            .Select(_ => Workflow.ExecuteActivityAsync("limits-never-run", [], options)));
    }
}

[Workflow]
public sealed class TimerLoopWorkflow
{
    /// <summary>
    /// Sleeps in a loop, adding events, until the server suggests continue-as-new (then returns the
    /// history length it was suggested at), or forever when <paramref name="stopWhenSuggested"/> is false.
    /// </summary>
    [WorkflowRun]
    public async Task<int> RunAsync(bool stopWhenSuggested)
    {
        while (!(stopWhenSuggested && Workflow.ContinueAsNewSuggested))
        {
            await Workflow.DelayAsync(TimeSpan.FromMilliseconds(1));
        }
        return Workflow.CurrentHistoryLength;
    }
}
