using System.Collections.Concurrent;
using System.Threading.Channels;
using Temporalio.Activities;
using Temporalio.Common;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace DevServer.Tests;

/// <summary>Runs one activity with the given timeouts and retry policy and returns its result.</summary>
[Workflow]
public sealed class ControlledActivityWorkflow
{
    [WorkflowRun]
    public Task<string> RunAsync(ControlledCall call) =>
        Workflow.ExecuteActivityAsync<string>(call.Name, [], new()
        {
            ActivityId = call.ActivityId,
            StartToCloseTimeout = call.StartToClose,
            HeartbeatTimeout = call.Heartbeat,
            RetryPolicy = new()
            {
                InitialInterval = call.RetryInterval,
                BackoffCoefficient = 1,
                MaximumAttempts = call.MaximumAttempts,
            },
            Priority = call.Priority,
        });
}

public sealed record ControlledCall(string Name)
{
    public string ActivityId { get; init; } = "controlled";
    public TimeSpan StartToClose { get; init; } = TimeSpan.FromMinutes(1);
    public TimeSpan? Heartbeat { get; init; }
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromMilliseconds(100);
    public int MaximumAttempts { get; init; }
    public Priority? Priority { get; init; }
}

/// <summary>
/// Activities a test steers: each attempt announces itself, and a test releases it when ready,
/// so every step is awaited rather than slept through.
/// </summary>
public sealed class ControlledActivities
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Channel<int> Started { get; } = Channel.CreateUnbounded<int>();
    public Channel<(ActivityCancelReason Reason, ActivityCancellationDetails? Details)> Cancelled { get; } =
        Channel.CreateUnbounded<(ActivityCancelReason, ActivityCancellationDetails?)>();
    public ConcurrentQueue<int> Attempts { get; } = new();

    /// <summary>While set, the "fail-until-released" activity keeps failing.</summary>
    public volatile bool KeepFailing = true;

    public void Release() => _release.TrySetResult();

    [Activity("heartbeat-until-released")]
    public async Task<string> HeartbeatUntilReleasedAsync()
    {
        var context = ActivityExecutionContext.Current;
        Announce(context.Info.Attempt);
        try
        {
            while (!_release.Task.IsCompleted)
            {
                context.Heartbeat();
                await Task.WhenAny(_release.Task, Task.Delay(100, context.CancellationToken));
                context.CancellationToken.ThrowIfCancellationRequested();
            }
            return $"done on attempt {context.Info.Attempt}";
        }
        catch (OperationCanceledException)
        {
            Cancelled.Writer.TryWrite((context.CancelReason, context.CancellationDetails));
            throw;
        }
    }

    [Activity("wait-until-released")]
    public async Task<string> WaitUntilReleasedAsync()
    {
        Announce(ActivityExecutionContext.Current.Info.Attempt);
        await _release.Task.WaitAsync(ActivityExecutionContext.Current.CancellationToken);
        return $"done on attempt {ActivityExecutionContext.Current.Info.Attempt}";
    }

    [Activity("fail-until-released")]
    public string FailUntilReleased()
    {
        var attempt = ActivityExecutionContext.Current.Info.Attempt;
        Announce(attempt);
        return KeepFailing ? throw new ApplicationFailureException($"attempt {attempt} failed") : $"ok on attempt {attempt}";
    }

    public async Task<int> NextStartAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await Started.Reader.ReadAsync(timeout.Token);
    }

    private void Announce(int attempt)
    {
        Attempts.Enqueue(attempt);
        Started.Writer.TryWrite(attempt);
    }
}
