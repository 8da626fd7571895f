using Temporalio.Activities;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Common;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace DevServer.Tests;

[Collection(DevServerCollection.Name)]
public sealed class ActivityTests(DevServerFixture server)
{
    [Workflow]
    public sealed class OneActivityWorkflow
    {
        [WorkflowRun]
        public Task<string> RunAsync(ActivityCall call) =>
            Workflow.ExecuteActivityAsync<string>(call.Name, [call.Argument], new()
            {
                StartToCloseTimeout = call.StartToClose,
                ScheduleToCloseTimeout = call.ScheduleToClose,
                ScheduleToStartTimeout = call.ScheduleToStart,
                HeartbeatTimeout = call.Heartbeat,
                TaskQueue = call.TaskQueue,
                RetryPolicy = new()
                {
                    InitialInterval = TimeSpan.FromMilliseconds(100),
                    BackoffCoefficient = 2,
                    MaximumAttempts = call.MaximumAttempts,
                    NonRetryableErrorTypes = ["Permanent"],
                },
            });
    }

    public sealed record ActivityCall(string Name, string Argument)
    {
        public TimeSpan? StartToClose { get; init; } = TimeSpan.FromSeconds(10);
        public TimeSpan? ScheduleToClose { get; init; }
        public TimeSpan? ScheduleToStart { get; init; }
        public TimeSpan? Heartbeat { get; init; }
        public string? TaskQueue { get; init; }
        public int MaximumAttempts { get; init; }
    }

    /// <summary>Activities whose behaviour depends on the attempt, so retries can be observed.</summary>
    public sealed class Activities
    {
        public List<int> Attempts { get; } = [];
        public List<string?> HeartbeatDetailsSeen { get; } = [];

        [Activity("greet")]
        public string Greet(string name) => $"Hello, {name}!";

        [Activity("fail-twice")]
        public string FailTwice(string name)
        {
            var attempt = ActivityExecutionContext.Current.Info.Attempt;
            lock (Attempts)
            {
                Attempts.Add(attempt);
            }
            return attempt < 3 ? throw new ApplicationFailureException($"attempt {attempt} failed") : $"ok on attempt {attempt}";
        }

        [Activity("always-fail")]
        public string AlwaysFail(string errorType)
        {
            lock (Attempts)
            {
                Attempts.Add(ActivityExecutionContext.Current.Info.Attempt);
            }
            throw new ApplicationFailureException("boom", errorType);
        }

        [Activity("heartbeat-then-fail")]
        public string HeartbeatThenFail(string name)
        {
            var info = ActivityExecutionContext.Current.Info;
            HeartbeatDetailsSeen.Add(info.HeartbeatDetails.Count > 0
                ? ActivityExecutionContext.Current.Info.HeartbeatDetailAtAsync<string>(0).Result
                : null);
            if (info.Attempt == 1)
            {
                ActivityExecutionContext.Current.Heartbeat("progress-from-attempt-1");
                Thread.Sleep(300); // let the heartbeat reach the server before failing
                throw new ApplicationFailureException("first attempt fails");
            }
            return "done";
        }

        [Activity("sleep")]
        public async Task<string> SleepAsync(string milliseconds)
        {
            await Task.Delay(int.Parse(milliseconds, System.Globalization.CultureInfo.InvariantCulture),
                ActivityExecutionContext.Current.CancellationToken);
            return "slept";
        }
    }

    private async Task<T> RunAsync<T>(Activities activities, Func<string, Task<T>> body)
    {
        using var worker = server.NewWorker(o => o.AddWorkflow<OneActivityWorkflow>().AddAllActivities(activities));
        return await worker.ExecuteAsync(() => body(worker.Options.TaskQueue!));
    }

    private Task<string> ExecuteAsync(string taskQueue, ActivityCall call) =>
        server.Client.ExecuteWorkflowAsync((OneActivityWorkflow wf) => wf.RunAsync(call), new(DevServerFixture.NewWorkflowId(), taskQueue));

    [Fact]
    public async Task ExecuteActivity_Completes_ReturnsActivityResult()
    {
        var result = await RunAsync(new Activities(), tq => ExecuteAsync(tq, new("greet", "Temporal")));
        Assert.Equal("Hello, Temporal!", result);
    }

    [Fact]
    public async Task RetryPolicy_FailsTwice_SucceedsOnThirdAttemptAfterBackoff()
    {
        var activities = new Activities();
        var started = DateTime.UtcNow;
        var result = await RunAsync(activities, tq => ExecuteAsync(tq, new("fail-twice", "x")));
        Assert.Equal("ok on attempt 3", result);
        Assert.Equal([1, 2, 3], activities.Attempts);
        // Backoff 100 ms then 200 ms.
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task RetryPolicy_MaximumAttempts_FailsWithLastFailure()
    {
        var activities = new Activities();
        var error = await Assert.ThrowsAsync<WorkflowFailedException>(() =>
            RunAsync(activities, tq => ExecuteAsync(tq, new("always-fail", "Transient") { MaximumAttempts = 3 })));
        var activityFailure = Assert.IsType<ActivityFailureException>(error.InnerException);
        Assert.Equal(RetryState.MaximumAttemptsReached, activityFailure.RetryState);
        Assert.Equal("boom", Assert.IsType<ApplicationFailureException>(activityFailure.InnerException).Message);
        Assert.Equal([1, 2, 3], activities.Attempts);
    }

    [Fact]
    public async Task RetryPolicy_NonRetryableErrorType_FailsAfterOneAttempt()
    {
        var activities = new Activities();
        var error = await Assert.ThrowsAsync<WorkflowFailedException>(() =>
            RunAsync(activities, tq => ExecuteAsync(tq, new("always-fail", "Permanent"))));
        var activityFailure = Assert.IsType<ActivityFailureException>(error.InnerException);
        Assert.Equal(RetryState.NonRetryableFailure, activityFailure.RetryState);
        Assert.Equal([1], activities.Attempts);
    }

    [Fact]
    public async Task Heartbeat_DetailsReachTheNextAttempt()
    {
        var activities = new Activities();
        var result = await RunAsync(activities, tq => ExecuteAsync(tq, new("heartbeat-then-fail", "x")));
        Assert.Equal("done", result);
        Assert.Equal([null, "progress-from-attempt-1"], activities.HeartbeatDetailsSeen);
    }

    [Fact]
    public async Task HeartbeatTimeout_ActivityStopsHeartbeating_TimesOutAsHeartbeat()
    {
        var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => RunAsync(new Activities(), tq =>
            ExecuteAsync(tq, new("sleep", "5000") { Heartbeat = TimeSpan.FromMilliseconds(500), MaximumAttempts = 1 })));
        var timeout = Assert.IsType<TimeoutFailureException>(Assert.IsType<ActivityFailureException>(error.InnerException).InnerException);
        Assert.Equal(TimeoutType.Heartbeat, timeout.TimeoutType);
    }

