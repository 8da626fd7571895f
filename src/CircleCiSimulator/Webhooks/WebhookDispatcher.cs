using System.Net.Http.Headers;

namespace Release.CircleCiSimulator;

/// <summary>
/// Sends a signed <c>workflow-completed</c> webhook when a workflow of a triggered pipeline reaches
/// a terminal status, as CircleCI does. Pipelines are pure functions of time here, so the
/// dispatcher looks every few milliseconds for workflows that have just ended. Delivery is best
/// effort and once, like CircleCI's: receivers must still poll as a safety net.
/// </summary>
internal sealed class WebhookDispatcher(SimulatorState state, SimulatorOptions options, SimulatorStats stats, TimeProvider time)
    : BackgroundService
{
    private static readonly TimeSpan ScanInterval = TimeSpan.FromMilliseconds(10);

    private readonly HashSet<string> announced = new(StringComparer.Ordinal);
    // Pipeline id -> its workflow count when all had ended: a rerun adds one, and it is watched again.
    private readonly Dictionary<string, int> finishedPipelines = new(StringComparer.Ordinal);
    private readonly string webhookId = Guid.NewGuid().ToString();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var timer = new PeriodicTimer(ScanInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var (run, workflow) in NewlyCompleted())
            {
                _ = DeliverAsync(http, run, workflow, stoppingToken);
            }
        }
    }

    private List<(PipelineRun Run, WorkflowView Workflow)> NewlyCompleted()
    {
        var now = time.GetUtcNow();
        var completed = new List<(PipelineRun, WorkflowView)>();
        foreach (var run in state.AllPipelines())
        {
            if (finishedPipelines.TryGetValue(run.Id, out var count) && count == run.Plan.Workflows.Count)
            {
                continue;
            }

            var view = Timeline.Compute(run, now);
            var ended = view.Workflows.Where(w => JobStatuses.TerminalWorkflow.Contains(w.Status)).ToList();
            // The history's workflows ended before the simulator started: CircleCI sends nothing for the past.
            var past = view.Workflows.Take(run.PastWorkflows).Select(w => w.Plan.Id).ToHashSet(StringComparer.Ordinal);
            completed.AddRange(ended.Where(w => announced.Add(w.Plan.Id) && !past.Contains(w.Plan.Id)).Select(w => (run, w)));
            if (view.State == "errored" || (view.Workflows.Count > 0 && ended.Count == view.Workflows.Count))
            {
                finishedPipelines[run.Id] = run.Plan.Workflows.Count;
            }
        }

        return completed;
    }

    private async Task DeliverAsync(HttpClient http, PipelineRun run, WorkflowView workflow, CancellationToken cancellationToken)
    {
        var body = WorkflowCompletedPayload.Build(run, workflow, webhookId, time.GetUtcNow());
        using var request = new HttpRequestMessage(HttpMethod.Post, options.WebhookUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("circleci-event-type", "workflow-completed");
        request.Headers.Add("circleci-signature", WebhookSignature.Sign(options.WebhookSecret!, body));
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            stats.CountWebhook(response.IsSuccessStatusCode ? "delivered" : "rejected");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            stats.CountWebhook("unreachable");
        }
    }
}
