using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Release.Webhooks;
using Release.Worker.Settings;
using Temporalio.Extensions.Hosting;
using Temporalio.Worker;

namespace Release.Worker.Hosting;

/// <summary>
/// Runs the Temporal worker for the host. Unlike Temporalio.Extensions.Hosting's own service it
/// logs the two health milestones (connected, polling), turns start failures into one line and an
/// exit code, and says when it drains on shutdown. Workflows and activities still come from that
/// package's options builder, so <c>AddScopedActivities</c> and friends work as usual.
/// </summary>
internal sealed partial class ReleaseWorkerService(
    WorkerSettings settings,
    IOptionsMonitor<TemporalWorkerServiceOptions> workerOptions,
    ILoggerFactory loggerFactory,
    IHostApplicationLifetime lifetime,
    WorkerExit exit,
    Release.Events.IEventSink events,
    Release.Activities.Release.WebhookMode webhookMode) : BackgroundService
{
    private readonly ILogger logger = loggerFactory.CreateLogger<ReleaseWorkerService>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var temporal = settings.Temporal;
        var (client, problem, exitCode) = await new TemporalConnector(settings, loggerFactory).ConnectAsync(stoppingToken);
        if (client is null)
        {
            Fail(problem!, exitCode);
            return;
        }

        LogConnected(temporal.Address, temporal.Namespace);
        // The options builder names a worker's options after its task queue (no build id here).
        var options = (TemporalWorkerOptions)workerOptions.Get(temporal.TaskQueue).Clone();
        options.TaskQueue = temporal.TaskQueue;
        options.LoggerFactory ??= loggerFactory;
        options.GracefulShutdownTimeout = settings.GracefulShutdownTimeout;
        options.MaxCachedWorkflows = settings.MaxCachedWorkflows;
        options.MaxConcurrentActivities = settings.MaxConcurrentActivities;
        options.MaxConcurrentWorkflowTasks = settings.MaxConcurrentWorkflowTasks;
        await using var webhooks = await StartWebhooksAsync(client, stoppingToken);
        if (settings.Webhook is not null && webhooks is null)
        {
            return;
        }

        using var worker = new TemporalWorker(client, options);
        using var draining = stoppingToken.Register(() => LogDraining(settings.GracefulShutdownTimeout.TotalSeconds));
        LogPolling(temporal.TaskQueue, temporal.Namespace, options.Workflows.Count, options.Activities.Count);
        LogEvents(events.Describe());
        try
        {
            await worker.ExecuteAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The normal way out: the host is stopping and the worker has drained.
        }
        catch (Exception e)
        {
            LogWorkerFailed(e, e.Message);
            exit.Set(1);
            lifetime.StopApplication();
            return;
        }

        LogStopped(temporal.TaskQueue);
    }

    private async Task<WebhookReceiverHost?> StartWebhooksAsync(Temporalio.Client.ITemporalClient client, CancellationToken stoppingToken)
    {
        if (settings.Webhook is not { } webhook)
        {
            return null;
        }

        try
        {
            var loggers = new QuietHostingLoggerFactory(loggerFactory);
            var host = await WebhookReceiverHost.StartAsync(
                client, webhook.Secret, IPAddress.Parse(webhook.Ip), webhook.Port, loggers, new WebhookReceiverOptions { ProjectHeard = webhookMode.Heard }, stoppingToken);
            LogWebhooks(host.Url);
            return host;
        }
        catch (IOException e)
        {
            var reason = e.InnerException is System.Net.Sockets.SocketException or Microsoft.AspNetCore.Connections.AddressInUseException ? "the port is in use or not available" : e.Message.TrimEnd('.');
            Fail($"CircleCI webhook receiver cannot listen on {webhook.Ip}:{webhook.Port}: {reason}; set CIRCLECI_WEBHOOK_PORT (CircleCi:Webhook:Port) to a free port.", 2);
            return null;
        }
    }

    private void Fail(string problem, int exitCode)
    {
        LogStartFailed(problem);
        exit.Set(exitCode, problem);
        lifetime.StopApplication();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to Temporal at {Address}, namespace {Namespace}")]
    private partial void LogConnected(string address, string @namespace);

    [LoggerMessage(Level = LogLevel.Information, Message = "Release events go to {Destination}")]
    private partial void LogEvents(string destination);

    [LoggerMessage(Level = LogLevel.Information, Message = "Polling task queue {TaskQueue} in namespace {Namespace} ({WorkflowCount} workflows, {ActivityCount} activities)")]
    private partial void LogPolling(string taskQueue, string @namespace, int workflowCount, int activityCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Receiving CircleCI webhooks at {Url}")]
    private partial void LogWebhooks(Uri url);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: no new tasks; running activities have {GraceSeconds:0}s to finish")]
    private partial void LogDraining(double graceSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker stopped polling task queue {TaskQueue}")]
    private partial void LogStopped(string taskQueue);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Problem}")]
    private partial void LogStartFailed(string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "Worker failed: {Reason}")]
    private partial void LogWorkerFailed(Exception exception, string reason);
}