    [Fact]
    public async Task StartToCloseTimeout_RetriesThenTimesOut()
    {
        var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => RunAsync(new Activities(), tq =>
            ExecuteAsync(tq, new("sleep", "5000") { StartToClose = TimeSpan.FromMilliseconds(300), MaximumAttempts = 2 })));
        var activityFailure = Assert.IsType<ActivityFailureException>(error.InnerException);
        Assert.Equal(RetryState.MaximumAttemptsReached, activityFailure.RetryState);
        Assert.Equal(TimeoutType.StartToClose, Assert.IsType<TimeoutFailureException>(activityFailure.InnerException).TimeoutType);
    }

    [Fact]
    public async Task ScheduleToCloseTimeout_BoundsAllAttempts()
    {
        var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => RunAsync(new Activities(), tq =>
            ExecuteAsync(tq, new("always-fail", "Transient") { ScheduleToClose = TimeSpan.FromSeconds(1), StartToClose = null })));
        var activityFailure = Assert.IsType<ActivityFailureException>(error.InnerException);
        Assert.Equal(RetryState.Timeout, activityFailure.RetryState);
    }

    [Fact]
    public async Task ScheduleToStartTimeout_NoWorkerOnQueue_TimesOut()
    {
        var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => RunAsync(new Activities(), tq =>
            ExecuteAsync(tq, new("greet", "x") { ScheduleToStart = TimeSpan.FromMilliseconds(500), TaskQueue = DevServerFixture.NewTaskQueue() })));
        var timeout = Assert.IsType<TimeoutFailureException>(Assert.IsType<ActivityFailureException>(error.InnerException).InnerException);
        Assert.Equal(TimeoutType.ScheduleToStart, timeout.TimeoutType);
    }

    [Workflow]
    public sealed class CancelActivityWorkflow
    {
        [WorkflowRun]
        public async Task<string> RunAsync()
        {
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Workflow.CancellationToken);
            var activity = Workflow.ExecuteActivityAsync<string>("sleep", ["10000"], new()
            {
                StartToCloseTimeout = TimeSpan.FromSeconds(30),
                // Generous for a loaded CI machine; the worker's throttle (below) keeps heartbeats frequent,
                // so the cancellation still arrives within a fraction of a second.
                HeartbeatTimeout = TimeSpan.FromSeconds(20),
                CancellationToken = cancel.Token,
                CancellationType = ActivityCancellationType.WaitCancellationCompleted,
            });
            await Workflow.DelayAsync(TimeSpan.FromMilliseconds(500));
            // CancelAsync would schedule work outside the workflow's scheduler; Cancel is deterministic.
#pragma warning disable CA1849
            cancel.Cancel();
#pragma warning restore CA1849
            try
            {
                await activity;
                return "completed";
            }
            catch (ActivityFailureException e) when (e.InnerException is CanceledFailureException)
            {
                return "cancelled";
            }
        }
    }

    /// <summary>An activity that heartbeats learns of its cancellation from the heartbeat response.</summary>
    public sealed class HeartbeatingSleep
    {
        public bool SawCancellation { get; private set; }

        [Activity("sleep")]
        public async Task<string> SleepAsync(string milliseconds)
        {
            var context = ActivityExecutionContext.Current;
            try
            {
                for (var i = 0; i < int.Parse(milliseconds, System.Globalization.CultureInfo.InvariantCulture) / 100; i++)
                {
                    context.Heartbeat();
                    await Task.Delay(100, context.CancellationToken);
                }
                return "slept";
            }
            catch (OperationCanceledException)
            {
                SawCancellation = true;
                throw;
            }
        }
    }

    [Fact]
    public async Task Cancellation_DeliveredThroughHeartbeat_ActivityEndsCancelled()
    {
        var activities = new HeartbeatingSleep();
        // The SDK sends at most one heartbeat per 80% of the heartbeat timeout unless capped here: with the cap
        // the heartbeat after the cancellation request comes soon, and a slow machine cannot time it out.
        using var worker = server.NewWorker(o =>
        {
            o.MaxHeartbeatThrottleInterval = TimeSpan.FromMilliseconds(200);
            o.AddWorkflow<CancelActivityWorkflow>().AddAllActivities(activities);
        });
        var result = await worker.ExecuteAsync(() => server.Client.ExecuteWorkflowAsync(
            (CancelActivityWorkflow wf) => wf.RunAsync(), new(DevServerFixture.NewWorkflowId(), worker.Options.TaskQueue!)));
        Assert.Equal("cancelled", result);
        Assert.True(activities.SawCancellation);
    }
}
