using Release.Workflows.Release.Control;
using Release.Workflows.Release.Events;

namespace Release.Events.Tests;

public sealed class EventIdsTests
{
    private readonly CdEventsMapper cdEvents = new(SampleTransitions.Source);
    private readonly Seed004Mapper seed004 = new(SampleTransitions.Source);

    [Fact]
    public void UuidV5_RfcExample_MatchesTheRfc()
    {
        // RFC 9562 appendix A.4: the DNS namespace and www.example.com.
        var dns = new Guid("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

        Assert.Equal(new Guid("2ed6657d-e927-568b-95e1-2665a8aea6a2"), EventIds.UuidV5(dns, "www.example.com"));
    }

    [Fact]
    public void Map_SameTransitionTwice_RepublishesTheSameIds()
    {
        // A new record each time, as a retried activity would build it from its input.
        var first = SampleTransitions.All().SelectMany(Map).Select(e => e.Id).ToList();
        var again = SampleTransitions.All().SelectMany(Map).Select(e => e.Id).ToList();

        Assert.Equal(first, again);
    }

    [Fact]
    public void Map_EveryDifferentTransitionOrEvent_HasItsOwnId()
    {
        var ids = SampleTransitions.All().SelectMany(Map).Select(e => e.Id!).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Equal(5, Guid.Parse(id).Version));
    }

    [Fact]
    public void For_EachPartOfTheKey_ChangesTheId()
    {
        var release = SampleTransitions.Release;
        var at = SampleTransitions.At;
        var baseline = ReleaseTransition.PipelineStarted(release, at, SampleTransitions.Api, SampleTransitions.ApiPipeline);
        var variants = new[]
        {
            baseline with { Release = release with { WorkflowId = "release-shop-3.6.0" } },
            baseline with { Release = release with { RunId = "other-run" } },
            baseline with { Kind = TransitionKind.PipelineFinished },
            baseline with { Component = SampleTransitions.Web },
            baseline with { Attempt = 2 },
        };
        var type = CdEventTypes.TaskRunStarted;

        Assert.All(variants, v => Assert.NotEqual(EventIds.For(baseline, type), EventIds.For(v, type)));
        Assert.NotEqual(EventIds.For(baseline, type), EventIds.For(baseline, CdEventTypes.TaskRunFinished));
        // The time is not part of it: the same transition reported again later is still the same event.
        Assert.Equal(EventIds.For(baseline, type), EventIds.For(baseline with { At = at.AddMinutes(5) }, type));
    }

    [Fact]
    public void For_TwoDecisionsAboutOneComponent_DifferByAction()
    {
        var retry = ReleaseTransition.Decided(SampleTransitions.Release, new OperatorAction(OperatorActionKinds.Retry, "ana", "", SampleTransitions.At, "api"));
        var skip = ReleaseTransition.Decided(SampleTransitions.Release, new OperatorAction(OperatorActionKinds.Skip, "ana", "", SampleTransitions.At, "api"));

        Assert.NotEqual(EventIds.For(retry, CdEventTypes.DecisionMade), EventIds.For(skip, CdEventTypes.DecisionMade));
    }

    private IEnumerable<CloudNative.CloudEvents.CloudEvent> Map(ReleaseTransition t) => cdEvents.Map(t).Concat(seed004.Map(t));
}
