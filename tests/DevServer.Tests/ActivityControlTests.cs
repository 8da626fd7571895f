using Temporalio.Activities;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Workflow.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace DevServer.Tests;

/// <summary>PauseActivity, UnpauseActivity, ResetActivity and UpdateActivityOptions through the SDK's raw service client.</summary>
[Collection(DevServerCollection.Name)]
public sealed class ActivityControlTests(DevServerFixture server)
{
    private const string ActivityId = "controlled";

    [Fact]
    public async Task Pause_HeartbeatingActivity_CancelsAttemptAsPausedAndHoldsRetryUntilUnpaused()
    {
        var activities = new ControlledActivities();
        await RunAsync(activities, async handle =>
        {
            Assert.Equal(1, await activities.NextStartAsync());

            await server.Client.WorkflowService.PauseActivityAsync(new()
            {
                Namespace = "default",
                Execution = new() { WorkflowId = handle.Id },
                Type = "heartbeat-until-released",
                Identity = "operator",
                Reason = "investigating",
                RequestId = Guid.NewGuid().ToString(),
            });

            var (reason, details) = await ReadAsync(activities.Cancelled.Reader);
            Assert.Equal(ActivityCancelReason.Paused, reason);
            Assert.True(details?.IsPaused);
            var paused = await WaitForActivityAsync(handle.Id, a => a.State == PendingActivityState.Paused);
            Assert.True(paused.Paused);
            Assert.Equal(2, paused.Attempt);
            Assert.Null(paused.NextAttemptScheduleTime);
            Assert.Equal("operator", paused.PauseInfo.Manual.Identity);
            Assert.Equal("investigating", paused.PauseInfo.Manual.Reason);
            Assert.NotNull(paused.PauseInfo.PauseTime);
            Assert.Equal("ActivityPause", paused.LastFailure.ApplicationFailureInfo.Type);

            activities.Release();
            await server.Client.WorkflowService.UnpauseActivityAsync(new()
            {
                Namespace = "default",
                Execution = new() { WorkflowId = handle.Id },
                Id = ActivityId,
                Identity = "operator",
            });

            Assert.Equal("done on attempt 2", await handle.GetResultAsync().WaitAsync(TimeSpan.FromSeconds(30)));
            // Attempt 2 was the first to run after attempt 1: nothing ran while paused.
            Assert.Equal([1, 2], activities.Attempts);
        }, new ControlledCall("heartbeat-until-released") { Heartbeat = TimeSpan.FromSeconds(1) });
    }

    [Fact]
    public async Task Pause_RunningActivityWithoutHeartbeats_ShowsPauseRequestedAndMayStillComplete()
    {
        var activities = new ControlledActivities();
        await RunAsync(activities, async handle =>
        {
            await activities.NextStartAsync();

            await PauseAsync(handle.Id, "first");
            var requested = await WaitForActivityAsync(handle.Id, a => a.Paused);
            Assert.Equal(PendingActivityState.PauseRequested, requested.State);

            activities.Release();
            Assert.Equal("done on attempt 1", await handle.GetResultAsync().WaitAsync(TimeSpan.FromSeconds(30)));
        }, new ControlledCall("wait-until-released"));
    }

    [Fact]
    public async Task Unpause_ResetAttempts_RunsTheHeldAttemptAsAttemptOne()
    {
        var activities = new ControlledActivities();
        await RunAsync(activities, async handle =>
        {
            await activities.NextStartAsync();
            await WaitForActivityAsync(handle.Id, a => a.Attempt == 2 && a.NextAttemptScheduleTime is not null);
            await PauseAsync(handle.Id, "hold");
            await WaitForActivityAsync(handle.Id, a => a.State == PendingActivityState.Paused);
            activities.KeepFailing = false;

            await server.Client.WorkflowService.UnpauseActivityAsync(new()
            {
                Namespace = "default",
                Execution = new() { WorkflowId = handle.Id },
                Id = ActivityId,
                ResetAttempts = true,
            });

            Assert.Equal("ok on attempt 1", await handle.GetResultAsync().WaitAsync(TimeSpan.FromSeconds(30)));
        }, new ControlledCall("fail-until-released") { RetryInterval = TimeSpan.FromHours(1) });
    }

