using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using Release.Events.Triggers;
using Release.Workflows.Release;
using Release.Workflows.Release.Events;

namespace Release.Events.Tests.Triggers;

public sealed class TriggerMatchTests
{
    private const string File = """
        triggers:
          - name: test-shop-on-api
            on:
              type: io.openci.ArtifactCreated
              where:
                artifactName: api
                projectBranch: "3.5.*"
            start:
              manifest: releases/shop-tests.json
              branch: "{{data.projectBranch}}"
              params: { api_version: "{{data.artifactVersion}}", from: "{{subject}} ({{id}})" }
          - name: promote
            on: { type: io.openci.ConfidenceLevelModified, where: { confidenceLevel.RELEASE: SUCCESS, baselineName: "shop-?.?.?" } }
            start: { manifest: releases/shop-tests.json, dry_run: true }
          - name: any-artifact
            on: { type: io.openci.ArtifactCreated }
            start: { manifest: releases/shop-tests.json, branch: "{{data.noSuchField}}" }
        """;

    private static readonly TriggersFile Triggers = TriggerFiles.Parse(File);
    private static readonly Seed004Mapper Seed004 = new(SampleTransitions.Source);

    [Fact]
    public void Match_ArtifactOfTheComponentOnTheBranch_StartRequestSubstituted()
    {
        var created = Artifact(new ComponentVersion("api", "3.5.2", "3.5.x"));

        var match = Triggers.Match(created).Single(m => m.Trigger == "test-shop-on-api");

        var start = Assert.IsType<TriggerStartRequest>(match.Start);
        Assert.Equal("3.5.x", start.Branch);
        Assert.Equal(new Dictionary<string, string> { ["api_version"] = "3.5.2", ["from"] = $"pkg:generic/api@3.5.2 ({created.Id})" }, start.Parameters);
        Assert.Equal($"trigger-test-shop-on-api-{created.Id}", start.WorkflowId);
        Assert.Equal((created.Id, "io.openci.ArtifactCreated", false), (start.EventId, start.EventType, start.DryRun));
        Assert.EndsWith(Path.Combine("releases", "shop-tests.json"), start.Manifest, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("web", "3.5.x")]
    [InlineData("api", "3.6.x")]
    [InlineData("api", "main")]
    [InlineData("API", "3.5.x")]
    public void Match_AnotherComponentOrBranch_NotThatTrigger(string component, string branch) =>
        Assert.DoesNotContain(Triggers.Match(Artifact(new ComponentVersion(component, "3.5.2", branch))), m => m.Trigger == "test-shop-on-api");

    [Fact]
    public void Match_SubstitutionOfAFieldTheEventLacks_NamesItAndStartsNothing()
    {
        var match = Triggers.Match(Artifact(new ComponentVersion("web", "1.0.0", "main"))).Single();

        Assert.Equal(("any-artifact", null), (match.Trigger, match.Start));
        Assert.Equal("the event has no data.noSuchField for {{data.noSuchField}}", match.Problem);
    }

    [Theory]
    [InlineData(StageOutcomes.Succeeded, true)]
    [InlineData(StageOutcomes.Failed, false)]
    [InlineData(StageOutcomes.Aborted, false)]
    public void Match_ConfidenceLevelOfTheBaseline_OnlyOnSuccess(string outcome, bool fires)
    {
        var finished = Seed004.Map(ReleaseTransition.Finished(SampleTransitions.Release, SampleTransitions.At, outcome, "why")).Single(e => e.Type == Seed004Mapper.ConfidenceLevelModified);

        var matches = Triggers.Match(finished);

        Assert.Equal(fires ? ["promote"] : [], matches.Select(m => m.Trigger));
        Assert.True(!fires || matches[0].Start!.DryRun);
    }

    [Fact]
    public void Match_AnEventReadFromTheWire_SameAsBuiltInProcess()
    {
        var built = Artifact(new ComponentVersion("api", "3.5.2", "3.5.x"));
        var formatter = new JsonEventFormatter();
        var wire = formatter.DecodeStructuredModeMessage(formatter.EncodeStructuredModeMessage(built, out var contentType), contentType, null);

        Assert.Contains(Triggers.Match(wire), m => m.Start is not null);
        Assert.Equal(Triggers.Match(built).Select(m => m.Start), Triggers.Match(wire).Select(m => m.Start), new StartComparer());
    }

    [Fact]
    public void Match_NumbersAndBooleansAsTheirJsonText_AnotherTypeNever()
    {
        var file = TriggerFiles.Parse("triggers:\n  - name: n\n    on: { type: x.y, where: { attempt: 2, ok: true } }\n    start: { manifest: releases/shop-tests.json }\n");
        CloudEvent Event(string type, JsonObject data) => new() { Id = "e-1", Source = SampleTransitions.Source, Type = type, Data = data, DataContentType = "application/json" };

        Assert.Single(file.Match(Event("x.y", new JsonObject { ["attempt"] = 2, ["ok"] = true })));
        Assert.Empty(file.Match(Event("x.y", new JsonObject { ["attempt"] = 3, ["ok"] = true })));
        Assert.Empty(file.Match(Event("x.y", new JsonObject { ["attempt"] = 2 })));
        Assert.Empty(file.Match(Event("x.y.z", new JsonObject { ["attempt"] = 2, ["ok"] = true })));
    }

    [Fact]
    public void WorkflowIds_SameEventSameId_AnEventIdNotAPlainWordHashed()
    {
        Assert.Equal(TriggerWorkflowIds.For("t", "13e01d14-52ff-501f-a615-8f0b5fb6cfb8"), TriggerWorkflowIds.For("t", "13e01d14-52ff-501f-a615-8f0b5fb6cfb8"));
        Assert.NotEqual(TriggerWorkflowIds.For("t", "e-1"), TriggerWorkflowIds.For("u", "e-1"));
        Assert.Matches("^trigger-t-[0-9a-f]{32}$", TriggerWorkflowIds.For("t", "urn:x/y z"));
        Assert.NotEqual(TriggerWorkflowIds.For("t", "urn:x/y z"), TriggerWorkflowIds.For("t", "urn:x/y y"));
    }

    private static CloudEvent Artifact(ComponentVersion component) =>
        Seed004.Map(ReleaseTransition.ComponentReleased(SampleTransitions.Release, SampleTransitions.At, component, SampleTransitions.ApiPipeline))
            .Single(e => e.Type == Seed004Mapper.ArtifactCreated);

    private sealed class StartComparer : IEqualityComparer<TriggerStartRequest?>
    {
        public bool Equals(TriggerStartRequest? x, TriggerStartRequest? y) =>
            x is null || y is null ? x is null && y is null
            : x with { Parameters = y.Parameters } == y && x.Parameters.OrderBy(p => p.Key).SequenceEqual(y.Parameters.OrderBy(p => p.Key));

        public int GetHashCode(TriggerStartRequest? obj) => obj?.WorkflowId.GetHashCode(StringComparison.Ordinal) ?? 0;
    }
}
