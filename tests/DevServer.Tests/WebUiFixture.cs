using Release.DevServer.Hosting;
using Temporalio.Client;
using Temporalio.Worker;

namespace DevServer.Tests;

/// <summary>
/// A dev server of its own with the web UI on a free port, and a worker for <see cref="WebUiWorkflows"/>.
/// Not the shared fixture: that one may point at an external server, whose UI these tests cannot reach.
/// </summary>
public sealed class WebUiFixture : IAsyncLifetime
{
    public const string OtherNamespace = "ui-other";

    private readonly CancellationTokenSource _stopWorker = new();
    private TemporalDevServer _server = null!;
    private Task _worker = Task.CompletedTask;

    public ITemporalClient Client { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;
    public string UiAddress { get; private set; } = "";
    public string TaskQueue { get; } = DevServerFixture.NewTaskQueue();

    public async Task InitializeAsync()
    {
        _server = await TemporalDevServer.StartAsync(new DevServerOptions
        {
            Port = 0,
            UiPort = 0,
            Headless = false,
            Namespaces = [OtherNamespace],
            PollTimeout = TimeSpan.FromSeconds(5),
        });
        UiAddress = _server.UiAddress ?? throw new InvalidOperationException("the server started without its web UI");
        Client = await TemporalClient.ConnectAsync(new(_server.Address) { Namespace = "default" });
        Http = new HttpClient { BaseAddress = new Uri(UiAddress), Timeout = TimeSpan.FromSeconds(30) };
        var worker = new TemporalWorker(Client, new TemporalWorkerOptions(TaskQueue)
            .AddWorkflow<WebUiWorkflows.UiReleaseWorkflow>()
            .AddWorkflow<WebUiWorkflows.UiFailingWorkflow>()
            .AddWorkflow<WebUiWorkflows.UiParentWorkflow>()
            .AddWorkflow<WebUiWorkflows.UiChildWorkflow>()
            .AddWorkflow<WebUiWorkflows.UiRetryingActivityWorkflow>()
            .AddWorkflow<CountdownWorkflow>()
            .AddWorkflow<WebUiWorkflows.UiHeartbeatWorkflow>()
            .AddWorkflow<WebUiMetadataWorkflows.UiCurrentDetailsWorkflow>()
            .AddActivity(WebUiMetadataWorkflows.Activities.Trigger)
            .AddActivity(WebUiWorkflows.Activities.FlakyDeploy)
            .AddActivity(WebUiWorkflows.Activities.UploadArtifactsAsync));
        _worker = RunWorkerAsync(worker);
    }

    private async Task RunWorkerAsync(TemporalWorker worker)
    {
        using (worker)
        {
            await worker.ExecuteAsync(_stopWorker.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>The UI address of a workflow's page.</summary>
    public string WorkflowUrl(string workflowId, string? runId = null, string ns = "default") =>
        $"{UiAddress}/workflow?namespace={Uri.EscapeDataString(ns)}&workflowId={Uri.EscapeDataString(workflowId)}"
        + (runId is null ? "" : $"&runId={Uri.EscapeDataString(runId)}");

    public string ListUrl(string? query = null) =>
        $"{UiAddress}/?namespace=default" + (query is null ? "" : $"&query={Uri.EscapeDataString(query)}");

    public async Task DisposeAsync()
    {
        await _stopWorker.CancelAsync();
        await _worker;
        Http.Dispose();
        await _server.DisposeAsync();
        _stopWorker.Dispose();
    }
}
