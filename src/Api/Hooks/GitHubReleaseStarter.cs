using Octokit.Webhooks.Events;
using Release.Releases.Operations;
using Release.Workflows.Manifest;
using Release.Workflows.Release;
using Temporalio.Client;

namespace Release.Api.Hooks;

/// <summary>What a push delivery came to.</summary>
/// <param name="Status">started, duplicate or ignored.</param>
/// <param name="Release">The release it started, or for a duplicate the one the first delivery started.</param>
public sealed record PushOutcome(string Status, string Reason, ReleaseState? Release = null, ReleaseTrigger? Trigger = null, string? StartedBy = null);

/// <summary>
/// Starts the release a push asks for (<see cref="GitHubReleaseRules"/>): the manifest as it is at
/// the pushed commit, read from the checkout after fetching that commit, started as
/// <c>release start</c> would, with the GitHub user who pushed recorded in the workflow's memo.
/// </summary>
public sealed class GitHubReleaseStarter(GitHubHookSettings rules, GitHubDeliveries deliveries, ITemporalClient client, string taskQueue)
{
    public const string StartedByMemo = "started_by";
    public const string TriggeredByMemo = "triggered_by";

    // GitHub gives up on an answer after 10 s, but a start under way is carried through, so that
    // the redelivery a person then asks for finds it (a duplicate) instead of starting again.
    private static readonly TimeSpan Budget = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(60);

    // One delivery at a time from the duplicate check to the record of its start: two copies of
    // a delivery arriving together would otherwise both start. Release pushes are rare, so the
    // queue is short; git fetches in one checkout would take turns on its locks anyway.
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly GitCheckout checkout = new(rules.Checkout);

    /// <exception cref="ArgumentException">The payload lacks what every push has.</exception>
    /// <exception cref="GitException">The commit or its manifest could not be read.</exception>
    /// <exception cref="ReleaseOperationException">The manifest cannot start a release, or that release is already running.</exception>
    public async Task<PushOutcome> HandleAsync(PushEvent push, string delivery)
    {
        ArgumentNullException.ThrowIfNull(push);
        if (GitHubReleaseRules.Match(push, rules, out var reason) is not { } trigger)
        {
            return new PushOutcome("ignored", reason);
        }

        using var budget = new CancellationTokenSource(Budget);
        await gate.WaitAsync(budget.Token);
        try
        {
            if (deliveries.Find(delivery) is { } first)
            {
                return new PushOutcome(
                    "duplicate", $"delivery {delivery} was received before and started {first.WorkflowId}; nothing new started",
                    await ReleaseLookup.GetAsync(client, first.WorkflowId, budget.Token), trigger, first.Sender);
            }

            if (!await checkout.HasAsync(trigger.Commit, budget.Token))
            {
                await checkout.FetchAsync(rules.Remote, trigger.Ref, trigger.Commit, FetchTimeout, budget.Token);
            }

            var source = trigger.Describe(rules.ManifestPath);
            if (await checkout.ShowAsync(trigger.Commit, rules.ManifestPath, budget.Token) is not { } manifest)
            {
                return new PushOutcome("ignored", $"{reason}, but there is no {source}", Trigger: trigger);
            }

            var startedBy = $"github:{push.Sender?.Login ?? push.Pusher?.Name ?? "unknown"}";
            var input = Input(manifest, source, trigger);
            var memo = new Dictionary<string, object>
            {
                [StartedByMemo] = startedBy,
                [TriggeredByMemo] = $"GitHub push of {trigger.Kind} {trigger.Name} at {trigger.Commit} in {rules.Repository}, delivery {delivery}",
            };
            var handle = await ReleaseStarter.StartAsync(client, taskQueue, input, _ => { }, budget.Token, memo);
            deliveries.Remember(new StartedDelivery(delivery, handle.Id, handle.ResultRunId ?? "", trigger.Ref, trigger.Commit, startedBy));
            return new PushOutcome("started", reason, await ReleaseLookup.GetAsync(client, handle.Id, budget.Token), trigger, startedBy);
        }
        finally
        {
            gate.Release();
        }
    }

    private static ReleaseInput Input(byte[] manifest, string source, ReleaseTrigger trigger)
    {
        var parsed = ManifestParser.Parse(manifest);
        if (!parsed.IsValid)
        {
            var more = parsed.Errors.Count > 1 ? $" (and {parsed.Errors.Count - 1} more)" : "";
            throw ReleaseOperationException.Invalid($"invalid manifest {source}: {parsed.Errors[0]}{more}; fix it and push again");
        }

        var plan = ExecutionPlanner.Build(parsed.Manifest, new PlanOptions { Branch = trigger.ComponentBranch });
        return ReleaseRequests.Prepare(
            plan,
            new ReleaseSettings(Branch: trigger.ComponentBranch),
            source,
            allowEmpty: false,
            emptyHint: "bump the versions to release to snapshots and push again",
            branchField: "RELEASE_API_GITHUB_TAG_BRANCH (the tag's push names no base branch)");
    }
}
