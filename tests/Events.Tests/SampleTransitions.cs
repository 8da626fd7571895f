using Release.Workflows.Release;
using Release.Workflows.Release.Control;
using Release.Workflows.Release.Events;

namespace Release.Events.Tests;

/// <summary>One transition of every kind, of one release, as the workflow would report them.</summary>
internal static class SampleTransitions
{
    public static readonly Uri Source = new("https://release.example.com/orchestrator");

    public static readonly ReleaseIdentity Release = new(
        "release-shop-3.5.0", "0b6e7c1a-run-1", "shop", "3.5.0", "3.5.x",
        "http://localhost:8233/namespaces/default/workflows/release-shop-3.5.0/0b6e7c1a-run-1");

    public static readonly DateTimeOffset At = new(2026, 12, 3, 12, 34, 56, 789, TimeSpan.Zero);

    public static readonly ComponentVersion Api = new("api", "3.5.0", "3.5.x");
    public static readonly ComponentVersion Web = new("web", "3.5.1", "main");

    public const string ApiPipeline = "https://app.circleci.com/pipelines/gh/acme/api/42";

    public static IEnumerable<ReleaseTransition> All() =>
    [
        ReleaseTransition.Queued(Release, At),
        ReleaseTransition.Started(Release, At, [Api, Web]),
        ReleaseTransition.PipelineStarted(Release, At, Api, ApiPipeline),
        ReleaseTransition.PipelineFinished(Release, At, Api, ApiPipeline, "failed", "job test failed"),
        ReleaseTransition.Decided(Release, new OperatorAction(OperatorActionKinds.Retry, "ana", "flaky test", At, Component: "api")),
        ReleaseTransition.PipelineStarted(Release, At, Api, ApiPipeline, attempt: 2),
        ReleaseTransition.PipelineFinished(Release, At, Api, ApiPipeline, "succeeded", "all workflows succeeded", attempt: 2),
        ReleaseTransition.ComponentReleased(Release, At, Api, ApiPipeline, attempt: 2),
        ReleaseTransition.Approved(Release, new OperatorAction(OperatorActionKinds.Approve, "bo", "go", At, Stage: 2)),
        ReleaseTransition.Aborted(Release, new OperatorAction(OperatorActionKinds.Abort, "bo", "wrong branch", At)),
        ReleaseTransition.Resumed(Release, At, new ResumeFrom("0b6e7c1a-run-0", "ana", "branch fixed", [])),
        ReleaseTransition.Finished(Release, At, StageOutcomes.Succeeded, "every stage succeeded"),
    ];

    public static ReleaseTransition Of(TransitionKind kind) => All().First(t => t.Kind == kind);

    public static TheoryData<TransitionKind> Kinds() => new(Enum.GetValues<TransitionKind>());
}