    [Fact]
    public async Task Reset_ActivityInBackoff_RunsAttemptOneAtOnce()
    {
        var activities = new ControlledActivities();
        await RunAsync(activities, async handle =>
        {
            await activities.NextStartAsync();
            var waiting = await WaitForActivityAsync(handle.Id, a => a.Attempt == 2 && a.NextAttemptScheduleTime is not null);
            Assert.Equal(TimeSpan.FromHours(1), waiting.CurrentRetryInterval.ToTimeSpan());
            activities.KeepFailing = false;

            await server.Client.WorkflowService.ResetActivityAsync(new()
            {
                Namespace = "default",
                Execution = new() { WorkflowId = handle.Id },
                Id = ActivityId,
            });

            Assert.Equal("ok on attempt 1", await handle.GetResultAsync().WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Equal([1, 1], activities.Attempts);
        }, new ControlledCall("fail-until-released") { RetryInterval = TimeSpan.FromHours(1) });
    }

    [Fact]
    public async Task Reset_KeepPaused_ResetsAttemptsButRunsOnlyWhenUnpaused()
    {
        var activities = new ControlledActivities();
        await RunAsync(activities, async handle =>
        {
            await activities.NextStartAsync();
            await WaitForActivityAsync(handle.Id, a => a.Attempt == 2);
            await PauseAsync(handle.Id, "hold");

            await server.Client.WorkflowService.ResetActivityAsync(new()
            {
                Namespace = "default",
                Execution = new() { WorkflowId = handle.Id },
                Type = "fail-until-released",
                KeepPaused = true,
                ResetHeartbeat = true,
            });

            var held = await WaitForActivityAsync(handle.Id, a => a.Attempt == 1);
            Assert.Equal(PendingActivityState.Paused, held.State);
            activities.KeepFailing = false;
            await UnpauseAsync(handle.Id);
            Assert.Equal("ok on attempt 1", await handle.GetResultAsync().WaitAsync(TimeSpan.FromSeconds(30)));
        }, new ControlledCall("fail-until-released") { RetryInterval = TimeSpan.FromHours(1) });
    }

    [Fact]
    public async Task UpdateOptions_RetryIntervalAndTimeout_AppliesToTheWaitingAttempt()
    {
        var activities = new ControlledActivities();
        await RunAsync(activities, async handle =>
        {
            await activities.NextStartAsync();
            await WaitForActivityAsync(handle.Id, a => a.Attempt == 2 && a.NextAttemptScheduleTime is not null);
            activities.KeepFailing = false;

            var response = await server.Client.WorkflowService.UpdateActivityOptionsAsync(new()
            {
                Namespace = "default",
                Execution = new() { WorkflowId = handle.Id },
                Id = ActivityId,
                ActivityOptions = new()
                {
                    RetryPolicy = new() { InitialInterval = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromMilliseconds(10)) },
                    StartToCloseTimeout = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(30)),
                },
                UpdateMask = new() { Paths = { "retry_policy.initial_interval", "start_to_close_timeout" } },
            });

            Assert.Equal(TimeSpan.FromMilliseconds(10), response.ActivityOptions.RetryPolicy.InitialInterval.ToTimeSpan());
            Assert.Equal(TimeSpan.FromSeconds(30), response.ActivityOptions.StartToCloseTimeout.ToTimeSpan());
            Assert.Equal(1, response.ActivityOptions.RetryPolicy.BackoffCoefficient);
            Assert.Equal("ok on attempt 2", await handle.GetResultAsync().WaitAsync(TimeSpan.FromSeconds(30)));
        }, new ControlledCall("fail-until-released") { RetryInterval = TimeSpan.FromHours(1) });
    }

    [Fact]
    public async Task UpdateOptions_ShownByDescribe()
    {
        var activities = new ControlledActivities();
        await RunAsync(activities, async handle =>
        {
            await activities.NextStartAsync();
            await server.Client.WorkflowService.UpdateActivityOptionsAsync(new()
            {
                Namespace = "default",
                Execution = new() { WorkflowId = handle.Id },
                Type = "wait-until-released",
                ActivityOptions = new() { HeartbeatTimeout = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(20)) },
                UpdateMask = new() { Paths = { "heartbeat_timeout" } },
            });

            var described = await WaitForActivityAsync(handle.Id, _ => true);
            Assert.Equal(TimeSpan.FromSeconds(20), described.ActivityOptions.HeartbeatTimeout.ToTimeSpan());
            Assert.Equal(TimeSpan.FromMinutes(1), described.ActivityOptions.StartToCloseTimeout.ToTimeSpan());
            activities.Release();
            await handle.GetResultAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }, new ControlledCall("wait-until-released"));
    }

    [Fact]
    public async Task Errors_MatchTheRealServer()
    {
        var activities = new ControlledActivities();
        await RunAsync(activities, async handle =>
        {
            await activities.NextStartAsync();
            var service = server.Client.WorkflowService;

            var missingWorkflow = await Assert.ThrowsAsync<RpcException>(() => service.PauseActivityAsync(new()
            {
                Namespace = "default",
                Execution = new() { WorkflowId = "no-such-workflow" },
                Id = ActivityId,
            }));
            Assert.Equal(RpcException.StatusCode.NotFound, missingWorkflow.Code);

            var missingActivity = await Assert.ThrowsAsync<RpcException>(() => service.UnpauseActivityAsync(new()
            {
                Namespace = "default",
                Execution = new() { WorkflowId = handle.Id },
                Id = "no-such-activity",
            }));
            Assert.Equal(RpcException.StatusCode.NotFound, missingActivity.Code);
            Assert.StartsWith("Can't find pending activity with such ID", missingActivity.Message, StringComparison.Ordinal);

            var noType = await Assert.ThrowsAsync<RpcException>(() => service.ResetActivityAsync(new()
            {
                Namespace = "default",
                Execution = new() { WorkflowId = handle.Id },
                Type = "no-such-type",
            }));
            Assert.Equal(RpcException.StatusCode.NotFound, noType.Code);

            var noWorkflowId = await Assert.ThrowsAsync<RpcException>(() => service.PauseActivityAsync(new() { Namespace = "default", Id = ActivityId }));
            Assert.Equal(RpcException.StatusCode.InvalidArgument, noWorkflowId.Code);
            Assert.Equal("WorkflowId is not set on request.", noWorkflowId.Message);

            var noActivity = await Assert.ThrowsAsync<RpcException>(() => service.PauseActivityAsync(new()
            {
                Namespace = "default",
                Execution = new() { WorkflowId = handle.Id },
            }));
            Assert.Equal(RpcException.StatusCode.InvalidArgument, noActivity.Code);
            Assert.Equal("Either Activity.Id or Activity.Type should be set on request.", noActivity.Message);

            await PauseAsync(handle.Id, "first");
            await PauseAsync(handle.Id, "first"); // the same request again is accepted
            var pausedTwice = await Assert.ThrowsAsync<RpcException>(() => PauseAsync(handle.Id, "second"));
            Assert.Equal(RpcException.StatusCode.FailedPrecondition, pausedTwice.Code);
            Assert.Equal("activity is already paused", pausedTwice.Message);

            var noMask = await Assert.ThrowsAsync<RpcException>(() => service.UpdateActivityOptionsAsync(new()
            {
                Namespace = "default",
                Execution = new() { WorkflowId = handle.Id },
                Id = ActivityId,
                ActivityOptions = new(),
            }));
            Assert.Equal(RpcException.StatusCode.InvalidArgument, noMask.Code);
            Assert.Equal("UpdateMask is not provided", noMask.Message);

            var noTimeout = await Assert.ThrowsAsync<RpcException>(() => service.UpdateActivityOptionsAsync(new()
            {
                Namespace = "default",
                Execution = new() { WorkflowId = handle.Id },
                Id = ActivityId,
                ActivityOptions = new(),
                UpdateMask = new() { Paths = { "start_to_close_timeout" } },
            }));
            Assert.Equal(RpcException.StatusCode.InvalidArgument, noTimeout.Code);

            activities.Release();
            await handle.GetResultAsync().WaitAsync(TimeSpan.FromSeconds(30));
            var closed = await Assert.ThrowsAsync<RpcException>(() => UnpauseAsync(handle.Id));
            Assert.Equal(RpcException.StatusCode.NotFound, closed.Code);
        }, new ControlledCall("wait-until-released"));
    }

    private async Task RunAsync(ControlledActivities activities, Func<WorkflowHandle<ControlledActivityWorkflow, string>, Task> body, ControlledCall call)
    {
        using var worker = server.NewWorker(o => o.AddWorkflow<ControlledActivityWorkflow>().AddAllActivities(activities));
        await worker.ExecuteAsync(async () =>
        {
            var handle = await server.Client.StartWorkflowAsync(
                (ControlledActivityWorkflow wf) => wf.RunAsync(call), new(DevServerFixture.NewWorkflowId("control"), worker.Options.TaskQueue!));
            await body(handle);
        });
    }

    private Task PauseAsync(string workflowId, string requestId) =>
        server.Client.WorkflowService.PauseActivityAsync(new()
        {
            Namespace = "default",
            Execution = new() { WorkflowId = workflowId },
            Id = ActivityId,
            RequestId = requestId,
        });

    private Task UnpauseAsync(string workflowId) =>
        server.Client.WorkflowService.UnpauseActivityAsync(new()
        {
            Namespace = "default",
            Execution = new() { WorkflowId = workflowId },
            Id = ActivityId,
        });

    internal async Task<PendingActivityInfo> WaitForActivityAsync(string workflowId, Func<PendingActivityInfo, bool> condition)
    {
        PendingActivityInfo? found = null;
        await ChildWorkflowTests.WaitUntilAsync(async () =>
        {
            found = (await server.DescribeRawAsync(workflowId)).PendingActivities.FirstOrDefault(condition);
            return found is not null;
        });
        return found!;
    }

    private static async Task<T> ReadAsync<T>(System.Threading.Channels.ChannelReader<T> reader)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await reader.ReadAsync(timeout.Token);
    }
}
